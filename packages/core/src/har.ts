/**
 * @ldn-twin/core/har: record HTTP traffic to a HAR 1.2 archive (credentials redacted) and replay it
 * offline, as tests and demos do.
 * @packageDocumentation
 */
export {
  type HarArchive,
  type HarContent,
  type HarCreator,
  type HarEntry,
  type HarLog,
  type HarNameValue,
  type HarPostData,
  type HarRecorder,
  type HarRequest,
  type HarResponse,
  type HarTimings,
  parseHar,
  type RecordHarOptions,
  type ReplayHarOptions,
  recordHar,
  replayHar,
  stringifyHar,
} from './http/har.js';

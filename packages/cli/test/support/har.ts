/** A HAR archive file of JSON answers, for CLI runs with `--har-replay`. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One recorded GET answering `text` as JSON with `status`. */
function entry(url: string, status: number, text: string) {
  return {
    startedDateTime: '2026-12-07T00:00:00.000Z',
    time: 0,
    request: {
      method: 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      headers: [],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'content-type', value: 'application/json' }],
      cookies: [],
      content: { size: text.length, mimeType: 'application/json', text },
      redirectURL: '',
      headersSize: -1,
      bodySize: text.length,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
  };
}

/** Writes an archive of `answers` (url, status, body) to a new temporary file and returns its path. */
export function harFile(name: string, answers: readonly (readonly [string, number, string])[]): string {
  const archive = {
    log: {
      version: '1.2',
      creator: { name: 'ldn-twin test', version: '0' },
      entries: answers.map(([url, status, text]) => entry(url, status, text)),
    },
  };
  const file = join(mkdtempSync(join(tmpdir(), 'ldn-twin-')), name);
  writeFileSync(file, JSON.stringify(archive));
  return file;
}

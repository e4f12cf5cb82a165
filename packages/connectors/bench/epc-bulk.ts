// Streaming import of EPC bulk certificates CSVs, both registers' formats: 1 GiB each, generated on
// the fly (never on disk), cut into 64 KiB byte chunks at arbitrary places, streamed through
// `epc.importCsv` (tokenise, parse, map, validate every record). Each run is a fresh child process
// (this script bundled with esbuild, as an application ships) with Node's default flags, so its peak
// RSS is its own. Reports rows/s, MB/s and peak RSS
// (targets: at least 20,000 rows/s, under 200 MB), and, as a same-process baseline run after the
// import (so it cannot raise the import's peak), the bare tokenizer on 256 MiB: the import's speed as
// a ratio of it. Writes a JSON summary to .artifacts/bench/epc-bulk.json. Figures: docs/epc.md.
//
// Run after a build (from the repository root):
//   pnpm --filter @ldn-twin/connectors build && node packages/connectors/bench/epc-bulk.ts [MiB] [runs]
// MiB: the size of each file (default 1024); runs: imports per format, each in its own process
// (default 1; the summary gives the median and range).
//
// The legacy file is the recorded v1 row with the bulk files' UPPER_SNAKE header. The new-2026 file has
// the documented shape only (no bulk file is recorded): the replacement register's data dictionary
// keys rows by CERTIFICATE_NUMBER instead of LMK_KEY and adds REPORT_TYPE.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { epc } from '@ldn-twin/connectors/epc';
import { CsvParser, type CsvRow, connect, createClient } from '@ldn-twin/core';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;
const TARGET = { rowsPerSecond: 20_000, peakRssMb: 200 };
const FORMATS = ['legacy', 'new-2026'] as const;
type Format = (typeof FORMATS)[number];

interface Run {
  readonly format: Format;
  readonly megabytes: number;
  readonly received: number;
  readonly mapped: number;
  readonly failed: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** Rows per second of this process's CPU time (user + system): steadier than rows/s on a shared machine. */
  readonly rowsPerCpuSecond: number;
  readonly megabytesPerSecond: number;
  readonly peakRssMb: number;
  readonly startRssMb: number;
  readonly tokenizerMegabytesPerSecond: number;
  /** The import's MB/s over the bare tokenizer's, in the same process. */
  readonly vsTokenizer: number;
}

if (process.argv[2] === '--child') {
  const [format, mebibytes, fixture] = process.argv.slice(3) as [Format, string, string];
  const run = await importOnce(format, Number(mebibytes) * MiB, fixture);
  process.stdout.write(`${JSON.stringify(run)}\n`);
} else {
  const mebibytes = Number(process.argv[2] ?? 1024);
  const runs = Number(process.argv[3] ?? 1);
  // The real row, beside this script or (for a bundle run from the repository root) from the root.
  const FIXTURE = 'test/fixtures/epc/epc-domestic-search-row-hammersmith.json';
  const besideScript = fileURLToPath(new URL(`../${FIXTURE}`, import.meta.url));
  const fixture = existsSync(besideScript) ? besideScript : `packages/connectors/${FIXTURE}`;
  // The child is this script bundled, as an application would ship it: run as TypeScript, Node's
  // type stripper alone would add some 60 MB to every process's RSS.
  const dir = new URL('../../../.artifacts/bench/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const child = fileURLToPath(new URL('epc-bulk-child.mjs', dir));
  const { build } = await import('esbuild');
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: child,
    logLevel: 'warning',
  });
  const results: Record<string, Run[]> = {};
  for (const format of FORMATS) {
    results[format] = [];
    for (let i = 0; i < runs; i++) {
      // A fresh process with Node's default flags: no heap settings a user would have to know.
      const out = execFileSync(process.execPath, [child, '--child', format, String(mebibytes), fixture], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const run = JSON.parse(out.trim().split('\n').at(-1) as string) as Run;
      results[format].push(run);
      console.log(
        `${format} run ${i + 1}: ${run.received} rows (${run.mapped} mapped, ${run.failed} failed) in ${run.seconds.toFixed(1)} s: ` +
          `${Math.round(run.rowsPerSecond).toLocaleString('en-GB')} rows/s (${Math.round(run.rowsPerCpuSecond).toLocaleString('en-GB')} per CPU second), ${run.megabytesPerSecond.toFixed(1)} MB/s, ` +
          `peak RSS ${run.peakRssMb.toFixed(0)} MB (${run.startRssMb.toFixed(0)} MB before the import); ` +
          `tokenizer alone ${run.tokenizerMegabytesPerSecond.toFixed(1)} MB/s, import ${run.vsTokenizer.toFixed(3)}x it`,
      );
    }
  }
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = Number.isInteger(mid)
      ? ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
      : (sorted[Math.floor(mid)] as number);
    return { median, min: sorted[0] as number, max: sorted.at(-1) as number };
  };
  const summary = {
    node: process.version,
    mebibytes,
    runs,
    flags: 'node defaults',
    target: TARGET,
    formats: Object.fromEntries(
      Object.entries(results).map(([format, list]) => [
        format,
        {
          rows: list[0]?.received,
          rowsPerSecond: stats(list.map((r) => r.rowsPerSecond)),
          rowsPerCpuSecond: stats(list.map((r) => r.rowsPerCpuSecond)),
          peakRssMb: stats(list.map((r) => r.peakRssMb)),
          vsTokenizer: stats(list.map((r) => r.vsTokenizer)),
          runs: list,
        },
      ]),
    ),
  };
  for (const [format, s] of Object.entries(summary.formats)) {
    const rate = s.rowsPerSecond;
    const rss = s.peakRssMb;
    console.log(
      `${format}: ${Math.round(rate.median).toLocaleString('en-GB')} rows/s (range ${Math.round(rate.min)}-${Math.round(rate.max)}; target at least ${TARGET.rowsPerSecond}): ${rate.median >= TARGET.rowsPerSecond ? 'met' : 'NOT met'}; ` +
        `peak RSS ${rss.median.toFixed(0)} MB (range ${rss.min.toFixed(0)}-${rss.max.toFixed(0)}; target under ${TARGET.peakRssMb}): ${rss.median < TARGET.peakRssMb ? 'met' : 'NOT met'}; ` +
        `${s.vsTokenizer.median.toFixed(3)}x the bare tokenizer`,
    );
  }
  writeFileSync(new URL('epc-bulk.json', dir), `${JSON.stringify(summary, null, 2)}\n`);
}

/** One import of a generated file of `totalBytes` in `format`, then the tokenizer baseline. */
async function importOnce(format: Format, totalBytes: number, fixture: string): Promise<Run> {
  const { header, rows } = bulkFile(format, fixture);
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const certificates = connect(epc, { client: createClient({ cache: false }) });
  // A bulk file holds more than the call bounds' defaults (1,000,000 records, 10,000 pages).
  const stream = certificates.importCsv(
    { csv: generate(header, rows, totalBytes) },
    { maxRecords: Number.POSITIVE_INFINITY, maxPages: Number.POSITIVE_INFINITY },
  );
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let records = 0;
  const key = format === 'legacy' ? 'lmkKey' : 'certificateNumber';
  for await (const record of stream) {
    records += 1;
    if (records % 10_000 === 0) sample();
    if (!record.properties.attributes[key]) throw new Error(`a record without its ${key}`);
  }
  sample();
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const { received, mapped, failed } = stream.report;
  if (received !== mapped + failed || records !== mapped) {
    throw new Error(`the account does not add up: ${JSON.stringify(stream.report)}`);
  }

  // Baseline, after the import so it cannot raise the import's peak RSS: the tokenizer alone.
  const size = Math.min(totalBytes, 256 * MiB);
  const decoder = new TextDecoder();
  const parser = new CsvParser();
  let out: CsvRow[] = [];
  const tokenizerStart = performance.now();
  for await (const chunk of generate(header, rows, size)) {
    parser.push(decoder.decode(chunk, { stream: true }), out);
    out = [];
  }
  parser.end(out);
  const tokenizerSeconds = (performance.now() - tokenizerStart) / 1000;
  const megabytesPerSecond = totalBytes / 1e6 / seconds;
  const tokenizerMegabytesPerSecond = size / 1e6 / tokenizerSeconds;
  return {
    format,
    megabytes: totalBytes / 1e6,
    received,
    mapped,
    failed,
    seconds,
    rowsPerSecond: received / seconds,
    rowsPerCpuSecond: received / cpuSeconds,
    megabytesPerSecond,
    peakRssMb: peakRss / 1e6,
    startRssMb: startRss / 1e6,
    tokenizerMegabytesPerSecond,
    vsTokenizer: megabytesPerSecond / tokenizerMegabytesPerSecond,
  };
}

/**
 * The header and a 4 MiB block of whole, varied rows (some quoted fields with commas) of one format,
 * made from the real row: repeated cyclically and cut at arbitrary offsets, the stream is valid CSV
 * and costs nothing to produce.
 */
function bulkFile(format: Format, fixture: string): { header: Uint8Array; rows: Uint8Array } {
  const recorded = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, string>;
  const row: Record<string, string> = {};
  for (const [name, value] of Object.entries(recorded)) {
    if (format === 'new-2026' && name === 'lmk-key') row['certificate-number'] = '0000-0000-0000-0000-0000';
    else row[name] = value;
  }
  if (format === 'new-2026') row['report-type'] = '100';
  const key = format === 'legacy' ? 'lmk-key' : 'certificate-number';
  const header = `${Object.keys(row)
    .map((k) => k.toUpperCase().replace(/-/g, '_'))
    .join(',')}\r\n`;
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const bands = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 4 * MiB; i++) {
    const number = String(i).padStart(20, '0');
    const values = {
      ...row,
      [key]: format === 'legacy' ? String(1_000_000_000_000 + i) : number.replace(/(\d{4})(?!$)/g, '$1-'),
      uprn: String(10_000_000 + i),
      address1: `${i % 300} Lillie Road, Flat ${i % 7}`,
      address: `${i % 300} Lillie Road, Flat ${i % 7}`,
      'current-energy-rating': bands[i % 7] as string,
      'current-energy-efficiency': String(20 + (i % 80)),
      'co2-emissions-current': ((i % 90) / 10).toFixed(1),
      'total-floor-area': String(30 + (i % 200)),
    };
    const line = `${Object.values(values).map(quote).join(',')}\r\n`;
    lines.push(line);
    bytes += Buffer.byteLength(line);
  }
  const encoder = new TextEncoder();
  return { header: encoder.encode(header), rows: encoder.encode(lines.join('')) };
}

/** The header, then `size` bytes of the block repeated, in 64 KiB chunks, ending on a whole row. */
async function* generate(header: Uint8Array, rows: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  yield header;
  let sent = 0;
  let at = 0;
  while (sent < size) {
    const length = Math.min(CHUNK, size - sent);
    let chunk: Uint8Array;
    if (at + length <= rows.length) chunk = rows.subarray(at, at + length);
    else {
      chunk = new Uint8Array(length);
      const head = rows.length - at;
      chunk.set(rows.subarray(at), 0);
      chunk.set(rows.subarray(0, length - head), head);
    }
    at = (at + length) % rows.length;
    sent += length;
    yield chunk;
  }
  // Finish the row the last chunk cut, so every row is whole.
  if (at !== 0) yield rows.subarray(at, rows.indexOf(10, at) + 1);
}

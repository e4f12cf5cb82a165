// Streaming import of an EPC bulk certificates CSV: 1 GiB generated on the fly (never on disk), cut
// into 64 KiB byte chunks at arbitrary places, streamed through `epc.importCsv` (tokenise, parse,
// map, validate). Reports rows/s, MB/s and peak RSS (target: under 200 MB, flat whatever the size),
// and, as a same-process baseline run after the import, the bare tokenizer's MB/s on 256 MiB.
// Figures and their reading: docs/epc.md, "Benchmark".
//
// Run manually, not in tests (from the repository root):
//   after a build:                pnpm --filter @ldn-twin/connectors build && node packages/connectors/bench/epc-bulk.ts
//   from the sources, no build:   esbuild packages/connectors/bench/epc-bulk.ts --bundle \
//     --platform=node --format=esm --tsconfig=tsconfig.json --outfile=/tmp/epc-bulk.mjs && node /tmp/epc-bulk.mjs
// Optional argument: the size in MiB (default 1024). Node's default heap lets garbage pile up to about
// 227 MB peak RSS; a bulk job should run with `node --max-semi-space-size=2 --max-old-space-size=96`
// (135 MB peak for 1 GiB, measured): the live set is one chunk and one batch.
import { existsSync, readFileSync } from 'node:fs';
import { epc } from '@ldn-twin/connectors/epc';
import { CsvParser, type CsvRow, connect, createClient } from '@ldn-twin/core';

const MiB = 1024 * 1024;
const totalBytes = Number(process.argv[2] ?? 1024) * MiB;
const CHUNK = 64 * 1024;

// The real row, beside this script or (for a bundle run from the repository root) from the root.
const FIXTURE = 'test/fixtures/epc/epc-domestic-search-row-hammersmith.json';
const besideScript = new URL(`../${FIXTURE}`, import.meta.url);
const row = JSON.parse(
  readFileSync(existsSync(besideScript) ? besideScript : `packages/connectors/${FIXTURE}`, 'utf8'),
) as Record<string, string>;

// The bulk files' UPPER_SNAKE header; the connector normalises it to the API's kebab case.
const header = `${Object.keys(row)
  .map((k) => k.toUpperCase().replace(/-/g, '_'))
  .join(',')}\r\n`;
const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const bands = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];

// A 4 MiB block of whole, varied rows (some quoted fields with commas), repeated cyclically and cut
// at arbitrary offsets: the stream is valid CSV and costs nothing to produce.
function block(): Uint8Array {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 4 * MiB; i++) {
    const values = {
      ...row,
      'lmk-key': String(1_000_000_000_000 + i),
      uprn: String(10_000_000 + i),
      address1: `${i % 300} Lillie Road, Flat ${i % 7}`,
      address: `${i % 300} Lillie Road, Flat ${i % 7}`,
      'current-energy-rating': bands[i % 7]!,
      'current-energy-efficiency': String(20 + (i % 80)),
      'co2-emissions-current': ((i % 90) / 10).toFixed(1),
      'total-floor-area': String(30 + (i % 200)),
    };
    const line = `${Object.values(values).map(quote).join(',')}\r\n`;
    lines.push(line);
    bytes += Buffer.byteLength(line);
  }
  return new TextEncoder().encode(lines.join(''));
}
const rows = block();

async function* generate(size: number): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(header);
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

const startRss = process.memoryUsage().rss;
let peakRss = startRss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

const certificates = connect(epc, { client: createClient({ cache: false }) });
const stream = certificates.importCsv({ csv: generate(totalBytes) });
const start = performance.now();
let records = 0;
for await (const record of stream) {
  records += 1;
  if (records % 10_000 === 0) sample();
  if (!record.properties.attributes.lmkKey) throw new Error('a record without its lmk-key');
}
sample();
const seconds = (performance.now() - start) / 1000;
const { report } = stream;
console.log(
  [
    `importCsv: ${(totalBytes / 1e6).toFixed(0)} MB (${totalBytes / MiB} MiB) in ${seconds.toFixed(1)} s`,
    `rows: ${report.received} received, ${report.mapped} mapped, ${report.failed} failed`,
    `${Math.round(report.received / seconds).toLocaleString('en-GB')} rows/s, ${(totalBytes / 1e6 / seconds).toFixed(1)} MB/s`,
    `peak RSS ${(peakRss / 1e6).toFixed(0)} MB (${(startRss / 1e6).toFixed(0)} MB before the import; node ${process.version})`,
  ].join('\n'),
);

// Baseline, after the import so it cannot raise the import's peak RSS: the tokenizer alone.
{
  const size = Math.min(totalBytes, 256 * MiB);
  const decoder = new TextDecoder();
  const parser = new CsvParser();
  let out: CsvRow[] = [];
  let count = 0;
  const start = performance.now();
  for await (const chunk of generate(size)) {
    parser.push(decoder.decode(chunk, { stream: true }), out);
    count += out.length;
    out = [];
  }
  parser.end(out);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `tokenizer only: ${(size / 1e6).toFixed(0)} MB, ${count} rows, ${(size / 1e6 / seconds).toFixed(1)} MB/s`,
  );
}

// Checks an executed copy of notebook.ipynb: every code cell ran without an error, the cells printed
// what the recorded archive holds (counted here from the archive's raw bodies, not from ldn-twin),
// the chart and the map are SVG, and the GeoJSON and CSV exports are there and valid.
// Exits 1 naming every failed check.
//   node check.ts <executed.ipynb> <exports dir> [archive.har]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSV_ENVELOPE_COLUMNS } from '@ldn-twin/core';
import { BOROUGH_ATTRIBUTION, BOROUGHS } from '@ldn-twin/geo';

const [notebookPath, exportsDir, harPath = '../../packages/cli/data/offline.har'] = process.argv.slice(2);
if (!notebookPath || !exportsDir) {
  console.error('usage: node check.ts <executed.ipynb> <exports dir> [archive.har]');
  process.exit(2);
}

type Text = string | string[];
interface Output {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
  name?: string;
  text?: Text;
  data?: Record<string, Text>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  id?: string;
  execution_count?: number | null;
  source: Text;
  outputs?: Output[];
}

const failures: string[] = [];
const passed: string[] = [];
function check(ok: boolean, what: string): void {
  (ok ? passed : failures).push(what);
}
const joined = (text: Text | undefined) => (Array.isArray(text) ? text.join('') : (text ?? ''));

const notebook = JSON.parse(readFileSync(notebookPath, 'utf8')) as { cells: Cell[] };
const code = notebook.cells.filter((c) => c.cell_type === 'code');
const outputs = code.flatMap((c) => c.outputs ?? []);
const rich = outputs.flatMap((o) =>
  o.output_type === 'display_data' || o.output_type === 'execute_result'
    ? Object.entries(o.data ?? {}).map(([type, value]) => ({ type, value: joined(value) }))
    : [],
);
// What the cells showed as text: printed lines and displayed text (tables, summaries).
const shown = [
  ...outputs.filter((o) => o.output_type === 'stream' && o.name === 'stdout').map((o) => joined(o.text)),
  ...rich.filter((r) => r.type === 'text/plain').map((r) => r.value),
].join('\n\n');
const lines = new Set(shown.split('\n').map((line) => line.trim()));

// 1. Every cell ran, none failed.
check(code.length > 0, `the notebook has code cells (${code.length})`);
const unrun = code.filter((c) => typeof c.execution_count !== 'number');
check(
  unrun.length === 0,
  `every code cell ran (${unrun.length} did not: ${unrun.map((c) => c.id).join(', ')})`,
);
for (const error of outputs.filter((o) => o.output_type === 'error')) {
  failures.push(`a cell failed: ${error.ename}: ${(error.evalue ?? '').split('\n')[0]}`);
}
const stderr = outputs
  .filter((o) => o.output_type === 'stream' && o.name === 'stderr')
  .map((o) => joined(o.text));
check(!stderr.some((t) => /error/i.test(t)), 'no error on stderr');

// 2. What the archive holds, from its raw bodies.
interface HarEntry {
  request: { url: string };
  response: { content: { text?: string; encoding?: string } };
}
const har = JSON.parse(readFileSync(harPath, 'utf8')) as { log: { entries: HarEntry[] } };
const body = (path: string): unknown => {
  const entry = har.log.entries.find((e) => new URL(e.request.url).pathname === path);
  const content = entry?.response.content;
  if (!content?.text) return undefined;
  const text =
    content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
  return JSON.parse(text);
};
const entities = ((body('/entity.json') as { entities?: { name?: string; reference?: string }[] } | undefined)
  ?.entities ?? []) as { name?: string; reference?: string }[];
const intensity = body('/regional/regionid/13') as
  | { data: { data: { intensity: { forecast: number } }[] }[] }
  | undefined;
const forecasts = intensity?.data[0]?.data.map((d) => d.intensity.forecast) ?? [];
check(entities.length > 0, `the archive holds planning.data entities (${entities.length})`);

// 3. The site's constraints: the count, the table rows, the names.
check(lines.has(`constraints: ${entities.length}`), `shows "constraints: ${entities.length}"`);
const tables = tablesIn(shown);
const constraintTable = tables.find((t) => t.header.includes('constraint'));
check(
  constraintTable?.rows.length === entities.length,
  `the constraints table has ${entities.length} rows (found ${constraintTable?.rows.length ?? 'no table'})`,
);
for (const entity of entities) {
  const label = entity.name || entity.reference || '';
  check(
    label !== '' && constraintTable?.rows.some((row) => row.includes(label)) === true,
    `the constraint "${label}" is in the table`,
  );
}
check(
  /in Lambeth \(E09000022\), Inner London\./.test(shown),
  'the summary names the borough (Lambeth, E09000022)',
);

// 4. The borough table.
const inner = BOROUGHS.filter((b) => b.inner).length;
const boroughTable = tables.find((t) => t.header.includes('hectares'));
check(
  boroughTable?.rows.length === BOROUGHS.length,
  `the borough table has ${BOROUGHS.length} rows (found ${boroughTable?.rows.length ?? 'no table'})`,
);
check(
  BOROUGHS.every((b) => boroughTable?.rows.some((row) => row.includes(b.code) && row.includes(b.name))),
  'every borough is in the table with its GSS code',
);
const hectares = boroughTable?.rows.map((row) => Number(row.at(-1))) ?? [];
check(
  hectares.length > 0 && hectares.every((h) => Number.isFinite(h) && h > 0),
  'every borough has a positive area',
);
check(
  lines.has(`boroughs: ${BOROUGHS.length} (${inner} Inner London, ${BOROUGHS.length - inner} Outer London)`),
  `shows "boroughs: ${BOROUGHS.length} (${inner} Inner London, ...)"`,
);

// 5. The chart and the map.
const svgs = rich.filter((r) => /^(text\/html|image\/svg\+xml)$/.test(r.type) && r.value.includes('<svg'));
const chart = svgs.find((r) => r.value.includes("London's boroughs by area"));
check(chart !== undefined, 'the chart is displayed as SVG');
check(
  count(chart?.value ?? '', '<rect') >= BOROUGHS.length,
  `the chart has a bar per borough (${count(chart?.value ?? '', '<rect')} rects)`,
);
check(
  BOROUGHS.every((b) => (chart?.value ?? '').includes(`>${escapeXml(b.name)}<`)),
  'the chart labels every borough',
);
const map = rich.find((r) => r.type === 'image/svg+xml');
check(map?.value.trimStart().startsWith('<svg') === true, 'the map is displayed as an SVG image');
check(
  (map?.value ?? '').includes('xmlns="http://www.w3.org/2000/svg"'),
  'the map SVG is a standalone document',
);
check(count(map?.value ?? '', '<path') > BOROUGHS.length, 'the map draws the boroughs and the records');
check(
  count(map?.value ?? '', '<circle') >= 1 && (map?.value ?? '').includes('the site'),
  'the map marks the site',
);
check(/map: 1 of \d+ records with a geometry \(Lambeth\)/.test(shown), 'the map draws the Lambeth record');

// 6. Energy: the half hour in the archive.
check(forecasts.length > 0, `the archive holds London's carbon intensity (${forecasts.length} half hours)`);
check(
  shown.includes(`forecast carbon intensity: ${forecasts.length} half hour`) &&
    (forecasts.length !== 1 || shown.includes(`: ${forecasts[0]} gCO2/kWh`)),
  `shows the recorded intensity (${forecasts.join(', ')} gCO2/kWh)`,
);

// 7. The exports.
const features = entities.length + 1; // the constraints and the borough
let ids: string[] = [];
try {
  const geojson = JSON.parse(readFileSync(join(exportsDir, 'lambeth-site.geojson'), 'utf8')) as {
    type?: string;
    features?: { type?: string; id?: string; properties?: { licence?: { attribution?: string[] } } }[];
  };
  check(geojson.type === 'FeatureCollection', 'the GeoJSON is a FeatureCollection');
  check(
    geojson.features?.length === features,
    `the GeoJSON has ${features} features (${geojson.features?.length})`,
  );
  check(
    geojson.features?.every((f) => f.type === 'Feature' && typeof f.id === 'string') === true,
    'every GeoJSON feature is a Feature with an id',
  );
  check(
    geojson.features?.every((f) => (f.properties?.licence?.attribution?.length ?? 0) > 0) === true,
    'every GeoJSON feature carries its attribution',
  );
  ids = geojson.features?.map((f) => f.id ?? '') ?? [];
} catch (error) {
  failures.push(`the GeoJSON export is missing or not JSON: ${(error as Error).message}`);
}
check(
  shown.includes(`geojson: ${features} features written`),
  `shows "geojson: ${features} features written"`,
);
try {
  const rows = parseCsv(readFileSync(join(exportsDir, 'lambeth-site.csv'), 'utf8'));
  const [header = [], ...records] = rows;
  check(
    CSV_ENVELOPE_COLUMNS.every((column, i) => header[i] === column),
    'the CSV header starts with the envelope columns',
  );
  check(header.includes('attributes.constraintType'), 'the CSV has the attribute columns');
  check(records.length === features, `the CSV has ${features} rows (${records.length})`);
  check(
    records.every((row) => row.length === header.length),
    'every CSV row has as many cells as the header',
  );
  check(
    JSON.stringify(records.map((row) => row[0])) === JSON.stringify(ids),
    'the CSV rows are the GeoJSON features',
  );
  const attribution = header.indexOf('attribution');
  check(
    records.every((row) => (row[attribution] ?? '') !== ''),
    'every CSV row carries its attribution',
  );
} catch (error) {
  failures.push(`the CSV export is missing: ${(error as Error).message}`);
}
check(shown.includes(`csv: ${features} rows written`), `shows "csv: ${features} rows written"`);

// 8. Credits.
check(
  BOROUGH_ATTRIBUTION.every((statement) => lines.has(statement)),
  'the credits include the boundaries statement',
);
check(shown.includes('carbonintensity.org.uk'), 'the credits include the Carbon Intensity API');
// Historic England's statement (its planning.data datasets' own) as text: "[date]" filled with a
// day, its markdown link written "text (address)", its lines one.
const historic = [...lines].find((line) => line.startsWith('© Historic England'));
check(
  historic !== undefined &&
    /was obtained on \d{4}-\d{2}-\d{2}\. /.test(historic) &&
    historic.endsWith('HistoricEngland.org.uk (https://historicengland.org.uk).'),
  "the credits show Historic England's statement as text, its [date] filled and its link written out",
);
check(!shown.includes('[date]'), 'nothing shown holds a [date] placeholder');

for (const what of passed) console.log(`ok   ${what}`);
for (const what of failures) console.log(`FAIL ${what}`);
console.log(`${passed.length} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);

/** The Markdown tables shown: header cells and the cells of each row. */
function tablesIn(text: string): { header: string[]; rows: string[][] }[] {
  const tables: { header: string[]; rows: string[][] }[] = [];
  let current: { header: string[]; rows: string[][] } | undefined;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line.startsWith('|') || !line.endsWith('|')) {
      current = undefined;
      continue;
    }
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replaceAll('\\|', '|'));
    if (!current) {
      current = { header: cells, rows: [] };
      tables.push(current);
    } else if (!cells.every((cell) => /^:?-{3,}:?$/.test(cell))) {
      current.rows.push(cells);
    }
  }
  return tables;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
}

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

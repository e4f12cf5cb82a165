/**
 * The public oversight report of a store's access log over a period: whether the log verifies,
 * accesses by dataset, organisation and purpose, records withheld by reason, and a chart of accesses
 * over time, as JSON, Markdown and an SVG bar chart. It holds only what the log holds: counts and ids.
 */
import { ConfigError } from '@ldn-twin/core';
import {
  type AccessEntry,
  AccessEntrySchema,
  type AccessLogVerification,
  verifyAccessLog,
} from './access-log.js';
import type { WithheldReason } from './query.js';
import type { Store } from './store.js';

/**
 * The period of {@link accessReport}: ISO dates or instants; a date-only `to` includes that day.
 *
 * @example
 * ```ts
 * import type { AccessReportOptions } from '@ldn-twin/store';
 * const november: AccessReportOptions = { from: '2026-11-01', to: '2026-11-30' };
 * ```
 */
export interface AccessReportOptions {
  readonly from: string;
  readonly to: string;
  /** A head hash published earlier, to verify the log against (see `verifyAccessLog`). */
  readonly head?: string;
}

/**
 * Accesses and records shown and withheld for one dataset, organisation or purpose.
 *
 * @example
 * ```ts
 * import type { AccessTally } from '@ldn-twin/store';
 * const row = (t: AccessTally) => `${t.name}: ${t.accesses} accesses, ${t.shown} shown, ${t.withheld} withheld`;
 * ```
 */
export interface AccessTally {
  readonly name: string;
  /** Accesses that showed at least one record (by dataset) or were made (by organisation, purpose). */
  readonly accesses: number;
  readonly shown: number;
  readonly withheld: number;
}

/**
 * The report's content (the JSON of the oversight report).
 *
 * @example
 * ```ts
 * import { accessReport, type AccessReport, openStore } from '@ldn-twin/store';
 * const { report }: { report: AccessReport } = await accessReport(await openStore({ path: './london-store' }), { from: '2026-11-01', to: '2026-11-30' });
 * console.info(report.byOrganisation[0]?.name);
 * ```
 */
export interface AccessReport {
  /** The period, as instants: `from` included, `to` excluded. */
  readonly from: string;
  readonly to: string;
  /** The whole log's verification: a report of a log that fails says so first. */
  readonly log: AccessLogVerification;
  /** Accesses in the period. */
  readonly accesses: number;
  readonly byDataset: readonly AccessTally[];
  /** By organisation; `(public)` for an audience without one. */
  readonly byOrganisation: readonly AccessTally[];
  /** By purpose; `(not stated)` when none was given. */
  readonly byPurpose: readonly AccessTally[];
  /** Records withheld, by reason, and in how many accesses. */
  readonly denials: readonly {
    readonly reason: WithheldReason;
    readonly accesses: number;
    readonly records: number;
  }[];
  /** Accesses per day (per month when the period is longer than 62 days), every period listed. */
  readonly overTime: readonly { readonly period: string; readonly accesses: number }[];
}

const DAY = 86_400_000;

function instant(value: string, name: string, endOfDay: boolean): number {
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new ConfigError(`${name} ${JSON.stringify(value)}: not an ISO date or instant`);
  return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? time + DAY : time;
}

type Mutable = { name: string; accesses: number; shown: number; withheld: number };

function tallies(map: Map<string, Mutable>): AccessTally[] {
  return [...map.values()].sort((a, b) => b.accesses - a.accesses || (a.name < b.name ? -1 : 1));
}

function bump(
  map: Map<string, Mutable>,
  name: string,
  shown: number,
  withheld: number,
  access: boolean,
): void {
  const tally = map.get(name) ?? { name, accesses: 0, shown: 0, withheld: 0 };
  tally.accesses += access ? 1 : 0;
  tally.shown += shown;
  tally.withheld += withheld;
  map.set(name, tally);
}

/** The periods from `from` to `to` (days, or months over 62 days), as `YYYY-MM-DD` / `YYYY-MM`. */
function periods(from: number, to: number): { label: (time: number) => string; all: string[] } {
  const monthly = to - from > 62 * DAY;
  const label = (time: number) => new Date(time).toISOString().slice(0, monthly ? 7 : 10);
  const all: string[] = [];
  for (let t = from; t < to; t += monthly ? 28 * DAY : DAY) {
    const period = label(t);
    if (all.at(-1) !== period) all.push(period);
  }
  const last = label(to - 1);
  if (to > from && all.at(-1) !== last) all.push(last);
  return { label, all };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const cell = (text: string | number) => String(text).replaceAll('|', '\\|');

function table(title: string, rows: readonly AccessTally[], column: string): string {
  if (rows.length === 0) return `## ${title}\n\nNone.\n`;
  return [
    `## ${title}\n`,
    `| ${column} | Accesses | Records shown | Records withheld |`,
    '| --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${cell(r.name)} | ${r.accesses} | ${r.shown} | ${r.withheld} |`),
    '',
  ].join('\n');
}

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A bar chart of accesses per period, as a standalone SVG document. */
function chart(overTime: AccessReport['overTime'], title: string): string {
  const bar = 14;
  const gap = 4;
  const left = 40;
  const top = 30;
  const plot = 150;
  const width = Math.max(320, left + overTime.length * (bar + gap) + 20);
  const height = top + plot + 40;
  const max = Math.max(1, ...overTime.map((p) => p.accesses));
  const bars = overTime.map((p, i) => {
    const h = Math.round((p.accesses / max) * plot);
    const x = left + i * (bar + gap);
    return `<rect x="${x}" y="${top + plot - h}" width="${bar}" height="${h}" fill="#1f6f8b"><title>${escapeXml(p.period)}: ${p.accesses}</title></rect>`;
  });
  const first = overTime[0]?.period ?? '';
  const last = overTime.at(-1)?.period ?? '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="${left}" y="18" font-family="sans-serif" font-size="13">${escapeXml(title)}</text>`,
    `<line x1="${left - 4}" y1="${top + plot}" x2="${width - 10}" y2="${top + plot}" stroke="#333"/>`,
    `<text x="${left - 8}" y="${top + 4}" font-family="sans-serif" font-size="11" text-anchor="end">${max}</text>`,
    `<text x="${left - 8}" y="${top + plot}" font-family="sans-serif" font-size="11" text-anchor="end">0</text>`,
    ...bars,
    `<text x="${left}" y="${top + plot + 18}" font-family="sans-serif" font-size="11">${escapeXml(first)}</text>`,
    `<text x="${width - 10}" y="${top + plot + 18}" font-family="sans-serif" font-size="11" text-anchor="end">${escapeXml(last)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

function markdownOf(report: AccessReport, chartFile: string): string {
  const log = report.log;
  const integrity = log.ok
    ? `The access log verifies: ${plural(log.entries, 'entry', 'entries')}, each carrying the hash of the one before. Its head is \`${log.head}\`; publish it, so a later report can show the log was not cut back.`
    : `**The access log fails verification at entry ${log.at}: ${log.problem}.** The figures below are read from a log that was changed; they cannot be trusted.`;
  const denials =
    report.denials.length === 0
      ? 'No record was withheld.\n'
      : [
          '| Reason | Accesses | Records withheld |',
          '| --- | ---: | ---: |',
          ...report.denials.map((d) => `| ${d.reason} | ${d.accesses} | ${d.records} |`),
          '',
        ].join('\n');
  return [
    `# Access to the store, ${report.from} to ${report.to}\n`,
    `${integrity}\n`,
    `${plural(report.accesses, 'access', 'accesses')} in the period. Each counts records shown and records the query matched but the audience may not see (withheld); no record's content is logged.\n`,
    `![Accesses over time](${chartFile})\n`,
    table('By dataset', report.byDataset, 'Dataset'),
    table('By organisation', report.byOrganisation, 'Organisation'),
    table('By purpose', report.byPurpose, 'Purpose'),
    '## Withheld, by reason\n',
    denials,
  ].join('\n');
}

/**
 * The oversight report of the accesses logged between `from` and `to`: JSON (`report`), Markdown
 * (`markdown`, which shows the chart from `chartFile`, default `accesses.svg`) and an SVG bar chart
 * of accesses over time (`svg`).
 *
 * @throws ConfigError when `from` or `to` is not a date, or `to` is not after `from`.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { accessReport, openStore } from '@ldn-twin/store';
 * const store = await openStore({ path: './london-store' });
 * const { report, markdown, svg } = await accessReport(store, { from: '2026-11-01', to: '2026-11-30' });
 * await writeFile('access.md', markdown);
 * await writeFile('accesses.svg', svg);
 * console.info(report.accesses, report.log.ok);
 * ```
 */
export async function accessReport(
  store: Pick<Store, 'accessLog' | 'accessHead'>,
  options: AccessReportOptions & { readonly chartFile?: string },
): Promise<{ report: AccessReport; markdown: string; svg: string }> {
  const from = instant(options.from, 'from', false);
  const to = instant(options.to, 'to', true);
  if (to <= from) throw new ConfigError(`to ${options.to}: must be after from ${options.from}`);
  const log = await verifyAccessLog(store, options.head === undefined ? {} : { head: options.head });
  const byDataset = new Map<string, Mutable>();
  const byOrganisation = new Map<string, Mutable>();
  const byPurpose = new Map<string, Mutable>();
  const denials = new Map<WithheldReason, { reason: WithheldReason; accesses: number; records: number }>();
  const { label, all } = periods(from, to);
  const perPeriod = new Map(all.map((period) => [period, 0]));
  let accesses = 0;
  for await (const stored of store.accessLog()) {
    let entry: AccessEntry;
    try {
      const parsed = AccessEntrySchema.safeParse(JSON.parse(stored.text) as unknown);
      if (!parsed.success) continue; // verification reports it
      entry = parsed.data;
    } catch {
      continue;
    }
    const at = Date.parse(entry.at);
    if (at < from || at >= to) continue;
    accesses += 1;
    perPeriod.set(label(at), (perPeriod.get(label(at)) ?? 0) + 1);
    const shown = Object.values(entry.shown).reduce((a, b) => a + b, 0);
    const withheld = entry.withheld.reduce((a, w) => a + w.count, 0);
    bump(byOrganisation, entry.who.organisation ?? '(public)', shown, withheld, true);
    bump(byPurpose, entry.who.purpose ?? '(not stated)', shown, withheld, true);
    const datasets = new Set([...Object.keys(entry.shown), ...entry.withheld.map((w) => w.dataset)]);
    for (const dataset of datasets) {
      const held = entry.withheld.filter((w) => w.dataset === dataset).reduce((a, w) => a + w.count, 0);
      bump(byDataset, dataset, entry.shown[dataset] ?? 0, held, (entry.shown[dataset] ?? 0) > 0);
    }
    for (const reason of new Set(entry.withheld.map((w) => w.reason))) {
      const denial = denials.get(reason) ?? { reason, accesses: 0, records: 0 };
      denial.accesses += 1;
      denial.records += entry.withheld.filter((w) => w.reason === reason).reduce((a, w) => a + w.count, 0);
      denials.set(reason, denial);
    }
  }
  const report: AccessReport = {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    log,
    accesses,
    byDataset: tallies(byDataset),
    byOrganisation: tallies(byOrganisation),
    byPurpose: tallies(byPurpose),
    denials: [...denials.values()].sort((a, b) => b.records - a.records || (a.reason < b.reason ? -1 : 1)),
    overTime: [...perPeriod].map(([period, n]) => ({ period, accesses: n })),
  };
  const title = `Accesses per ${all[0]?.length === 7 ? 'month' : 'day'}, ${all[0] ?? ''} to ${all.at(-1) ?? ''}`;
  return {
    report,
    markdown: markdownOf(report, options.chartFile ?? 'accesses.svg'),
    svg: chart(report.overTime, title),
  };
}

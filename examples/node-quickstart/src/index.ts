// What restrictions apply at this London site? Offline by default: the answers come from real
// planning.data.gov.uk responses recorded in data/lambeth.har. Add --live to ask every service.
import { readFile } from 'node:fs/promises';
import { attributionDates, attributionText, createClient } from '@ldn-twin/core';
import { replayHar } from '@ldn-twin/core/har';
import { restrictionsAt } from '@ldn-twin/questions';

const live = process.argv.includes('--live');
const archive = await readFile(new URL('../data/lambeth.har', import.meta.url), 'utf8');
const client = createClient(live ? {} : { fetch: replayHar(archive) });

// Black Prince Road, Lambeth. The archive holds the planning constraints of the datasets its real
// capture asked (data/lambeth.json), and needs no borough data (that ships with @ldn-twin/geo); live,
// every constraint dataset, flood warnings and planning applications are asked too.
const site = { point: [-0.1198903, 51.4922191] as const };
const recorded = JSON.parse(await readFile(new URL('../data/lambeth.json', import.meta.url), 'utf8'));
const report = await restrictionsAt(site, {
  client,
  ...(live ? {} : { sources: ['constraints', 'borough'], datasets: recorded.datasets }),
});

console.log(report.summary.join('\n'));
for (const source of report.sources) console.log(`  ${source.status}: ${source.source}`);
// The statements as text: Historic England's "[date]" the day its records were obtained, links as
// "text (address)"; report.attributions keeps them exactly as published.
const obtained = attributionDates(report.records);
console.log('\nAttribution:');
for (const s of report.attributions)
  console.log(`  ${attributionText(s, obtained.get(s) ?? report.askedAt)}`);

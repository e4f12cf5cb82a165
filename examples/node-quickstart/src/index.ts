// What planning constraints apply at this London site? Offline by default: the answers come from
// real planning.data.gov.uk responses recorded in data/lambeth.har. Add --live to ask the service.
import { readFile } from 'node:fs/promises';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { attributions, connect, createClient, replayHar } from '@ldn-twin/core';

const live = process.argv.includes('--live');
const archive = await readFile(new URL('../data/lambeth.har', import.meta.url), 'utf8');
const planning = connect(planningData, { client: createClient(live ? {} : { fetch: replayHar(archive) }) });

const site: [number, number] = [-0.1198903, 51.4922191]; // Black Prince Road, Lambeth
const datasets = [
  'central-activities-zone',
  'conservation-area',
  'listed-building-outline',
  'article-4-direction-area',
] as const;
const { records, report } = await planning.searchEntities({ point: site, datasets: [...datasets] }).collect();

console.log(`Planning constraints at ${site.join(', ')}${live ? '' : ' (recorded responses)'}:`);
for (const record of records) {
  const { name, attributes } = record.properties;
  const label = name ?? ('reference' in attributes ? `reference ${attributes.reference}` : attributes.code);
  console.log(`- ${attributes.dataset}: ${label} (${record.id})`);
}
console.log(`${report.mapped} of ${report.received} entities mapped, ${report.failed} reported as issues.`);
console.log(`Sources: ${attributions(records).join(' ')}`);

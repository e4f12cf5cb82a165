// A child process for the crash test: opens the store named by argv (a folder and `-`, or a server
// URL and a schema), puts `total` records in batches of `batch`, and prints `committed <n>` after each batch
// commits, so the parent can kill it while the next batch is in flight.
import { openStore } from '@ldn-twin/store';
import { application } from '../records.ts';

const [location = '', schema, totalText = '0', batchText = '1'] = process.argv.slice(2);
const store = await openStore(
  location.startsWith('postgres') ? { url: location, schema: schema ?? '' } : { path: location },
);
const total = Number(totalText);
function* records() {
  for (let n = 0; n < total; n += 1) yield application(n);
}
await store.put(records(), {
  batchSize: Number(batchText),
  onBatch: (report) => process.stdout.write(`committed ${report.stored}\n`),
});
process.stdout.write('done\n');
await store.close();

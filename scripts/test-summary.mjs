// The closing line of the test command: every test that ran, as one plain count. Vitest's JSON
// report gives the suite's figures; the notebook checker's own count is added.
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const vitest = JSON.parse(readFileSync(new URL('.artifacts/vitest.json', root), 'utf8'));
let passed = vitest.numPassedTests;
let failed = vitest.numFailedTests;
const skipped = vitest.numPendingTests + vitest.numTodoTests;
const notebook = new URL('examples/deno-notebook/.artifacts/check.txt', root);
if (existsSync(notebook)) {
  const match = /^(\d+) passed, (\d+) failed$/m.exec(readFileSync(notebook, 'utf8'));
  if (match) {
    passed += Number(match[1]);
    failed += Number(match[2]);
  }
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

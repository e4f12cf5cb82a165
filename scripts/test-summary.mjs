// The closing line of the test command: every test that ran, as one plain count. Vitest's JSON
// reports (one per vitest project) give the suite's figures; the notebook checker's own count is added.
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
// scripts/ldn.sh runs the `units` and `source` projects beside the build, then `built`.
const reports = ['units', 'source', 'built'].map((project) =>
  JSON.parse(readFileSync(new URL(`.artifacts/vitest-${project}.json`, root), 'utf8')),
);
const sum = (count) => reports.reduce((total, report) => total + count(report), 0);
let passed = sum((r) => r.numPassedTests);
let failed = sum((r) => r.numFailedTests);
const skipped = sum((r) => r.numPendingTests + r.numTodoTests);
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

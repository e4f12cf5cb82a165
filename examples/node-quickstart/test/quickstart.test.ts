import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// Runs the quick start as a user would, against the built packages and the bundled archive.
it('prints the constraints at the site and their attribution, offline', () => {
  const output = execFileSync(process.execPath, ['src/index.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  expect(output).toContain(
    '- conservation-area: Albert Embankment (urn:ldntwin:planning-constraint:planning-data:3022165)',
  );
  expect(output).toContain('- listed-building-outline: Southbank House, Black Prince Road');
  expect(output).toMatch(/^4 of 4 entities mapped, 0 reported as issues\.$/m);
  expect(output).toContain(
    'Sources: Contains public sector information licensed under the Open Government Licence v3.0.',
  );
});

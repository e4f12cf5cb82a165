import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// Runs the quick start as a user would, against the built packages and the bundled archive.
it('prints the restrictions at the site, how each source answered and the attribution, offline', () => {
  const output = execFileSync(process.execPath, ['src/index.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  const lines = output.split('\n');
  expect(lines[0]).toBe('51.4922191, -0.1198903 (Lambeth): in Lambeth (E09000022), Inner London.');
  expect(lines).toContain('4 planning constraints intersect it:');
  expect(lines).toContain('- conservation area: Albert Embankment');
  expect(lines).toContain('- listed building: Southbank House, Black Prince Road (grade II)');
  expect(lines).toContain('  answered: planning constraints (planning.data.gov.uk)');
  // The dataset's own attribution, read from its recorded metadata, and the boundaries'.
  expect(output).toMatch(/^ {2}© Historic England 2026\. Contains Ordnance Survey data/m);
  expect(lines).toContain('  Contains National Statistics data © Crown copyright and database right');
});

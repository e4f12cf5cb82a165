import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// Runs the quick start as a user would, against the built packages and the bundled archive.
it('prints the restrictions at the site, how each source answered and the attribution, offline', () => {
  const ranOn = new Date().toISOString().slice(0, 10);
  const output = execFileSync(process.execPath, ['src/index.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  const lines = output.split('\n');
  expect(lines[0]).toBe('51.4922191, -0.1198903 (Lambeth): in Lambeth (E09000022), Inner London.');
  expect(lines).toContain('4 designations intersect it:');
  expect(lines).toContain('- Conservation Area: Albert Embankment [planning.data CA57]');
  expect(lines).toContain(
    '- Listed Building grade II: Southbank House, Black Prince Road [planning.data 4/38]',
  );
  // Only the datasets the capture asked are said to be checked: no flood zone is claimed either way.
  expect(output).toMatch(/^Checked and not found here: .*Ancient Woodland\.$/m);
  expect(output).not.toMatch(/Flood/);
  expect(lines).toContain('  answered: planning constraints (planning.data.gov.uk)');
  // The dataset's own attribution, read from its recorded metadata, and the boundaries', as text:
  // Historic England's "[date]" is the day the run obtained the records, its markdown link
  // "text (address)", its three lines one.
  const historic = lines.find((l) => l.startsWith('  © Historic England 2026.'));
  const obtained = historic?.match(/was obtained on (\d{4}-\d{2}-\d{2})\./)?.[1];
  expect([ranOn, new Date().toISOString().slice(0, 10)]).toContain(obtained);
  expect(historic).toBe(
    '  © Historic England 2026. Contains Ordnance Survey data © Crown copyright and database right ' +
      `2026. The Historic England GIS Data contained in this material was obtained on ${obtained}. ` +
      'The most publicly available up to date Historic England GIS Data can be obtained from ' +
      'HistoricEngland.org.uk (https://historicengland.org.uk).',
  );
  expect(output).not.toMatch(/\[date\]|\]\(/);
  expect(lines).toContain('  Contains National Statistics data © Crown copyright and database right');
});

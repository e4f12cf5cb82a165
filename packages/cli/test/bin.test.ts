// Spawns the built `ldn-twin` binary, as a user's shell would (CI builds before testing).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const ldnTwin = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

it.each([
  ['table', (out: string) => expect(out).toMatch(/^Sources:$/m)],
  ['json', (out: string) => expect(JSON.parse(out).question).toBe('restrictionsAt')],
  ['geojson', (out: string) => expect(JSON.parse(out).features).toHaveLength(5)],
  ['ndjson', (out: string) => expect(out.trim().split('\n')).toHaveLength(5)],
  ['csv', (out: string) => expect(out.split('\r\n')[0]).toMatch(/^id,/)],
])('the built binary answers a question from the bundled archive (--offline) as %s', (format, check) => {
  const result = ldnTwin(
    'ask',
    'restrictions',
    '--point',
    '-0.1198903,51.4922191',
    '--sources',
    'constraints,borough',
    '--offline',
    '--format',
    format,
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  check(result.stdout);
});

it('exits 1 and names the variable when a key is missing', () => {
  const result = ldnTwin('fetch', 'os-ngd', 'buildings');
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('LDN_TWIN_OS_API_KEY');
  expect(result.stdout).toBe('');
});

it('ends quietly with exit 0 when its reader has gone before it writes (ldn-twin … | head)', async () => {
  const child = spawn(
    process.execPath,
    [bin, 'ask', 'restrictions', '--borough', 'Lambeth', '--offline', '--format', 'ndjson'],
    { env: { PATH: process.env.PATH ?? '' } },
  );
  // The read end closes at once, so every write of the answer meets EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(status).toBe(0);
});

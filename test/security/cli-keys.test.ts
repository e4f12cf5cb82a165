/**
 * The command line keeps keys out of its output: each auth style's key is given in its environment
 * variable (see packages/cli/src/registry.ts), the server echoes it back in an error and in the
 * headers of a good answer, and neither stdout, stderr nor a `--har-record` archive holds it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '@ldn-twin/cli';
import { PLD_HOSTS } from '@ldn-twin/connectors/planning-london-datahub';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  readFileSync(new URL(`../../packages/connectors/test/fixtures/${path}`, import.meta.url), 'utf8');

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function run(args: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const code = await main(args, { stdout, stderr, env });
  return { code, out, err };
}

interface Style {
  readonly name: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly secrets: string[];
  /** The msw handler: `answer` gets the credential as the server saw it. */
  readonly handler: (answer: (credential: string) => Response) => ReturnType<typeof http.get>;
  readonly good: string;
}

const TFL_KEY = 'tfl-Cli-K3y-0123456789';
const OS_KEY = 'osCliKey0123456789ABCDEF';
const EPC_TOKEN = 'epcCli-B3arer-0123456789';
const PLD_KEY = 'pld-Cli-Allow-98765';

const STYLES: Style[] = [
  {
    name: 'header (tfl app_key)',
    args: ['fetch', 'tfl', 'roadDisruptions'],
    env: { LDN_TWIN_TFL_APP_KEY: TFL_KEY },
    secrets: [TFL_KEY],
    handler: (answer) =>
      http.get('https://api.tfl.gov.uk/Road/all/Disruption', ({ request }) =>
        answer(request.headers.get('app_key') ?? ''),
      ),
    good: fixture('tfl/tfl-road-disruption.json'),
  },
  {
    name: 'header (planning-london-datahub X-API-AllowRequest)',
    args: ['fetch', 'planning-london-datahub', 'search'],
    env: { LDN_TWIN_PLD_ALLOW_REQUEST: PLD_KEY },
    secrets: [PLD_KEY],
    handler: (answer) =>
      http.post(`${PLD_HOSTS.legacy}/applications/_search`, ({ request }) =>
        answer(request.headers.get('x-api-allowrequest') ?? ''),
      ) as unknown as ReturnType<typeof http.get>,
    good: fixture('planning-london-datahub/pld-applications-search.json'),
  },
  {
    name: 'query parameter (os-places key)',
    // OS Places records are labelled `official` (licensed data): ask as an official audience to see them.
    args: ['fetch', 'os-places', 'uprn', '--param', 'uprn=100023071949', '--audience', 'official'],
    env: { LDN_TWIN_OS_API_KEY: OS_KEY },
    secrets: [OS_KEY],
    handler: (answer) =>
      http.get('https://api.os.uk/search/places/v1/uprn', ({ request }) =>
        answer(new URL(request.url).searchParams.get('key') ?? ''),
      ),
    good: fixture('os-places/osplaces-uprn-dpa.json'),
  },
  {
    name: 'bearer (epc, the replacement register)',
    args: ['fetch', 'epc', 'search', '--param', 'localAuthority=E09000013'],
    env: { LDN_TWIN_EPC_TOKEN: EPC_TOKEN },
    secrets: [EPC_TOKEN],
    handler: (answer) =>
      http.get(
        'https://api.get-energy-performance-data.communities.gov.uk/api/domestic/search',
        ({ request }) => answer(request.headers.get('authorization')?.replace(/^Bearer /, '') ?? ''),
      ),
    // Documented shape (the publisher's OpenAPI example), no live capture.
    good: fixture('epc-2026/epc2026-domestic-search-openapi-example.json'),
  },
];

function holds(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)));
}

describe.each(STYLES)('ldn-twin fetch with a key by $name', (style) => {
  it('keeps the key out of stderr, stdout and the HAR archive when the server echoes it in an error', async () => {
    const seen: string[] = [];
    server.use(
      style.handler((credential) => {
        seen.push(credential);
        return HttpResponse.json(
          {
            error: `Unauthorized: ${credential}`,
            message: `bad credential ${credential}`,
            echo: style.secrets,
          },
          { status: 401, headers: { 'x-echo-credential': credential } },
        );
      }),
    );
    const har = join(mkdtempSync(join(tmpdir(), 'ldn-twin-keys-')), 'traffic.har');
    const { code, out, err } = await run([...style.args, '--format', 'json', '--har-record', har], style.env);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((credential) => credential.length > 0)).toBe(true);
    expect(code).toBe(2);
    expect(err).toMatch(/401/);
    expect(holds(err, style.secrets)).toEqual([]);
    expect(holds(out, style.secrets)).toEqual([]);
    expect(holds(readFileSync(har, 'utf8'), style.secrets)).toEqual([]);
  });

  it.each(['json', 'csv', 'ndjson', 'geojson', 'table'])(
    'keeps the key out of --format %s output and the HAR archive of a good answer',
    async (format) => {
      server.use(
        style.handler(
          (credential) =>
            new HttpResponse(style.good, {
              headers: { 'content-type': 'application/json', 'x-echo-credential': credential },
            }),
        ),
      );
      const har = join(mkdtempSync(join(tmpdir(), 'ldn-twin-keys-')), 'traffic.har');
      const { code, out, err } = await run(
        [...style.args, '--format', format, '--har-record', har],
        style.env,
      );
      expect(code, err).toBe(0);
      expect(out.length).toBeGreaterThan(0);
      if (format === 'json') expect((JSON.parse(out) as unknown[]).length).toBeGreaterThan(0);
      expect(holds(out, style.secrets)).toEqual([]);
      expect(holds(err, style.secrets)).toEqual([]);
      expect(holds(readFileSync(har, 'utf8'), style.secrets)).toEqual([]);
    },
  );
});

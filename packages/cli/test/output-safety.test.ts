// Safe output, each case built so the right answer is known: a reader that goes away, upstream text
// carrying terminal control sequences, and the progress line's count, rate and ETA.
import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { main } from '@ldn-twin/cli';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';
import { harFile } from './support/har.ts';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => {
    text += chunk;
  });
  return { stream, text: () => text };
}

describe('a reader that goes away (ldn-twin … | head)', () => {
  it('ends quietly with exit 0 when stdout fails with EPIPE after the first line', async () => {
    let lines = 0;
    const stdout = new Writable({
      write(_chunk, _encoding, callback) {
        lines += 1;
        // The first line is taken, then the reader is gone.
        if (lines === 1) callback();
        else callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const stderr = capture();
    const code = await main(
      [
        'ask',
        'restrictions',
        '--point',
        '-0.1198903,51.4922191',
        '--sources',
        'constraints,borough',
        '--offline',
        '--format',
        'ndjson',
      ],
      { stdout, stderr: stderr.stream, env: {} },
    );
    expect(stderr.text()).toBe('');
    expect(code).toBe(0);
    // Five records would be written; the run stopped at the failed second one.
    expect(lines).toBe(2);
  });
});

describe('control characters in upstream text', () => {
  // A real planning.data answer whose one entity's name is given an escape sequence that would set
  // the terminal's title, a bell and a carriage return that would overwrite the line.
  const page = JSON.parse(
    readFileSync(
      new URL(
        '../../connectors/test/fixtures/planning-data/planningdata-entity-json-lambeth-point.json',
        import.meta.url,
      ),
      'utf8',
    ),
  );
  const hostile = 'Albert\x1b]0;pwned\x07 Embankment\r\x07';
  const conservation = page.entities.find((e: { dataset: string }) => e.dataset === 'conservation-area');
  conservation.name = hostile;
  const url = 'https://www.planning.data.gov.uk/entity.json?dataset=conservation-area';
  const text = JSON.stringify(page);
  const file = harFile('hostile.har', [[url, 200, text]]);
  const fetchAs = async (format: string) => {
    const stdout = capture();
    const stderr = capture();
    const code = await main(
      [
        'fetch',
        'planning-data',
        'searchEntities',
        '--param',
        'datasets=conservation-area',
        '--har-replay',
        file,
        '--format',
        format,
      ],
      { stdout: stdout.stream, stderr: stderr.stream, env: {} },
    );
    return { code, out: stdout.text(), err: stderr.text() };
  };

  it('neutralises them in the table: the escape removed, the bell and carriage return shown as �', async () => {
    const { code, out } = await fetchAs('table');
    expect(code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none is printed
    expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(out).toContain('Albert Embankment\uFFFD\uFFFD');
  });

  it('keeps them exact in NDJSON (a machine format)', async () => {
    const { code, out } = await fetchAs('ndjson');
    expect(code).toBe(0);
    const names = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).properties.name);
    expect(names).toContain(hostile);
  });
});

describe('the progress line', () => {
  const terminal = () => {
    const { stream, text } = capture();
    return { stream: Object.assign(stream, { isTTY: true }), text };
  };

  it('shows received of the total, the rate and the time left, then clears itself', () => {
    const stderr = terminal();
    let now = 0;
    const progress = createProgress(stderr.stream, () => now);
    const event = (received: number) =>
      progress.onEvent({
        type: 'records',
        operation: 'tfl.disruptions',
        received,
        mapped: received,
        total: 100,
      });
    event(10); // the clock starts with the first page
    now = 2_000;
    event(30); // 30 in 2 s: 15/s; 70 left at 15/s is 4.67 s, shown as 5 s
    progress.clear();
    expect(stderr.text()).toBe(
      '\r\x1b[Ktfl.disruptions: 10/100 received\r\x1b[Ktfl.disruptions: 30/100 received, 15/s, ETA 5 s\r\x1b[K',
    );
  });

  it('writes nothing when stderr is a pipe, and nothing before the first record', () => {
    const pipe = capture();
    const silent = createProgress(pipe.stream);
    silent.onEvent({ type: 'records', operation: 'x', received: 5, mapped: 5 });
    silent.clear();
    expect(pipe.text()).toBe('');
    const stderr = terminal();
    const progress = createProgress(stderr.stream, () => 0);
    progress.onEvent({ type: 'records', operation: 'x', received: 0, mapped: 0 });
    progress.clear();
    expect(stderr.text()).toBe('');
  });
});

// Attribution statements rendered for people: [date] filled, markdown links as links (parts) or
// "text (address)" (plain text), and anything that is not an http(s) address left inert.
import { readFileSync } from 'node:fs';
import { attributionDates, attributionParts, attributions, attributionText } from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';
import { listedBuilding, no2 } from './fixtures.js';

/** Historic England's statement as planning.data.gov.uk publishes it (a recorded metadata body). */
const HISTORIC_ENGLAND: string = JSON.parse(
  readFileSync(
    new URL(
      '../../../connectors/test/fixtures/planning-data/planningdata-dataset-metadata.json',
      import.meta.url,
    ),
    'utf8',
  ),
)['conservation-area']['attribution-text'];

describe('attributionParts', () => {
  it("fills Historic England's [date], joins its lines and makes its markdown link a link", () => {
    expect(HISTORIC_ENGLAND).toContain('[date]');
    expect(attributionParts(HISTORIC_ENGLAND, '2026-05-06T10:40:56.000Z')).toEqual([
      {
        text:
          '© Historic England 2026. Contains Ordnance Survey data © Crown copyright and database ' +
          'right 2026. The Historic England GIS Data contained in this material was obtained on ' +
          '2026-05-06. The most publicly available up to date Historic England GIS Data can be ' +
          'obtained from ',
      },
      { text: 'HistoricEngland.org.uk', href: 'https://historicengland.org.uk' },
      { text: '.' },
    ]);
  });

  it('makes a bare address a link, without its closing brackets or full stop', () => {
    expect(attributionParts('From the ERG (http://www.erg.kcl.ac.uk), see https://x.org/a.', '')).toEqual([
      { text: 'From the ERG (' },
      { text: 'http://www.erg.kcl.ac.uk', href: 'http://www.erg.kcl.ac.uk' },
      { text: '), see ' },
      { text: 'https://x.org/a', href: 'https://x.org/a' },
      { text: '.' },
    ]);
  });

  it('leaves a statement with no link or placeholder as one text part', () => {
    expect(attributionParts('Powered by TfL Open Data', '2026-01-01')).toEqual([
      { text: 'Powered by TfL Open Data' },
    ]);
  });

  it('keeps markup as text and makes a link to anything but http(s) inert', () => {
    const hostile =
      '<script>alert(1)</script> [click](javascript:alert(1)) [img](data:text/html,<b>x</b>) ' +
      '[quote](https://x.org/"onmouseover="alert(1)) [rel](//evil.example) [esc](https://x.org/\x1b]0;t\x07) ' +
      '[ok](HTTPS://x.org/ok) <a href="javascript:alert(2)">a</a>';
    const parts = attributionParts(hostile, '2026-01-01');
    const links = parts.filter((p) => p.href !== undefined);
    expect(links).toEqual([{ text: 'ok', href: 'HTTPS://x.org/ok' }]);
    // Everything else is text, the markup included: put in a text node it shows, it does not run.
    expect(parts.map((p) => p.text).join('')).toBe(
      '<script>alert(1)</script> click img quote rel esc ok <a href="javascript:alert(2)">a</a>',
    );
    expect(parts.some((p) => /javascript:|data:/i.test(p.href ?? ''))).toBe(false);
  });
});

describe('attributionText', () => {
  it('writes a link as "text (address)" and a bare address once', () => {
    expect(attributionText(HISTORIC_ENGLAND, '2026-05-06')).toBe(
      '© Historic England 2026. Contains Ordnance Survey data © Crown copyright and database right ' +
        '2026. The Historic England GIS Data contained in this material was obtained on 2026-05-06. ' +
        'The most publicly available up to date Historic England GIS Data can be obtained from ' +
        'HistoricEngland.org.uk (https://historicengland.org.uk).',
    );
    expect(attributionText('See https://x.org.', '')).toBe('See https://x.org.');
  });

  it('shows an inert link as its text only', () => {
    expect(attributionText('[Click here](javascript:alert(1)) <script>x</script>', '')).toBe(
      'Click here <script>x</script>',
    );
  });
});

describe('attributionDates', () => {
  const at = <R extends typeof listedBuilding | typeof no2>(record: R, retrievedAt: string): R => ({
    ...record,
    properties: { ...record.properties, provenance: { ...record.properties.provenance, retrievedAt } },
  });

  it("gives each statement the earliest retrieval day of the records carrying it, in attributions' order", () => {
    const records = [
      at(listedBuilding, '2026-03-02T08:00:00Z'),
      at(no2, '2026-03-04T08:00:00Z'),
      at(listedBuilding, '2026-03-01T23:59:00Z'),
    ];
    const days = attributionDates(records);
    expect([...days.keys()]).toEqual(attributions(records));
    for (const statement of listedBuilding.properties.licence.attribution) {
      expect(days.get(statement)).toBe('2026-03-01');
    }
    const onlyNo2 = no2.properties.licence.attribution.filter(
      (s) => !listedBuilding.properties.licence.attribution.includes(s),
    );
    expect(onlyNo2.length).toBeGreaterThan(0);
    for (const statement of onlyNo2) expect(days.get(statement)).toBe('2026-03-04');
  });
});

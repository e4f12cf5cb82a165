// The attribution statements as text with links (core's attributionParts, which the dashboard
// renders): built from statements whose parts are known.
import { attributionParts } from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';

describe('attributionParts, as the dashboard shows statements', () => {
  it('fills [date], joins lines and makes a markdown link a link', () => {
    const parts = attributionParts(
      'Data obtained on [date].\nMore from [Example.org](https://example.org/data).',
      '2024-05-06',
    );
    expect(parts).toEqual([
      { text: 'Data obtained on 2024-05-06. More from ' },
      { text: 'Example.org', href: 'https://example.org/data' },
      { text: '.' },
    ]);
  });

  it('makes a bare address a link and leaves its brackets as text', () => {
    expect(attributionParts('From the ERG (http://www.erg.kcl.ac.uk), under OGL.', '2024-01-01')).toEqual([
      { text: 'From the ERG (' },
      { text: 'http://www.erg.kcl.ac.uk', href: 'http://www.erg.kcl.ac.uk' },
      { text: '), under OGL.' },
    ]);
  });

  it('leaves a statement with no link or placeholder as it is', () => {
    expect(attributionParts('Powered by TfL Open Data', '2024-01-01')).toEqual([
      { text: 'Powered by TfL Open Data' },
    ]);
  });
});

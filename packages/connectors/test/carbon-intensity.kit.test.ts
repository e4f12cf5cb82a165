import { readFileSync } from 'node:fs';
import { carbonIntensity } from '@ldn-twin/connectors/carbon-intensity';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/carbon-intensity/${name}`, import.meta.url), 'utf8');
const national = fixture('carbonintensity-national-intensity-fw24h.json');
const london = fixture('carbonintensity-regional-regionid-13.json');
/** The documented `/generation` shape, holding the recorded London period's mix. */
const generation = (() => {
  const { from, to, generationmix } = JSON.parse(london).data[0].data[0];
  return JSON.stringify({ data: { from, to, generationmix } });
})();

/** Answers with the real recorded responses; the kit makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = url.pathname.startsWith('/regional/')
    ? london
    : url.pathname.startsWith('/generation')
      ? generation
      : national;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

describeConnector(carbonIntensity, {
  runner: vitest,
  recorded,
  cases: [
    { operation: 'nationalIntensity', params: {} },
    { operation: 'regionalIntensity', params: {} },
    {
      operation: 'nationalIntensityRange',
      params: { from: '2020-05-24T20:30:00Z', to: '2020-05-24T22:00:00Z' },
    },
    { operation: 'regionalIntensityByPostcode', params: { outcode: 'SE1' } },
    { operation: 'nationalGenerationMix', params: {} },
    {
      operation: 'regionalIntensityRange',
      params: { from: '2021-12-13T16:30:00Z', to: '2021-12-13T17:00:00Z' },
    },
  ],
});

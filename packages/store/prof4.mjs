import { OPEN_ACCESS, twinId } from '@ldn-twin/core';
import { openStore } from '@ldn-twin/store';

const N = Number(process.env.N ?? 10000);
function application(n) {
  const reference = `24/${String(n).padStart(6, '0')}/FUL`;
  return {
    type: 'Feature',
    id: twinId('PlanningApplication', 'lpa-bench', reference),
    featureType: 'PlanningApplication',
    geometry: {
      type: 'Point',
      coordinates: [-0.14 + (n % 200) * 0.0003, 51.44 + Math.floor(n / 200) * 0.0003],
    },
    time: null,
    properties: {
      kind: 'PlanningApplication',
      name: `Application ${reference}`,
      identifiers: [],
      recordedAt: '2026-12-01T00:00:00Z',
      locationPrecision: 'exact',
      relations: [],
      provenance: {
        publisher: 'Bench',
        dataset: 'applications',
        retrievedAt: '2026-12-01T00:00:00Z',
        method: 'reported',
        connector: 'bench',
      },
      licence: { id: 'OGL-UK-3.0', attribution: ['Bench'] },
      access: OPEN_ACCESS,
      attributes: { reference, status: 'Registered', authority: 'Lambeth' },
    },
  };
}
const recs = Array.from({ length: N }, (_, n) => application(n));
const store = await openStore({ memory: true });
const t = performance.now();
await store.put(recs);
console.log('put', (performance.now() - t).toFixed(0));
await store.close();

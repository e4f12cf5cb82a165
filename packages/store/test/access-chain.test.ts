// The chain over random logs and random tamperings, without a database: the entries are built by the
// store's own chaining (chainEntry), so the property is exactly what verifyAccessLog checks.
import { CLASSIFICATIONS } from '@ldn-twin/core';
import {
  type AccessEntry,
  canonicalJson,
  type StoredAccessEntry,
  sha256Hex,
  verifyChain,
} from '@ldn-twin/store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainEntry } from '../src/access-log.ts';

const name = fc.stringMatching(/^[a-z][a-z-]{0,11}$/);
const access = fc.record(
  {
    at: fc
      .integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-01-01') })
      .map((t) => new Date(t).toISOString()),
    who: fc.record(
      {
        clearance: fc.constantFrom(...CLASSIFICATIONS),
        organisation: name,
        groups: fc.array(name, { maxLength: 2 }),
        purpose: name,
      },
      { requiredKeys: ['clearance'] },
    ),
    what: fc.record(
      {
        operation: fc.constantFrom('query' as const, 'asOf' as const, 'get' as const, 'history' as const),
        borough: fc.constantFrom('Lambeth', 'Camden'),
        limit: fc.integer({ min: 1, max: 100 }),
      },
      { requiredKeys: ['operation'] },
    ),
    shown: fc.dictionary(name, fc.nat(50), { maxKeys: 3 }),
    withheld: fc.array(
      fc.record({
        dataset: name,
        reason: fc.constantFrom('clearance' as const, 'organisation' as const, 'group' as const),
        count: fc.nat(20),
      }),
      { maxLength: 2 },
    ),
    complete: fc.boolean(),
  },
  { requiredKeys: ['at', 'who', 'what', 'shown', 'withheld', 'complete'] },
);

async function chain(accesses: readonly Omit<AccessEntry, 'seq' | 'prev'>[]): Promise<StoredAccessEntry[]> {
  const out: (StoredAccessEntry & { seq: number })[] = [];
  for (const item of accesses) out.push(await chainEntry(out.at(-1), item));
  return out.map(({ text, hash }) => ({ text, hash }));
}

/** A change to one field of an entry, in its canonical form (the log's hash column left as it was). */
function edited(stored: StoredAccessEntry, change: number): StoredAccessEntry {
  const entry = JSON.parse(stored.text) as AccessEntry;
  const changes: AccessEntry[] = [
    { ...entry, at: new Date(Date.parse(entry.at) + 1000).toISOString() },
    { ...entry, who: { ...entry.who, organisation: `${entry.who.organisation ?? ''}x` } },
    { ...entry, shown: { ...entry.shown, extra: 1 } },
    { ...entry, withheld: [], complete: !entry.complete },
  ];
  return { ...stored, text: canonicalJson(changes[change % changes.length]) };
}

const tampering = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), k: fc.nat(), change: fc.nat(3) }),
  fc.record({ kind: fc.constant('edit-and-rehash' as const), k: fc.nat(), change: fc.nat(3) }),
  fc.record({ kind: fc.constant('delete' as const), k: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), k: fc.nat(), by: fc.integer({ min: 1, max: 20 }) }),
);

describe('verifyChain over random logs and tamperings', () => {
  it('verifies every untampered log, and its head is the last hash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(access, { minLength: 1, maxLength: 15 }), async (accesses) => {
        const log = await chain(accesses);
        const head = { seq: log.length, hash: log.at(-1)?.hash ?? '' };
        expect(await verifyChain(log, head)).toEqual({ ok: true, entries: log.length, head: head.hash });
      }),
      { numRuns: 60 },
    );
  });

  it('fails at the tampered entry (or, when its hash was rewritten too, the one after it)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(access, { minLength: 2, maxLength: 15 }), tampering, async (accesses, t) => {
        const log = await chain(accesses);
        const head = { seq: log.length, hash: log.at(-1)?.hash ?? '' };
        const k = t.k % log.length;
        const changed = [...log];
        let at = k + 1;
        if (t.kind === 'edit') changed[k] = edited(log[k]!, t.change);
        else if (t.kind === 'edit-and-rehash') {
          const text = edited(log[k]!, t.change).text;
          changed[k] = { text, hash: await sha256Hex(text) };
          // The next entry no longer carries its hash; the last one is no longer the recorded head.
          at = k + 1 < log.length ? k + 2 : k + 1;
        } else if (t.kind === 'delete') changed.splice(k, 1);
        else {
          const j = Math.min(log.length - 1, k + t.by);
          if (j === k) return; // nothing to swap with
          [changed[k], changed[j]] = [log[j]!, log[k]!];
        }
        const result = await verifyChain(changed, head);
        expect(result).toMatchObject({ ok: false, at });
      }),
      { numRuns: 200 },
    );
  });

  it('finds a log cut back and re-headed only against a head published before the cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(access, { minLength: 3, maxLength: 12 }), fc.nat(), async (accesses, cut) => {
        const log = await chain(accesses);
        const keep = 1 + (cut % (log.length - 1));
        const kept = log.slice(0, keep);
        const reheaded = { seq: keep, hash: kept.at(-1)?.hash ?? '' };
        expect(await verifyChain(kept, reheaded)).toMatchObject({ ok: true });
        const published = log.at(-1)?.hash ?? '';
        expect(await verifyChain(kept, reheaded, published)).toMatchObject({ ok: false, at: keep + 1 });
        // A head published earlier than the cut is still found in the log.
        expect(await verifyChain(kept, reheaded, log[keep - 1]?.hash)).toMatchObject({ ok: true });
      }),
      { numRuns: 60 },
    );
  });
});

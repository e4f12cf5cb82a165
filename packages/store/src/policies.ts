/**
 * The store's policy registry: ODRL policies kept in the store beside the records whose labels name
 * them, so every reader of a shared store weighs the same terms. Store queries and exports resolve
 * policy ids from London's open licences (`LONDON_POLICIES`) overridden by the store's policies,
 * unless the app gives a registry of its own. A stored policy that no longer parses (the database is
 * a boundary too) is treated as not held: records naming it are denied above `open`.
 */
import {
  ConfigError,
  LONDON_POLICY_REGISTRY,
  type OdrlPolicy,
  OdrlPolicySchema,
  type PolicyRegistry,
  policyRegistry,
} from '@ldn-twin/core';
import type { Db } from './db.js';

/** The schema version that added the `policies` table. */
export const POLICIES_VERSION = 4;

/**
 * The policies a store holds, by `uid`.
 *
 * @example
 * ```ts
 * import { EXAMPLE_SHARED_ASSETS_POLICY } from '@ldn-twin/core';
 * import { openStore } from '@ldn-twin/store';
 * const store = await openStore({ path: './london-store' });
 * await store.policies.put([EXAMPLE_SHARED_ASSETS_POLICY]);
 * (await store.policies.list()).map((policy) => policy.uid);
 * ```
 */
export interface StorePolicies {
  /**
   * Validates the policies (all, before storing any) and stores each by `uid`, replacing a policy
   * with the same `uid`; returns how many were stored.
   *
   * @throws SchemaError naming the first value that is not an ODRL policy.
   * @throws ConfigError when the store's schema is older than version 4 (it keeps no policies).
   */
  put(policies: Iterable<unknown>): Promise<number>;
  /** The stored policy with this `uid`, if any. */
  get(uid: string): Promise<OdrlPolicy | undefined>;
  /** Every stored policy, by `uid`. */
  list(): Promise<OdrlPolicy[]>;
  /** London's open licences' policies, overridden by the stored ones: what store queries resolve ids in. */
  registry(): Promise<PolicyRegistry>;
}

/** The policies of the store on `db`, at schema `version`. */
export function storePolicies(db: Db, version: number): StorePolicies {
  const held = version >= POLICIES_VERSION;
  async function list(): Promise<OdrlPolicy[]> {
    if (!held) return [];
    const rows = await db.query<{ policy: unknown }>('SELECT policy FROM policies ORDER BY uid');
    return rows.flatMap((row) => {
      const parsed = OdrlPolicySchema.safeParse(row.policy);
      return parsed.success ? [parsed.data] : [];
    });
  }
  return {
    async put(policies) {
      const valid = [...policyRegistry(policies).values()];
      if (!held) {
        throw new ConfigError(
          `store schema version ${version} keeps no policies: open it without schemaVersion to upgrade it to ${POLICIES_VERSION} or later`,
        );
      }
      await db.transaction(async (tx) => {
        for (const policy of valid) {
          await tx.query(
            `INSERT INTO policies (uid, policy) VALUES ($1, $2::text::jsonb)
             ON CONFLICT (uid) DO UPDATE SET policy = excluded.policy, stored_at = now()`,
            [policy.uid, JSON.stringify(policy)],
          );
        }
      });
      return valid.length;
    },
    async get(uid) {
      if (!held) return undefined;
      const [row] = await db.query<{ policy: unknown }>('SELECT policy FROM policies WHERE uid = $1', [uid]);
      const parsed = OdrlPolicySchema.safeParse(row?.policy);
      return parsed.success ? parsed.data : undefined;
    },
    list,
    async registry() {
      const stored = await list();
      return new Map([...LONDON_POLICY_REGISTRY, ...stored.map((policy) => [policy.uid, policy] as const)]);
    },
  };
}

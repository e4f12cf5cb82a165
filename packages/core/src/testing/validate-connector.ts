/**
 * The conformance check every connector's tests call. It reads the declarative metadata, then runs
 * the given operations (against recorded responses: a HAR replay or msw) and checks what came out:
 * valid twin records of the kinds the operation declares, with provenance naming the connector,
 * a licence with attribution and an access label; a run that ends; and an honest report.
 */
import { connect } from '../connector/connect.js';
import type { AnyConnector } from '../connector/contract.js';
import type { RunReport } from '../connector/mapping.js';
import { isLdnTwinError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { isKind } from '../model/kinds.js';
import { LicenceSchema } from '../model/licence.js';
import { TwinRecordSchema } from '../model/record.js';

/** One operation run to check. */
export interface ConformanceCase {
  readonly operation: string;
  readonly params: unknown;
  /** At least this many records must come out (default 1). */
  readonly minRecords?: number;
  /** Expect the run to fail with an ldn-twin error (for error fixtures) instead of yielding records. */
  readonly expectError?: boolean;
}

/** Options of {@link validateConnector}. */
export interface ValidateConnectorOptions {
  /** The client the runs use, wired to recorded responses. */
  readonly client: HttpClient;
  readonly config?: unknown;
  readonly cases: readonly ConformanceCase[];
}

/** What the check found; `problems` is empty when the connector conforms. */
export interface ConformanceResult {
  readonly problems: string[];
  readonly runs: {
    readonly case: ConformanceCase;
    readonly records: number;
    readonly report: RunReport | undefined;
  }[];
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Checks a connector's metadata and runs its operations, returning every problem found. Pair it
 * with an assertion in your test runner: `expect(result.problems).toEqual([])`.
 *
 * @example
 * ```ts
 * import { createClient, replayHar } from '@ldn-twin/core';
 * import { validateConnector } from '@ldn-twin/core/testing';
 *
 * const client = createClient({ fetch: replayHar(archive) });
 * const result = await validateConnector(planningData, {
 *   client,
 *   cases: [{ operation: 'searchEntities', params: { point: [-0.12, 51.49], datasets: ['conservation-area'] } }],
 * });
 * expect(result.problems).toEqual([]);
 * ```
 */
export async function validateConnector(
  connector: AnyConnector,
  options: ValidateConnectorOptions,
): Promise<ConformanceResult> {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };

  check(KEBAB.test(connector.id), `id "${connector.id}" must be kebab-case`);
  check(connector.title.trim().length > 0, 'title is empty');
  check(connector.description.trim().length > 0, 'description is empty');
  check(connector.twins.length > 0, 'twins is empty: say which London twin or dataset it serves');
  check(connector.publisher.name.trim().length > 0, 'publisher.name is empty');
  check(/^https:\/\//.test(connector.homepage), 'homepage must be an https URL');
  const licence = LicenceSchema.safeParse(connector.licence);
  check(licence.success, 'licence is not a valid Licence');
  check(connector.licence.attribution.length > 0, 'licence.attribution is empty');
  check(
    connector.auth.type === 'none' || connector.auth.description.trim().length > 0,
    'auth needs a description of the credential',
  );
  const operations = Object.entries(connector.operations);
  check(operations.length > 0, 'no operations');
  for (const [name, operation] of operations) {
    check(operation.title.trim().length > 0, `${name}: title is empty`);
    check(typeof operation.params?.safeParse === 'function', `${name}: params is not a zod schema`);
    check(
      operation.produces.length > 0 && operation.produces.every(isKind),
      `${name}: produces unknown kinds`,
    );
  }

  const runs: ConformanceResult['runs'][number][] = [];
  for (const testCase of options.cases) {
    const operation = connector.operations[testCase.operation];
    if (!operation) {
      problems.push(`case ${testCase.operation}: no such operation`);
      continue;
    }
    const label = `${connector.id}.${testCase.operation}`;
    const bound = connect(connector, { client: options.client, config: options.config }) as unknown as Record<
      string,
      (params: unknown) => AsyncIterable<unknown> & { report: RunReport }
    >;
    const stream = bound[testCase.operation]!(testCase.params);
    let records = 0;
    try {
      for await (const record of stream) {
        records += 1;
        const parsed = TwinRecordSchema.safeParse(record);
        if (!parsed.success) {
          problems.push(
            `${label}: invalid record: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
          );
          continue;
        }
        const { featureType, properties } = parsed.data;
        check(
          operation.produces.includes(featureType),
          `${label}: yields ${featureType}, not declared in produces`,
        );
        check(
          properties.provenance.connector === connector.id,
          `${label}: provenance.connector is not "${connector.id}"`,
        );
        check(properties.licence.attribution.length > 0, `${label}: a record has no attribution`);
      }
      if (testCase.expectError) problems.push(`${label}: expected an error, the run succeeded`);
      check(stream.report.complete, `${label}: the run did not end`);
      check(
        records >= (testCase.minRecords ?? 1),
        `${label}: ${records} records, expected at least ${testCase.minRecords ?? 1}`,
      );
    } catch (error) {
      if (!testCase.expectError) problems.push(`${label}: failed: ${(error as Error).message}`);
      check(isLdnTwinError(error), `${label}: threw an untyped error: ${String(error)}`);
    }
    const report = stream.report;
    check(
      report.received === report.mapped + report.failed,
      `${label}: report does not add up: received ${report.received} != mapped ${report.mapped} + failed ${report.failed}`,
    );
    check(
      report.records === records,
      `${label}: report counts ${report.records} records, ${records} came out`,
    );
    runs.push({ case: testCase, records, report });
  }
  return { problems, runs };
}

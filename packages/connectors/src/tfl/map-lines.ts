/**
 * Line statuses to TransportDisruption records: one record per status of a line (a line can carry
 * several at once), "Good Service" included so a status board sees every line. A Good Service
 * status has no `lineId`, `reason` or `disruption`; its `created` is the `0001-01-01` sentinel.
 */
import type { TwinRecordOf } from '@ldn-twin/core';
import { twinRecord } from '@ldn-twin/core';
import { interval, type TflMappingContext, tflProvenance } from './common.js';
import type { RawLine } from './raw.js';

type Disruption = TwinRecordOf<'TransportDisruption'>;

/**
 * TfL's `statusSeverity` of "Good Service".
 *
 * @example
 * ```ts
 * const disrupted = records.filter((r) => r.properties.attributes.severityLevel !== GOOD_SERVICE);
 * ```
 */
export const GOOD_SERVICE = 10;

/**
 * Maps one line to a record per status; `includeGoodService: false` leaves Good Service out.
 *
 * @example
 * ```ts
 * const records = mapLineStatuses(rawLine, { baseUrl, retrievedAt, licence }, true);
 * ```
 */
export function mapLineStatuses(
  line: RawLine,
  ctx: TflMappingContext,
  includeGoodService: boolean,
): Disruption[] {
  const records: Disruption[] = [];
  line.lineStatuses.forEach((status, index) => {
    if (!includeGoodService && status.statusSeverity === GOOD_SERVICE) return;
    const periods = status.validityPeriods
      .filter((p) => p.fromDate !== undefined)
      .map((p) => ({
        from: p.fromDate as string,
        ...(p.toDate ? { to: p.toDate } : {}),
        ...(typeof p.isNow === 'boolean' ? { isNow: p.isNow } : {}),
      }));
    // The period that applies now, else the first one published.
    const current = periods.find((p) => p.isNow) ?? periods[0];
    const disruption = status.disruption ?? undefined;
    const lineId = status.lineId ?? line.id;
    const local = `${line.id}/${index}`;
    records.push(
      twinRecord('TransportDisruption', {
        id: ['tfl-line-status', local],
        time: current ? interval(current.from, current.to) : null,
        name: `${line.name ?? line.id}: ${status.statusSeverityDescription}`,
        ...((status.reason ?? disruption?.description)
          ? { description: (status.reason ?? disruption?.description) as string }
          : {}),
        identifiers: [{ scheme: 'other', value: lineId, issuer: 'tfl-line' }],
        validFrom: current ? current.from : undefined,
        ...(current?.to ? { validTo: current.to } : {}),
        recordedAt: status.modified ?? status.created ?? line.modified ?? ctx.retrievedAt,
        provenance: tflProvenance(ctx, 'Line status', local, `/Line/${encodeURIComponent(line.id)}/Status`),
        licence: ctx.licence,
        attributes: {
          disruptionType: 'line-status',
          mode: line.modeName,
          lineName: line.name,
          category: disruption?.category,
          closure: disruption?.closureText,
          severity: status.statusSeverityDescription,
          severityLevel: status.statusSeverity,
          affectedLines: [lineId],
          validityPeriods: periods.length > 0 ? periods : undefined,
        },
      }),
    );
  });
  return records;
}

/**
 * NESO Data Portal (CKAN) payloads: the `{help, success, result}` envelope (real capture of
 * `datapackage_show`), a dataset's resources with `id`, `datastore_active` and `last_modified`
 * (zoneless CKAN timestamps, UTC), and `datastore_search` results with `records` and `total` (CKAN
 * standard; no real body was found). Cardinal-point demand forecast rows carry the fields the
 * dataset pages' "Table Information" lists: `TARGETDATE`, `FORECASTDEMAND` (MW), `CARDINALPOINT`,
 * `CP_TYPE`, `CP_ST_TIME`, `CP_END_TIME` (`930` = 09:30), `DAYSAHEAD`.
 */
import { optionalNumber, optionalText } from '@ldn-twin/core';
import { z } from 'zod';

/** A CKAN envelope around `result`; `success: false` bodies fail it (and become a SchemaError). */
export const ckanEnvelope = <T extends z.ZodType>(result: T) =>
  z.looseObject({ success: z.literal(true), result });

/** One resource of a dataset. */
export const RawResource = z.looseObject({
  id: z.string().min(1),
  name: optionalText(),
  title: optionalText(),
  datastore_active: z.boolean().optional(),
  last_modified: optionalText(),
  metadata_modified: optionalText(),
});
export type RawResource = z.output<typeof RawResource>;

/** `datapackage_show`: the dataset with its resources and licences. */
export const RawDataPackage = ckanEnvelope(
  z.looseObject({
    name: z.string().min(1),
    title: optionalText(),
    resources: z.array(RawResource),
    licenses: z.array(z.looseObject({ title: optionalText(), path: optionalText() })).optional(),
  }),
);

/** `datastore_search`: rows stay unknown and are parsed one by one. */
export const RawDatastoreSearch = ckanEnvelope(
  z.looseObject({ records: z.array(z.unknown()), total: z.number().int().nonnegative().optional() }),
);

/** `930`, `"0930"`, `"09:30"`: a clock time as minutes after midnight. */
const ClockTime = z
  .union([z.number(), z.string(), z.null()])
  .transform((value, ctx) => {
    if (value === null || value === '') return undefined;
    const digits = String(value).replace(':', '').trim();
    const n = Number(digits);
    const minutes = Math.floor(n / 100) * 60 + (n % 100);
    if (!/^\d{1,4}$/.test(digits) || n % 100 >= 60 || minutes > 24 * 60) {
      ctx.issues.push({
        code: 'custom',
        message: `expected a clock time like 930, got ${JSON.stringify(value)}`,
        input: value,
      });
      return z.NEVER;
    }
    return minutes;
  })
  .optional();

/** `2021-04-24T00:00:00Z`, `2021-04-24` or the older `20200325`: an ISO date. */
const TargetDate = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value).trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const date = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : text.slice(0, 10);
  if (!z.iso.date().safeParse(date).success) {
    ctx.issues.push({
      code: 'custom',
      message: `expected a date, got ${JSON.stringify(value)}`,
      input: value,
    });
    return z.NEVER;
  }
  return date;
});

/**
 * One cardinal point of a national demand forecast.
 *
 * @example
 * ```ts
 * RawCardinalPoint.parse({ TARGETDATE: '2021-04-24T00:00:00Z', FORECASTDEMAND: 28000, CARDINALPOINT: 'DP', CP_TYPE: 'P', CP_ST_TIME: 1700, CP_END_TIME: 1730 });
 * ```
 */
export const RawCardinalPoint = z.looseObject({
  _id: optionalNumber(),
  TARGETDATE: TargetDate,
  FORECASTDEMAND: optionalNumber().pipe(z.number({ error: 'expected FORECASTDEMAND, a number' })),
  CARDINALPOINT: optionalText(),
  CP_TYPE: optionalText(),
  CP_ST_TIME: ClockTime,
  CP_END_TIME: ClockTime,
  DAYSAHEAD: optionalNumber(),
});
export type RawCardinalPoint = z.output<typeof RawCardinalPoint>;

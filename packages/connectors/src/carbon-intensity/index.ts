/**
 * Carbon Intensity API (National Grid ESO, api.carbonintensity.org.uk): the smart-energy twin's
 * view of how clean the grid's electricity is, half hour by half hour, for Great Britain and for
 * London (region 13), now and up to 48 hours ahead, with the regional generation mix. Every figure
 * is an Observation; forecasts are `modelled`, actuals `measured`. No key.
 *
 * @packageDocumentation
 */
import type { Connector, Licence, Operation, OperationContext, TwinRecordOf } from '@ldn-twin/core';
import * as z from 'zod';
import { type CarbonScope, mapPeriod } from './map.js';
import {
  RawGenerationPeriod,
  RawGenerationResponse,
  RawNationalResponse,
  RawPeriod,
  RawRegionalResponse,
} from './raw.js';

export {
  CARBON_INTENSITY_PROPERTY,
  GRAMS_CO2_PER_KWH,
  generationShareProperty,
  PERCENT,
} from './map.js';

/**
 * The region id of London (DNO region "UKPN London") in the API's region table.
 *
 * @example
 * ```ts
 * import { LONDON_REGION_ID } from '@ldn-twin/connectors/carbon-intensity';
 * grid.regionalIntensity({ regionId: LONDON_REGION_ID, window: 'fw48h' });
 * ```
 */
export const LONDON_REGION_ID = 13;

/**
 * The credit line records carry. The API is CC BY 4.0 but publishes no attribution wording, so this
 * one names the API and its publisher; replace it in config if you have an agreed wording.
 *
 * @example
 * ```ts
 * import { CARBON_INTENSITY_ATTRIBUTION } from '@ldn-twin/connectors/carbon-intensity';
 * footer.textContent = CARBON_INTENSITY_ATTRIBUTION;
 * ```
 */
export const CARBON_INTENSITY_ATTRIBUTION =
  'Carbon Intensity API (National Grid ESO / NESO), carbonintensity.org.uk, licensed under CC BY 4.0';

const CC_BY_4_URL = 'https://creativecommons.org/licenses/by/4.0/';

const CarbonIntensityConfig = z.object({
  /** The service root; override it to go through a proxy. */
  baseUrl: z
    .url()
    .default('https://api.carbonintensity.org.uk')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The attribution statements records carry. */
  attribution: z.array(z.string().min(1)).min(1).default([CARBON_INTENSITY_ATTRIBUTION]),
});
type CarbonIntensityConfig = z.output<typeof CarbonIntensityConfig>;

const LICENCE: Licence = { id: 'CC-BY-4.0', url: CC_BY_4_URL, attribution: [CARBON_INTENSITY_ATTRIBUTION] };

/** `current`: the half hour now; `fw24h`/`fw48h`: forecast 24 or 48 hours ahead; `pt24h`: the past 24 hours. */
const Window = z.enum(['current', 'fw24h', 'fw48h', 'pt24h']);

const NationalParams = z.object({
  window: Window.default('current'),
  /** Start of a window (default: now); ignored for `current`. */
  from: z.iso.datetime({ offset: true }).optional(),
});

const RegionalParams = z.object({
  /** 1 to 17 (the API's region table); default 13, London. */
  regionId: z.int().min(1).max(17).default(LONDON_REGION_ID),
  window: Window.default('current'),
  /** Start of a window (default: now); ignored for `current`. */
  from: z.iso.datetime({ offset: true }).optional(),
});

type Observation = TwinRecordOf<'Observation'>;

/** `{from}` as the API wants it: `YYYY-MM-DDThh:mmZ`, UTC. */
function apiTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16)}Z`;
}

function licence(ctx: OperationContext<CarbonIntensityConfig>): Licence {
  return { ...LICENCE, attribution: ctx.config.attribution };
}

const NationalRangeParams = z
  .object({
    /** Start of the range (RFC 3339); the API takes it to the minute, in UTC. */
    from: z.iso.datetime({ offset: true }),
    /** End of the range (RFC 3339), after `from`. The API's longest range is unconfirmed. */
    to: z.iso.datetime({ offset: true }),
  })
  .refine((p) => Date.parse(p.to) > Date.parse(p.from), {
    message: '`to` must be after `from`',
    path: ['to'],
  });

/** An outward postcode (the part before the space): the only form the postcode routes take. */
const Outcode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/, 'an outward postcode such as SW1A or SE1 (not a full postcode)');

const PostcodeParams = z.object({
  outcode: Outcode,
  window: Window.default('current'),
  /** Start of a window (default: now); ignored for `current`. */
  from: z.iso.datetime({ offset: true }).optional(),
});

const GenerationParams = z
  .object({
    /** Start of a range (RFC 3339); with `to`. Both absent: the current half hour. */
    from: z.iso.datetime({ offset: true }).optional(),
    /** End of the range (RFC 3339), after `from`. */
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((p) => (p.from === undefined) === (p.to === undefined), {
    message: 'give both `from` and `to`, or neither',
    path: ['to'],
  })
  .refine((p) => !p.from || !p.to || Date.parse(p.to) > Date.parse(p.from), {
    message: '`to` must be after `from`',
    path: ['to'],
  });

const RegionalRangeParams = z
  .object({
    /** 1 to 17 (the API's region table); default 13, London. Not with `outcode`. */
    regionId: z.int().min(1).max(17).optional(),
    /** An outward postcode instead of a region id (its region). */
    outcode: Outcode.optional(),
    /** Start of the range (RFC 3339). */
    from: z.iso.datetime({ offset: true }),
    /** End of the range (RFC 3339), after `from`. */
    to: z.iso.datetime({ offset: true }),
  })
  .refine((p) => !(p.regionId !== undefined && p.outcode !== undefined), {
    message: 'give a regionId or an outcode, not both',
    path: ['outcode'],
  })
  .refine((p) => Date.parse(p.to) > Date.parse(p.from), {
    message: '`to` must be after `from`',
    path: ['to'],
  });

const NATIONAL_MIX: CarbonScope = {
  key: 'national',
  label: 'Great Britain',
  dataset: 'National generation mix',
  mixName: 'generation mix',
};

const NATIONAL: CarbonScope = {
  key: 'national',
  label: 'Great Britain',
  dataset: 'National carbon intensity',
};

type Ctx = OperationContext<CarbonIntensityConfig>;

/** Fetches a national route and maps its periods. */
async function* national(ctx: Ctx, path: string, label: string): AsyncGenerator<Observation> {
  const { data, url: sourceUrl } = await ctx.client.json(
    `${ctx.config.baseUrl}${path}`,
    RawNationalResponse,
    {
      label: `carbon-intensity ${label}`,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
  ctx.page(data.data.length);
  yield* ctx.mapper.each(data.data, RawPeriod, (period) =>
    mapPeriod(period, { retrievedAt: ctx.retrievedAt, licence: licence(ctx), sourceUrl, scope: NATIONAL }),
  );
}

/** Fetches a regional route (one region or a postcode's region) and maps every region's periods. */
async function* regional(ctx: Ctx, path: string, label: string): AsyncGenerator<Observation> {
  const { data, url: sourceUrl } = await ctx.client.json(
    `${ctx.config.baseUrl}${path}`,
    RawRegionalResponse,
    {
      label: `carbon-intensity ${label}`,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
  for (const region of data.data) {
    ctx.page(region.data.length);
    const scope: CarbonScope = {
      key: `region-${region.regionid}`,
      label: region.shortname ?? region.dnoregion ?? `Region ${region.regionid}`,
      dataset: 'Regional carbon intensity',
    };
    yield* ctx.mapper.each(region.data, RawPeriod, (period) =>
      mapPeriod(period, { retrievedAt: ctx.retrievedAt, licence: licence(ctx), sourceUrl, scope }),
    );
  }
}

const nationalIntensity: Operation<typeof NationalParams, Observation, CarbonIntensityConfig> = {
  title: 'National carbon intensity',
  description:
    'Great Britain carbon intensity per half hour: now, or a window forecast ahead or looking back; forecast and (where known) actual.',
  params: NationalParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const path =
      params.window === 'current'
        ? '/intensity'
        : `/intensity/${apiTime(params.from ?? ctx.retrievedAt)}/${params.window}`;
    yield* national(ctx, path, 'national');
  },
};

const nationalIntensityRange: Operation<typeof NationalRangeParams, Observation, CarbonIntensityConfig> = {
  title: 'National carbon intensity between two times',
  description:
    'Great Britain carbon intensity per half hour between two instants: forecast and (where known) actual.',
  params: NationalRangeParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    yield* national(ctx, `/intensity/${apiTime(params.from)}/${apiTime(params.to)}`, 'national range');
  },
};

const nationalGenerationMix: Operation<typeof GenerationParams, Observation, CarbonIntensityConfig> = {
  title: 'National generation mix',
  description:
    "Great Britain's generation mix by fuel (percent) per half hour: the current half hour, or every half hour between two instants.",
  params: GenerationParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const path =
      params.from && params.to ? `/generation/${apiTime(params.from)}/${apiTime(params.to)}` : '/generation';
    const { data, url: sourceUrl } = await ctx.client.json(
      `${ctx.config.baseUrl}${path}`,
      RawGenerationResponse,
      {
        label: 'carbon-intensity generation mix',
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
    );
    ctx.page(data.data.length);
    yield* ctx.mapper.each(data.data, RawGenerationPeriod, (period) =>
      mapPeriod(
        { ...period, intensity: {} },
        { retrievedAt: ctx.retrievedAt, licence: licence(ctx), sourceUrl, scope: NATIONAL_MIX },
      ),
    );
  },
};

/** A region's path (`regionid/13`, `postcode/SE1`): the current half hour, or a window from an instant. */
function regionalPath(where: string, window: string, from: string): string {
  return window === 'current'
    ? `/regional/${where}`
    : `/regional/intensity/${apiTime(from)}/${window}/${where}`;
}

const regionalIntensity: Operation<typeof RegionalParams, Observation, CarbonIntensityConfig> = {
  title: 'Regional carbon intensity and generation mix',
  description:
    'One region (London by default) per half hour: forecast carbon intensity and generation mix by fuel, now or 24/48 hours ahead.',
  params: RegionalParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const where = `regionid/${params.regionId}`;
    yield* regional(ctx, regionalPath(where, params.window, params.from ?? ctx.retrievedAt), 'regional');
  },
};

const regionalIntensityRange: Operation<typeof RegionalRangeParams, Observation, CarbonIntensityConfig> = {
  title: 'Regional carbon intensity between two times',
  description:
    'One region (London by default, or the region of an outward postcode) per half hour between two instants: forecast carbon intensity and generation mix by fuel.',
  params: RegionalRangeParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const where = params.outcode
      ? `postcode/${params.outcode}`
      : `regionid/${params.regionId ?? LONDON_REGION_ID}`;
    yield* regional(
      ctx,
      `/regional/intensity/${apiTime(params.from)}/${apiTime(params.to)}/${where}`,
      'regional range',
    );
  },
};

const regionalIntensityByPostcode: Operation<typeof PostcodeParams, Observation, CarbonIntensityConfig> = {
  title: 'Carbon intensity and generation mix for a postcode',
  description:
    'The region of an outward postcode (SE1, SW1A) per half hour: forecast carbon intensity and generation mix by fuel, now or 24/48 hours ahead or back.',
  params: PostcodeParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const where = `postcode/${params.outcode}`;
    yield* regional(
      ctx,
      regionalPath(where, params.window, params.from ?? ctx.retrievedAt),
      'regional postcode',
    );
  },
};

/**
 * The Carbon Intensity API connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { carbonIntensity } from '@ldn-twin/connectors/carbon-intensity';
 *
 * const grid = connect(carbonIntensity, { client: createClient() });
 * // London, the next 24 hours: intensity forecasts and the generation mix by fuel.
 * const { records } = await grid.regionalIntensity({ window: 'fw24h' }).collect();
 * const intensity = records.filter((r) => r.properties.attributes.unitOfMeasurement.symbol === 'gCO2/kWh');
 * ```
 */
export const carbonIntensity = {
  id: 'carbon-intensity',
  title: 'Carbon Intensity API (National Grid ESO)',
  description:
    'Forecast and estimated actual carbon intensity of electricity in Great Britain and its regions, per half hour up to 48 hours ahead, with the regional generation mix.',
  twins: ['smart-energy', 'zero-carbon-and-retrofit'],
  publisher: { name: 'National Grid ESO', url: 'https://carbonintensity.org.uk' },
  homepage: 'https://carbonintensity.org.uk',
  licence: LICENCE,
  auth: { type: 'none' },
  browser: {
    cors: false,
    note: 'CORS support is unconfirmed; from a browser, set `baseUrl` to a proxy if direct calls are blocked.',
  },
  config: CarbonIntensityConfig,
  operations: {
    nationalIntensity,
    nationalIntensityRange,
    nationalGenerationMix,
    regionalIntensity,
    regionalIntensityRange,
    regionalIntensityByPostcode,
  },
} satisfies Connector<typeof CarbonIntensityConfig>;

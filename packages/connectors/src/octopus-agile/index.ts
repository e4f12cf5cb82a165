/**
 * Octopus Energy's public REST API: Agile Octopus half-hourly electricity prices for a region (London
 * is `C`), as Observations in pence per kWh including VAT. Keyless. The product code changes with
 * each Agile version, so the current import product is discovered unless one is given.
 *
 * Terms: no licence or reuse terms for the public API were found. Records credit Octopus Energy;
 * cache prices for your own use and do not republish the raw feed (as an open dataset, say) without
 * Octopus's permission.
 *
 * @packageDocumentation
 */
import {
  ConfigError,
  type Connector,
  LicenceSchema,
  linkPages,
  type Operation,
  type OperationContext,
  SchemaError,
  type TwinRecordOf,
} from '@ldn-twin/core';
import { z } from 'zod';
import { mapUnitRate } from './map.js';
import { RawPage, type RawProduct, RawProduct as RawProductSchema, RawUnitRate } from './raw.js';

export { UNIT_RATE_PROPERTY } from './map.js';

/**
 * London's region letter (grid supply point group `_C`).
 *
 * @example
 * ```ts
 * import { LONDON_REGION } from '@ldn-twin/connectors/octopus-agile';
 * prices.unitRates({ region: LONDON_REGION });
 * ```
 */
export const LONDON_REGION = 'C';

/**
 * The credit line records carry. Octopus's terms for the public API are unconfirmed: keep the
 * credit, do not republish the raw feed.
 *
 * @example
 * ```ts
 * import { AGILE_ATTRIBUTION } from '@ldn-twin/connectors/octopus-agile';
 * footer.textContent = AGILE_ATTRIBUTION;
 * ```
 */
export const AGILE_ATTRIBUTION =
  'Prices: Octopus Energy Agile (terms of reuse unconfirmed: do not republish the raw feed)';

const DEFAULT_LICENCE = {
  id: 'LicenseRef-Octopus-Energy-terms-unconfirmed',
  url: 'https://developer.octopus.energy/docs/api/',
  attribution: [AGILE_ATTRIBUTION],
};

const OctopusAgileConfig = z.object({
  /** The API root; override it to go through a proxy (next links are followed through it too). */
  baseUrl: z
    .url()
    .default('https://api.octopus.energy')
    .transform((url) => url.replace(/\/+$/, '')),
  licence: LicenceSchema.default(DEFAULT_LICENCE),
});
type OctopusAgileConfig = z.output<typeof OctopusAgileConfig>;

const Instant = z.iso.datetime({ offset: true });

const UnitRatesParams = z
  .strictObject({
    /** Region letter (no I or O); London is `C`. */
    region: z
      .string()
      .regex(/^[A-HJ-NP]$/, 'a region letter A-P without I and O')
      .default(LONDON_REGION),
    /** The Agile product (e.g. `AGILE-24-10-01`); unset: the current import product is discovered. */
    productCode: z
      .string()
      .regex(/^[A-Z0-9-]+$/)
      .optional(),
    /** Prices valid from this instant (inclusive); default now. */
    from: Instant.optional(),
    /** Prices valid to this instant (exclusive); default: as far as published. */
    to: Instant.optional(),
    /** Rates per page: 1500, what public clients use (official maximum unconfirmed). */
    pageSize: z.int().min(1).max(1500).default(1500),
  })
  .refine((p) => !p.to || !p.from || Date.parse(p.from) < Date.parse(p.to), {
    message: 'from must be before to',
  });

type Observation = TwinRecordOf<'Observation'>;

/** A next link through the configured root (the API's links point at its own host). */
function through(config: OctopusAgileConfig, link: string | null | undefined): string | undefined {
  if (!link) return undefined;
  const url = new URL(link);
  return `${config.baseUrl}${url.pathname}${url.search}`;
}

/**
 * The current Agile import product among products: display name "Agile Octopus", direction IMPORT,
 * brand OCTOPUS_ENERGY, still available; the newest if several.
 *
 * @example
 * ```ts
 * currentAgileProduct(products)?.code; // 'AGILE-24-04-03'
 * ```
 */
export function currentAgileProduct(products: readonly RawProduct[]): RawProduct | undefined {
  return products
    .filter(
      (p) =>
        p.display_name === 'Agile Octopus' &&
        p.direction === 'IMPORT' &&
        p.brand === 'OCTOPUS_ENERGY' &&
        (p.available_to ?? null) === null,
    )
    .sort((a, b) => Date.parse(b.available_from ?? '') - Date.parse(a.available_from ?? '') || 0)[0];
}

async function discover(ctx: OperationContext<OctopusAgileConfig>): Promise<string> {
  const products: RawProduct[] = [];
  const pages = linkPages({
    first: `${ctx.config.baseUrl}/v1/products/?brand=OCTOPUS_ENERGY&is_variable=true`,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    fetchPage: async (url, signal) => {
      const { data } = await ctx.client.json(url, RawPage, {
        label: 'octopus-agile products',
        ...(signal ? { signal } : {}),
      });
      return { page: data.results, next: through(ctx.config, data.next) };
    },
  });
  let unreadable: { issues: z.core.$ZodIssue[]; raw: unknown } | undefined;
  for await (const page of pages) {
    for (const item of page) {
      const parsed = RawProductSchema.safeParse(item);
      if (parsed.success) products.push(parsed.data);
      else unreadable ??= { issues: parsed.error.issues, raw: item };
    }
  }
  const product = currentAgileProduct(products);
  // A product that could not be read may be the one wanted: say the listing changed shape.
  if (!product && unreadable)
    throw new SchemaError('octopus-agile products', unreadable.issues, unreadable.raw);
  if (!product)
    throw new ConfigError('octopus-agile: no current Agile Octopus import product listed; give productCode');
  return product.code;
}

const unitRates: Operation<typeof UnitRatesParams, Observation, OctopusAgileConfig> = {
  title: 'Agile half-hourly unit rates',
  description:
    'Agile Octopus half-hourly electricity prices for a region (London by default), from now or a given time as far as published, in pence per kWh including VAT, oldest first.',
  params: UnitRatesParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const productCode = params.productCode ?? (await discover(ctx));
    const tariffCode = `E-1R-${productCode}-${params.region}`;
    const path = `/v1/products/${productCode}/electricity-tariffs/${tariffCode}/standard-unit-rates/`;
    const query = new URLSearchParams({
      period_from: params.from ?? ctx.retrievedAt,
      ...(params.to ? { period_to: params.to } : {}),
      page_size: String(params.pageSize),
    });
    const first = `${ctx.config.baseUrl}${path}?${query}`;
    const mapping = {
      retrievedAt: ctx.retrievedAt,
      licence: ctx.config.licence,
      tariffCode,
      productCode,
      sourceUrl: `https://api.octopus.energy${path}`,
    };
    const pages = linkPages({
      first,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      fetchPage: async (url, signal) => {
        const { data } = await ctx.client.json(url, RawPage, {
          label: 'octopus-agile unit rates',
          ...(signal ? { signal } : {}),
        });
        return { page: data.results, next: through(ctx.config, data.next) };
      },
    });
    for await (const rates of pages) {
      ctx.page(rates.length);
      // The API answers newest first; a page is put oldest first (pages themselves run newest first).
      yield* ctx.mapper.each([...rates].reverse(), RawUnitRate, (rate) => mapUnitRate(rate, mapping));
    }
  },
};

/**
 * The Octopus Agile price connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { octopusAgile } from '@ldn-twin/connectors/octopus-agile';
 *
 * const agile = connect(octopusAgile, { client: createClient() });
 * const { records } = await agile.unitRates({ region: 'C' }).collect();
 * const cheapest = records.reduce((a, b) => (Number(b.properties.attributes.result) < Number(a.properties.attributes.result) ? b : a));
 * ```
 */
export const octopusAgile = {
  id: 'octopus-agile',
  title: 'Octopus Energy Agile prices',
  description:
    "Agile Octopus half-hourly electricity prices (pence per kWh) by region, London being region C, from Octopus Energy's public API. Terms of reuse unconfirmed: do not republish the raw feed.",
  twins: ['smart-energy'],
  publisher: { name: 'Octopus Energy', url: 'https://octopus.energy' },
  homepage: 'https://developer.octopus.energy/docs/api/',
  licence: DEFAULT_LICENCE,
  auth: { type: 'none' },
  // No rate limit is published for the public REST endpoints: a polite default.
  rateLimits: { 'api.octopus.energy': { requestsPerSecond: 1, burst: 3, concurrency: 2 } },
  browser: { cors: false, note: 'CORS is unconfirmed: call through a server-side proxy (`baseUrl`).' },
  config: OctopusAgileConfig,
  operations: { unitRates },
} satisfies Connector<typeof OctopusAgileConfig>;

/**
 * EPC: Energy Performance Certificates of England and Wales, the zero-carbon and retrofit twin:
 * ratings, efficiencies, CO2, floor area, building descriptors and recommendations per certificate,
 * as EnergyPerformance records linked to their Building by UPRN. Searches by council or postcode,
 * single certificates, and a streaming import of the bulk CSV files (v1 and replacement formats).
 *
 * The transport is an {@link EpcSource} in config: the replacement register
 * (get-energy-performance-data, bearer token) by default; the retired v1 API (Open Data Communities,
 * Basic auth) stays available for archives and proxies. One mapping serves both.
 *
 * @packageDocumentation
 */
import {
  AccessLabelSchema,
  type Connector,
  type CsvSource,
  eachCsvRecord,
  isCsvSource,
  type Licence,
  LicenceSchema,
  mapPage,
  OPEN_ACCESS,
  type Operation,
  type OperationContext,
} from '@ldn-twin/core';
import * as z from 'zod';
import { getEnergyPerformanceData } from './energy-performance-data.js';
import { type EnergyPerformanceRecord, type EpcMappingContext, mapCertificate } from './map.js';
import { RawCertificate } from './raw.js';
import { type EpcSource, type EpcSourceContext, isEpcSource } from './source.js';

export {
  DEFAULT_DETAIL_FIELDS,
  type EnergyPerformanceDataOptions,
  energyPerformanceDataSource,
  getEnergyPerformanceData,
} from './energy-performance-data.js';
export {
  type CertificateType,
  type EnergyPerformanceRecord,
  type EpcMappingContext,
  mapCertificate,
} from './map.js';
export { RawCertificate, RawSearch } from './raw.js';
export {
  type EpcSearchQuery,
  type EpcSource,
  type EpcSourceContext,
  isEpcSource,
  openDataCommunitiesV1,
} from './source.js';

/**
 * The licence of the register's data is unconfirmed (field guide, section 4): this default names the
 * source and says so; set `licence` in config once you have confirmed the terms.
 */
const DEFAULT_LICENCE: Licence = {
  id: 'LicenseRef-EPC-register-unconfirmed',
  attribution: [
    'Energy Performance Certificates: Ministry of Housing, Communities and Local Government. Licence terms unconfirmed: the replacement register states OGL v3.0 for all fields except addresses (OS AddressBase / Royal Mail PAF, energy-performance purposes only).',
  ],
};

const EpcConfig = z.object({
  /** The API root; override it for a proxy. Default: the source's own (`defaultBaseUrl`). */
  baseUrl: z
    .url()
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** The replacement register's bearer token (from "My account" after a GOV.UK One Login sign-in). Redacted everywhere. */
  token: z.string().min(1).optional(),
  /** v1 only: the email address the API key was registered with (Basic auth user name). */
  email: z.string().min(1).optional(),
  /** v1 only: the API key (Basic auth password). Redacted everywhere. */
  apiKey: z.string().min(1).optional(),
  /** The transport: the replacement register by default; `openDataCommunitiesV1` for the retired v1 API. */
  source: z
    .custom<EpcSource>(isEpcSource, { message: 'source must be an EpcSource' })
    .default(getEnergyPerformanceData),
  /** The licence and attribution put on every record (the register's licence is unconfirmed). */
  licence: LicenceSchema.default(DEFAULT_LICENCE),
  /** The access label put on every record: open by default (a public register anyone may download). */
  access: AccessLabelSchema.default(OPEN_ACCESS),
});
type EpcConfig = z.output<typeof EpcConfig>;

const CertificateTypeParam = z.enum(['domestic', 'non-domestic']).default('domestic');
const GSS = z.string().regex(/^[EW]\d{8}$/, 'a local authority GSS code such as E09000013');

const SearchParams = z
  .object({
    /** Domestic (default) or non-domestic certificates. */
    type: CertificateTypeParam,
    /** The local authority's ONS (GSS) code, e.g. E09000013 (the register is asked by its name for London boroughs). */
    localAuthority: GSS.optional(),
    /** A council by name, as the replacement register spells it, e.g. "Hammersmith and Fulham" (not for v1). */
    council: z.string().trim().min(2).optional(),
    /** A postcode, e.g. "SW6 7SR". */
    postcode: z.string().trim().min(2).optional(),
    /** Rows per page, 1 to 5,000 (the API's maximum, the default). */
    pageSize: z.int().min(1).max(5000).default(5000),
    /**
     * Fetch each certificate's detail where search rows lack it (the replacement register's rows
     * carry only the band and date; efficiencies, CO2 and recommendations are in the certificate):
     * one more request per certificate. v1 rows are complete and ignore it.
     */
    details: z.boolean().default(false),
  })
  .refine((p) => p.localAuthority !== undefined || p.postcode !== undefined || p.council !== undefined, {
    message: 'give a localAuthority, a council or a postcode',
  });

const CertificateParams = z.object({
  type: CertificateTypeParam,
  /** The certificate's key: its certificate number (replacement register) or `lmk-key` (v1). */
  key: z.string().trim().min(1),
});

const ImportParams = z.object({
  type: CertificateTypeParam,
  /** The CSV: a byte stream (`fetch` body, file stream) or an async iterable of text or byte chunks. */
  csv: z.custom<CsvSource>(isCsvSource, {
    message: 'csv must be a ReadableStream<Uint8Array> or an (async) iterable of strings or Uint8Arrays',
  }),
  /** Rows per page of the run report (and its progress events), counted as each page's rows are done. */
  batchSize: z.int().min(1).max(100_000).default(100),
});

/** A CSV row before parsing: a `problem` (wrong field count, bad quoting) fails it at path `problem`. */
const CsvCertificate = z.object({
  line: z.number(),
  problem: z.undefined({ error: (issue) => String(issue.input) }).optional(),
  values: RawCertificate,
});

const search: Operation<typeof SearchParams, EnergyPerformanceRecord, EpcConfig> = {
  title: 'Search certificates',
  description:
    'Domestic or non-domestic certificates of a local authority (GSS code) or a postcode, paging with the X-Next-Search-After cursor, up to 5,000 a page.',
  params: SearchParams,
  produces: ['EnergyPerformance'],
  async *run(params, ctx) {
    const mapping = mappingContext(ctx, params.type);
    const pages = ctx.config.source.search(
      {
        type: params.type,
        localAuthority: params.localAuthority,
        council: params.council,
        postcode: params.postcode,
        pageSize: params.pageSize,
        details: params.details,
      },
      sourceContext(ctx),
    );
    for await (const rows of pages) {
      // for...of, not yield*: an async generator's yield* over a sync one wraps every step in promises.
      for (const record of mapPage(ctx, rows, ctx.config.source.row, (row) => mapCertificate(row, mapping))) {
        yield record;
      }
    }
  },
};

const certificate: Operation<typeof CertificateParams, EnergyPerformanceRecord, EpcConfig> = {
  title: 'Get certificate',
  description:
    'One certificate by its key (certificate number, or lmk-key for v1), with its recommendations where the register has them; v1 answers an unknown key with an HttpError (404), the replacement register with no record.',
  params: CertificateParams,
  produces: ['EnergyPerformance'],
  async *run(params, ctx) {
    const rows = await ctx.config.source.certificate(params.type, params.key, sourceContext(ctx));
    yield* mapPage(ctx, rows, ctx.config.source.row, (row) =>
      mapCertificate(row, mappingContext(ctx, params.type)),
    );
  },
};

const importCsv: Operation<typeof ImportParams, EnergyPerformanceRecord, EpcConfig> = {
  title: 'Import bulk CSV',
  description:
    "Streams a bulk certificates CSV (v1 files keyed by LMK_KEY, or the replacement register's by CERTIFICATE_NUMBER) row by row with flat memory; header names are normalised (LMK_KEY and lmk-key are the same column), and a malformed row is a reported issue.",
  params: ImportParams,
  produces: ['EnergyPerformance'],
  async *run(params, ctx) {
    const mapping = mappingContext(ctx, params.type);
    const toRecord = (row: z.output<typeof CsvCertificate>) => mapCertificate(row.values, mapping);
    // Each row is cut from the text, parsed, mapped and handed on before the next: with a batch of
    // rows alive while each is validated, V8 keeps whole batches into the old generation and a bulk
    // file's garbage piles up (docs/epc.md, "Benchmark"). A page is counted once its rows are done.
    let inPage = 0;
    for await (const record of eachCsvRecord(params.csv, {
      normaliseName: columnName,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    })) {
      yield* ctx.mapper.each([record], CsvCertificate, toRecord);
      inPage += 1;
      if (inPage === params.batchSize) {
        ctx.page(inPage);
        inPage = 0;
      }
    }
    if (inPage > 0) ctx.page(inPage);
  },
};

/**
 * The bulk files' headers and the API's keys name the same columns in two spellings
 * (`CURRENT_ENERGY_RATING`, `current-energy-rating`): both become the API's kebab case.
 */
function columnName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

function sourceContext(ctx: OperationContext<EpcConfig>): EpcSourceContext {
  return {
    client: ctx.client,
    signal: ctx.signal,
    baseUrl: ctx.config.baseUrl ?? ctx.config.source.defaultBaseUrl,
    email: ctx.config.email,
    apiKey: ctx.config.apiKey,
    token: ctx.config.token,
  };
}

function mappingContext(
  ctx: OperationContext<EpcConfig>,
  certificateType: EpcMappingContext['certificateType'],
): EpcMappingContext {
  const { source, licence, access } = ctx.config;
  const baseUrl = ctx.config.baseUrl ?? source.defaultBaseUrl;
  return {
    certificateType,
    retrievedAt: ctx.retrievedAt,
    licence,
    access,
    certificateUrl: (lmkKey) => source.certificateUrl(certificateType, lmkKey, baseUrl),
  };
}

/**
 * The EPC connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { epc } from '@ldn-twin/connectors/epc';
 *
 * const certificates = connect(epc, { client: createClient(), config: { token: process.env.EPC_TOKEN } });
 * for await (const cert of certificates.search({ council: 'Hammersmith and Fulham', details: true })) {
 *   console.log(cert.properties.attributes.uprn, cert.properties.attributes.currentEfficiency);
 * }
 *
 * // A bulk file (either register's format), streamed with flat memory:
 * const response = await fetch(bulkCsvUrl);
 * for await (const cert of certificates.importCsv({ csv: response.body! })) save(cert);
 * ```
 */
export const epc = {
  id: 'epc',
  title: 'Energy Performance Certificates (get energy performance of buildings data)',
  description:
    'Energy Performance Certificates for domestic and non-domestic buildings in England and Wales: ratings, efficiencies, CO2, floor area, age band, property type, built form, tenure and recommendations, by UPRN.',
  twins: ['zero-carbon-and-retrofit', 'building-stock'],
  publisher: {
    name: 'Ministry of Housing, Communities and Local Government',
    url: 'https://get-energy-performance-data.communities.gov.uk',
  },
  homepage: 'https://get-energy-performance-data.communities.gov.uk',
  licence: DEFAULT_LICENCE,
  auth: {
    type: 'header',
    name: 'Authorization',
    description:
      'A bearer token (config `token`): sign in with GOV.UK One Login on the service and copy it from "My account". The retired v1 source takes HTTP Basic (`email`, `apiKey`) instead. Not needed for importCsv.',
    signupUrl: 'https://get-energy-performance-data.communities.gov.uk',
    credentials: [
      // The bearer token goes in `Authorization: Bearer <token>`; the retired v1 source's Basic pair.
      {
        config: 'token',
        wire: { in: 'header', name: 'Authorization' },
        env: 'LDN_TWIN_EPC_TOKEN',
        // The default source, the replacement register, cannot be read without it.
        required: true,
      },
      { config: 'email', wire: { in: 'basic', part: 'username' } },
      { config: 'apiKey', wire: { in: 'basic', part: 'password' } },
    ],
  },
  // The source's published limit for the host in use (the register's 6000 in 5 minutes).
  rateLimits: (config: EpcConfig) =>
    config.source.rateLimit
      ? { [new URL(config.baseUrl ?? config.source.defaultBaseUrl).hostname]: config.source.rateLimit }
      : {},
  browser: {
    cors: false,
    note: 'No CORS handling in the service code and the token must not reach a browser: call it from a server or a proxy (config baseUrl).',
  },
  config: EpcConfig,
  operations: { search, certificate, importCsv },
} satisfies Connector<typeof EpcConfig>;

/**
 * EPC: Energy Performance Certificates of England and Wales (the Open Data Communities register),
 * the zero-carbon and retrofit twin: ratings, efficiencies, CO2, floor area and building descriptors
 * per certificate, as EnergyPerformance records linked to their Building by UPRN. Searches by local
 * authority or postcode, single certificates, and a streaming import of the bulk CSV files.
 *
 * The v1 register is being retired (May 2026) for a service whose API is not documented yet: the
 * transport is a swappable {@link EpcSource} in config; the mapping takes plain row objects.
 *
 * @packageDocumentation
 */
import {
  AccessLabelSchema,
  type Connector,
  type CsvSource,
  csvRecords,
  isCsvSource,
  type Licence,
  LicenceSchema,
  mapPage,
  OPEN_ACCESS,
  type Operation,
  type OperationContext,
} from '@ldn-twin/core';
import { z } from 'zod';
import { type EnergyPerformanceRecord, type EpcMappingContext, mapCertificate } from './map.js';
import { RawCertificate } from './raw.js';
import { type EpcSource, type EpcSourceContext, isEpcSource, openDataCommunitiesV1 } from './source.js';

export { type CertificateType, type EnergyPerformanceRecord, mapCertificate } from './map.js';
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
    'Energy Performance Certificates: Ministry of Housing, Communities and Local Government (Open Data Communities). Licence terms unconfirmed.',
  ],
};

const EpcConfig = z.object({
  /** The v1 API root; override it for a proxy. A different service needs a different `source`. */
  baseUrl: z
    .url()
    .default('https://epc.opendatacommunities.org/api/v1')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The email address the API key was registered with (Basic auth user name). */
  email: z.string().min(1).optional(),
  /** The API key (Basic auth password). Redacted everywhere. */
  apiKey: z.string().min(1).optional(),
  /** The transport: the v1 API by default; pass a source for the replacement service. */
  source: z
    .custom<EpcSource>(isEpcSource, { message: 'source must be an EpcSource' })
    .default(openDataCommunitiesV1),
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
    /** The local authority's ONS (GSS) code, e.g. E09000013 (Hammersmith and Fulham). */
    localAuthority: GSS.optional(),
    /** A postcode, e.g. "SW6 7SR". */
    postcode: z.string().trim().min(2).optional(),
    /** Rows per page, 1 to 5,000 (the API's maximum, the default). */
    pageSize: z.int().min(1).max(5000).default(5000),
  })
  .refine((p) => p.localAuthority !== undefined || p.postcode !== undefined, {
    message: 'give a localAuthority or a postcode',
  });

const CertificateParams = z.object({
  type: CertificateTypeParam,
  /** The certificate's `lmk-key`. */
  lmkKey: z.string().trim().min(1),
});

const ImportParams = z.object({
  type: CertificateTypeParam,
  /** The CSV: a byte stream (`fetch` body, file stream) or an async iterable of text or byte chunks. */
  csv: z.custom<CsvSource>(isCsvSource, {
    message: 'csv must be a ReadableStream<Uint8Array> or an (async) iterable of strings or Uint8Arrays',
  }),
  /** Rows mapped per batch (one `page` in the run report). */
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
        postcode: params.postcode,
        pageSize: params.pageSize,
      },
      sourceContext(ctx),
    );
    for await (const rows of pages) {
      yield* mapPage(ctx, rows, RawCertificate, (row) => mapCertificate(row, mapping));
    }
  },
};

const certificate: Operation<typeof CertificateParams, EnergyPerformanceRecord, EpcConfig> = {
  title: 'Get certificate',
  description: 'One certificate by its lmk-key; an unknown key is an HttpError (404).',
  params: CertificateParams,
  produces: ['EnergyPerformance'],
  async *run(params, ctx) {
    const rows = await ctx.config.source.certificate(params.type, params.lmkKey, sourceContext(ctx));
    yield* mapPage(ctx, rows, RawCertificate, (row) => mapCertificate(row, mappingContext(ctx, params.type)));
  },
};

const importCsv: Operation<typeof ImportParams, EnergyPerformanceRecord, EpcConfig> = {
  title: 'Import bulk CSV',
  description:
    'Streams a bulk certificates CSV row by row with flat memory; header names are normalised (LMK_KEY and lmk-key are the same column), and a malformed row is a reported issue.',
  params: ImportParams,
  produces: ['EnergyPerformance'],
  async *run(params, ctx) {
    const mapping = mappingContext(ctx, params.type);
    const toRecord = (row: z.output<typeof CsvCertificate>) => mapCertificate(row.values, mapping);
    let batch: unknown[] = [];
    for await (const { records } of csvRecords(params.csv, {
      normaliseName: columnName,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    })) {
      for (const record of records) {
        batch.push(record);
        if (batch.length >= params.batchSize) {
          yield* mapPage(ctx, batch, CsvCertificate, toRecord);
          batch = [];
        }
      }
    }
    if (batch.length > 0) {
      yield* mapPage(ctx, batch, CsvCertificate, toRecord);
    }
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
    baseUrl: ctx.config.baseUrl,
    email: ctx.config.email,
    apiKey: ctx.config.apiKey,
  };
}

function mappingContext(
  ctx: OperationContext<EpcConfig>,
  certificateType: EpcMappingContext['certificateType'],
): EpcMappingContext {
  const { source, baseUrl, licence, access } = ctx.config;
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
 * const certificates = connect(epc, {
 *   client: createClient(),
 *   config: { email: 'me@example.gov.uk', apiKey: process.env.EPC_KEY },
 * });
 * for await (const cert of certificates.search({ localAuthority: 'E09000013' })) {
 *   console.log(cert.properties.attributes.uprn, cert.properties.attributes.currentRating);
 * }
 *
 * // A bulk file, streamed with flat memory:
 * const response = await fetch(bulkCsvUrl);
 * for await (const cert of certificates.importCsv({ csv: response.body! })) save(cert);
 * ```
 */
export const epc = {
  id: 'epc',
  title: 'Energy Performance Certificates (Open Data Communities)',
  description:
    'Energy Performance Certificates for domestic and non-domestic buildings in England and Wales: ratings, efficiencies, CO2, floor area, age band, property type, built form and tenure, by UPRN.',
  twins: ['zero-carbon-and-retrofit', 'building-stock'],
  publisher: {
    name: 'Ministry of Housing, Communities and Local Government',
    url: 'https://epc.opendatacommunities.org',
  },
  homepage: 'https://epc.opendatacommunities.org',
  licence: DEFAULT_LICENCE,
  auth: {
    type: 'basic',
    description:
      'HTTP Basic auth: the email address you registered with and the API key the register emails you (config `email` and `apiKey`). Not needed for importCsv.',
    signupUrl: 'https://epc.opendatacommunities.org',
  },
  browser: {
    cors: false,
    note: 'CORS is unconfirmed and the key must not reach a browser: call it from a server or a proxy (config baseUrl).',
  },
  config: EpcConfig,
  operations: { search, certificate, importCsv },
} satisfies Connector<typeof EpcConfig>;

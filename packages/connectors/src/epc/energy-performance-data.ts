/**
 * The replacement EPC register, "Get energy performance of buildings data" (MHCLG,
 * api.get-energy-performance-data.communities.gov.uk), the default source since the v1 API was
 * retired at the end of May 2026. Bearer token, page numbers, camelCase search rows, snake_case
 * certificate bodies: each item is parsed here into the register's kebab-case columns, so the one
 * mapping gives the same twin records as from v1 or a bulk file.
 *
 * Facts from the field guide (`epc-2026.md`, read from the publisher's OpenAPI file and server code;
 * no live capture exists). Where the guide marks a fact unconfirmed, it is an option of
 * {@link energyPerformanceDataSource}.
 */
import {
  ConfigError,
  cursorPages,
  hotSchema,
  isHttpError,
  optionalText,
  PagingError,
  withFastPath,
  withoutUndefined,
} from '@ldn-twin/core';
import { BOROUGHS } from '@ldn-twin/geo';
import * as z from 'zod';
import { searchColumns } from './fast-rows.js';
import type { CertificateType } from './map.js';
import { RawCertificate, SENTINELS } from './raw.js';
import type { EpcSource, EpcSourceContext } from './source.js';

/**
 * Where each typed column is read from in a certificate body (`/api/certificate`), first name
 * present wins. The domestic names are those of the publisher's RdSAP-21.0.1 sample; the
 * non-domestic ones (`asset_rating`, `asset_rating_band`, `floor_area`, `building_reference_number`)
 * are UNCONFIRMED (no non-domestic sample is published): override them with `fields`.
 *
 * @example
 * ```ts
 * const fields = { ...DEFAULT_DETAIL_FIELDS, 'asset-rating': ['asset_rating', 'energy_rating_current'] };
 * ```
 */
export const DEFAULT_DETAIL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'current-energy-efficiency': ['energy_rating_current'],
  'potential-energy-efficiency': ['energy_rating_potential'],
  'current-energy-rating': ['current_energy_efficiency_band'],
  'potential-energy-rating': ['potential_energy_efficiency_band'],
  'co2-emissions-current': ['co2_emissions_current'],
  'co2-emissions-potential': ['co2_emissions_potential'],
  'total-floor-area': ['total_floor_area'],
  'inspection-date': ['inspection_date'],
  'lodgement-date': ['registration_date'],
  uprn: ['uprn'],
  'uprn-source': ['uprn_source'],
  postcode: ['postcode'],
  'asset-rating': ['asset_rating'],
  'asset-rating-band': ['asset_rating_band'],
  'floor-area': ['floor_area'],
  'building-reference-number': ['building_reference_number'],
};

/**
 * Options of {@link energyPerformanceDataSource}: the facts the field guide could not confirm.
 *
 * @example
 * ```ts
 * const options: EnergyPerformanceDataOptions = { councilParam: 'council', detailConcurrency: 2 };
 * ```
 */
export interface EnergyPerformanceDataOptions {
  /** Column to body-field names for certificate detail (see {@link DEFAULT_DETAIL_FIELDS}). */
  readonly fields?: Readonly<Record<string, readonly string[]>>;
  /** The council parameter's name: `council[]` per the OpenAPI schema; plain `council` is unconfirmed. */
  readonly councilParam?: string;
  /** Certificate detail requests in flight at once (default 4; the service allows 6,000 per 5 minutes per IP). */
  readonly detailConcurrency?: number;
}

/** A search row as the OpenAPI example and the server's `convert_to_json` give it (camelCase). */
const SearchRow = z.looseObject({
  certificateNumber: z.string().trim().min(1, 'certificateNumber is empty'),
  addressLine1: optionalText(),
  addressLine2: optionalText(),
  addressLine3: optionalText(),
  addressLine4: optionalText(),
  postcode: optionalText(),
  postTown: optionalText(),
  council: optionalText(),
  constituency: optionalText(),
  currentEnergyEfficiencyBand: optionalText(),
  registrationDate: optionalText(),
  uprn: z.union([z.number().int().nonnegative(), z.string(), z.null()]).optional(),
  schemaType: optionalText(),
  relatedRrn: optionalText(),
});

/** RawCertificate's rule for one column, fed what the search row's own schema gives. */
const rule = <K extends keyof typeof RawCertificate.shape>(column: K) =>
  RawCertificate.shape[column] as unknown as z.ZodType<
    z.output<(typeof RawCertificate.shape)[K]>,
    string | undefined
  >;

/**
 * A search row alone (no certificate detail: the common case, a whole search) parsed straight into
 * the register's kebab-case columns, one schema per row: each column it fills is checked with the
 * rule RawCertificate has for that column (the band after upper-casing, the lodgement date, the
 * UPRN's digits, the register's sentinels), so a row is accepted, and gives the same columns,
 * exactly as through SearchRow, `toColumns` and RawCertificate (the path a row with detail takes).
 */
export const SearchColumns = z
  // Other keys are let through and left out, as `toColumns` leaves them.
  .object({
    certificateNumber: z.string().trim().min(1, 'certificateNumber is empty'),
    addressLine1: optionalText(),
    addressLine2: optionalText(),
    addressLine3: optionalText(),
    addressLine4: optionalText(),
    postcode: optionalText().pipe(rule('postcode')),
    postTown: optionalText(),
    council: optionalText(),
    constituency: optionalText(),
    currentEnergyEfficiencyBand: optionalText()
      .transform((band) => band?.toUpperCase())
      .pipe(rule('current-energy-rating')),
    registrationDate: optionalText().pipe(rule('lodgement-date')),
    uprn: z
      .union([z.number().int().nonnegative(), z.string(), z.null()])
      .optional()
      .transform((uprn) => (uprn === null || uprn === undefined ? undefined : String(uprn)))
      .pipe(rule('uprn')),
    schemaType: optionalText(),
    relatedRrn: optionalText(),
  })
  .transform((search, ctx): Record<string, unknown> => {
    const number = search.certificateNumber;
    if (SENTINELS.has(number)) {
      // A sentinel for a number: RawCertificate's rule for a row without a key.
      ctx.issues.push({
        code: 'custom',
        message: 'the row has no lmk-key or certificate-number',
        path: ['certificateNumber'],
        input: search,
      });
      return z.NEVER;
    }
    const lines = [search.addressLine1, search.addressLine2, search.addressLine3, search.addressLine4];
    const address = lines.filter(Boolean).join(', ');
    const council = search.council;
    return {
      'certificate-number': number,
      address: address === '' || SENTINELS.has(address) ? undefined : address,
      postcode: search.postcode,
      posttown: search.postTown,
      'local-authority': council === undefined ? undefined : BOROUGH_CODES.get(council.toLowerCase()),
      'local-authority-label': council === undefined || SENTINELS.has(council) ? undefined : council,
      'constituency-label': search.constituency,
      'current-energy-rating': search.currentEnergyEfficiencyBand,
      'lodgement-date': search.registrationDate,
      uprn: search.uprn,
      'schema-type': search.schemaType,
      'related-rrn': search.relatedRrn,
    };
  });

/** An item with its search row alone (no certificate detail, no note): SearchColumns' to parse. */
function isSearchOnly(value: unknown): value is { search: unknown } {
  const item = value as Partial<Item> | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    item.search !== undefined &&
    item.certificate === undefined &&
    item.detailNote === undefined
  );
}

/** One item this source yields: a search row, and the certificate body when detail was fetched. */
const Item = z.object({
  certificateNumber: z.string().min(1),
  search: z.unknown().optional(),
  certificate: z.record(z.string(), z.unknown()).optional(),
  /** Why the detail is missing (e.g. the certificate was not found). */
  detailNote: z.string().optional(),
});
type Item = z.output<typeof Item>;

/** A `suggested_improvements[]` entry (RdSAP-21.0.1 sample). */
const Improvement = z.looseObject({
  sequence: z.unknown().optional(),
  improvement_type: z.unknown().optional(),
  improvement_details: z.looseObject({ improvement_number: z.unknown().optional() }).optional(),
  indicative_cost: z.unknown().optional(),
  typical_saving: z.unknown().optional(),
  energy_performance_rating: z.unknown().optional(),
});

const SearchBody = z.looseObject({
  data: z.array(z.unknown()),
  pagination: z
    .looseObject({ nextPage: z.number().int().nullable().optional(), totalPages: z.number().optional() })
    .optional(),
});

const CertificateBody = z.looseObject({ data: z.record(z.string(), z.unknown()) });

/**
 * A source for the replacement register with the unconfirmed facts set.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { epc, energyPerformanceDataSource } from '@ldn-twin/connectors/epc';
 *
 * const source = energyPerformanceDataSource({ fields: { 'asset-rating': ['asset_rating'] } });
 * const register = connect(epc, { client: createClient(), config: { source, token: process.env.EPC_TOKEN } });
 * ```
 */
export function energyPerformanceDataSource(options: EnergyPerformanceDataOptions = {}): EpcSource {
  const fields = { ...DEFAULT_DETAIL_FIELDS, ...options.fields };
  const councilParam = options.councilParam ?? 'council[]';
  const concurrency = options.detailConcurrency ?? 4;
  // A row with certificate detail: the search row, then the body's fields, then RawCertificate.
  const detailRow = Item.transform((item, ctx) => {
    const search = item.search === undefined ? undefined : hotSchema(SearchRow).safeParse(item.search);
    if (search && !search.success) {
      for (const issue of search.error.issues)
        ctx.issues.push({
          code: 'custom',
          message: issue.message,
          path: ['search', ...issue.path],
          input: item.search,
        });
      return z.NEVER;
    }
    const columns = toColumns(item, search?.data, fields);
    if (typeof columns === 'string') {
      ctx.issues.push({ code: 'custom', message: columns, input: item.certificate });
      return z.NEVER;
    }
    return columns;
  }).pipe(RawCertificate);
  // The source's items are its own (search rows, with detail when asked): each is parsed by one
  // of the two schemas, and its issues are the row's.
  const schema = z.unknown().transform((value, ctx): RawCertificate => {
    const searchOnly = isSearchOnly(value);
    const parsed = searchOnly
      ? hotSchema(SearchColumns).safeParse(value.search)
      : hotSchema(detailRow).safeParse(value);
    // The columns a search row leaves empty are absent rather than undefined: the same to the mapping.
    if (parsed.success) return parsed.data as RawCertificate;
    for (const issue of parsed.error.issues) {
      ctx.issues.push({
        code: 'custom',
        message: issue.message,
        path: searchOnly ? ['search', ...issue.path] : issue.path,
        input: searchOnly ? value.search : value,
      });
    }
    return z.NEVER;
  });
  // The plainly good search rows (most of a search) without the schema's work: see fast-rows.ts.
  const row = withFastPath(schema, (value) =>
    isSearchOnly(value)
      ? (searchColumns(value.search, boroughCode) as RawCertificate | undefined)
      : undefined,
  );

  return {
    name: 'get-energy-performance-data',
    defaultBaseUrl: 'https://api.get-energy-performance-data.communities.gov.uk',
    // "Our standard limit is 6000 requests every 5 minutes per originating IP address" (the
    // service's API technical docs, field guide epc-2026.md): 20 a second.
    rateLimit: { requestsPerSecond: 6000 / 300 },
    row,
    search(query, ctx) {
      const auth = bearer(ctx);
      const council = query.council ?? councilName(query.localAuthority);
      if (!council && !query.postcode) {
        throw new ConfigError(
          `epc: the register searches by council name or postcode; ${query.localAuthority} is not a London borough code (pass council)`,
        );
      }
      const seen = new Set<string>();
      const pageLists = new Set<string>();
      const pages = cursorPages<unknown[], number>({
        signal: ctx.signal,
        fetchPage: async (page, signal) => {
          let body: z.output<typeof SearchBody>;
          try {
            ({ data: body } = await ctx.client.json(
              `${ctx.baseUrl}/api/${segment(query.type)}/search`,
              SearchBody,
              {
                auth,
                searchParams: {
                  [councilParam]: council,
                  postcode: query.postcode,
                  page_size: query.pageSize,
                  current_page: page ?? 1,
                },
                ...(signal ? { signal } : {}),
                label: `epc ${segment(query.type)} search`,
              },
            ));
          } catch (error) {
            // "No certificates could be found for that query" comes as a 404: an empty answer.
            if (isHttpError(error) && error.status === 404) return { page: [], cursor: null };
            throw error;
          }
          // Pages are ordered by registration date with no tie-breaker and may shift while data
          // loads (field guide): a certificate already given is not given twice.
          // The register ignoring `current_page` while `nextPage` keeps advancing sends the same
          // rows again and again; they would all be dropped as already given, page after page, up to
          // the page bound. A page listing the very certificates of an earlier one ends the listing
          // (a shifted page repeats only some).
          const listed = body.data.map(certificateNumberOf).join(' ');
          if (body.data.length > 0 && pageLists.has(listed)) {
            throw new PagingError(
              `epc register search: page ${page ?? 1} lists the same certificates as an earlier page; the register seems to ignore current_page`,
            );
          }
          pageLists.add(listed);
          const fresh = body.data.filter((raw) => {
            const number = certificateNumberOf(raw);
            if (number === undefined) return true;
            if (seen.has(number)) return false;
            seen.add(number);
            return true;
          });
          const items = fresh.map((raw) => ({
            certificateNumber: String(
              (raw as { certificateNumber?: unknown } | null)?.certificateNumber ?? '',
            ),
            search: raw,
          }));
          const next = body.pagination?.nextPage ?? null;
          return {
            page: query.details ? await withDetails(items, ctx, concurrency, signal) : items,
            cursor: next !== null && body.data.length > 0 ? next : null,
          };
        },
      });
      return pages;
    },
    async certificate(_type, key, ctx) {
      const body = await fetchCertificate(key, ctx, ctx.signal);
      return body ? [{ certificateNumber: key, certificate: body }] : [];
    },
    certificateUrl: (_type, key, baseUrl) =>
      `${baseUrl}/api/certificate?certificate_number=${encodeURIComponent(key)}`,
  };
}

/**
 * The replacement register with the field guide's defaults: the connector's default source.
 *
 * @example
 * ```ts
 * connect(epc, { client, config: { source: getEnergyPerformanceData, token: process.env.EPC_TOKEN } });
 * ```
 */
export const getEnergyPerformanceData: EpcSource = energyPerformanceDataSource();

/** A search row's certificate number, if it has one (a row is checked only after this). */
function certificateNumberOf(raw: unknown): string | undefined {
  const number = (raw as { certificateNumber?: unknown } | null)?.certificateNumber;
  return typeof number === 'string' ? number : undefined;
}

const segment = (type: CertificateType) => (type === 'domestic' ? 'domestic' : 'non-domestic');

function bearer(ctx: EpcSourceContext) {
  if (!ctx.token) {
    throw new ConfigError(
      'epc: the register needs config `token` (sign in with GOV.UK One Login at get-energy-performance-data.communities.gov.uk and copy the bearer token from My account)',
    );
  }
  return { type: 'header' as const, name: 'authorization', value: `Bearer ${ctx.token}` };
}

/** The register takes council names, not codes: a London GSS code is named from the borough table. */
function councilName(gss: string | undefined): string | undefined {
  return gss ? BOROUGHS.find((b) => b.code === gss)?.name : undefined;
}

async function fetchCertificate(
  key: string,
  ctx: EpcSourceContext,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { data } = await ctx.client.json(`${ctx.baseUrl}/api/certificate`, CertificateBody, {
      auth: bearer(ctx),
      searchParams: { certificate_number: key },
      ...(signal ? { signal } : {}),
      label: 'epc certificate',
    });
    return data.data;
  } catch (error) {
    if (isHttpError(error) && error.status === 404) return undefined;
    throw error;
  }
}

/** Each item with its certificate body, `concurrency` requests at a time, in the page's order. */
async function withDetails(
  items: readonly Item[],
  ctx: EpcSourceContext,
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < items.length; i += concurrency) {
    const chunk = items.slice(i, i + concurrency);
    const bodies = await Promise.all(
      chunk.map((item) =>
        item.certificateNumber ? fetchCertificate(item.certificateNumber, ctx, signal) : undefined,
      ),
    );
    chunk.forEach((item, k) => {
      const certificate = bodies[k];
      out.push(certificate ? { ...item, certificate } : { ...item, detailNote: 'certificate not found' });
    });
  }
  return out;
}

/** A body value: scalars as text; `{value, …}` objects (money, quantities) by their value. */
function scalar(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && 'value' in value)
    return scalar((value as { value: unknown }).value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

const number = (value: unknown): number | undefined => {
  const text = scalar(value);
  const parsed = text === undefined ? Number.NaN : Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/**
 * London borough codes by lower-case name, as the register names councils (reversed, so the first
 * borough of a name wins, as `find` would have it).
 */
const BOROUGH_CODES = new Map([...BOROUGHS].reverse().map((b) => [b.name.toLowerCase(), b.code]));
/** A London borough's GSS code by its lower-case name, as the register names councils. */
export const boroughCode = (lowerCaseName: string): string | undefined => BOROUGH_CODES.get(lowerCaseName);

/** The names RawCertificate types: a body key of that name (after the fields map) is a code. */
const TYPED = new Set(Object.keys(RawCertificate.shape));

/** A search row and certificate body as the register's kebab-case columns, or what is wrong. */
function toColumns(
  item: Item,
  search: z.output<typeof SearchRow> | undefined,
  fields: Readonly<Record<string, readonly string[]>>,
): Record<string, unknown> | string {
  const columns: Record<string, unknown> = { 'certificate-number': item.certificateNumber };
  if (search) {
    const address = [search.addressLine1, search.addressLine2, search.addressLine3, search.addressLine4]
      .filter(Boolean)
      .join(', ');
    const gss = search.council === undefined ? undefined : BOROUGH_CODES.get(search.council.toLowerCase());
    Object.assign(columns, {
      address: address || undefined,
      postcode: search.postcode,
      posttown: search.postTown,
      'local-authority': gss,
      'local-authority-label': search.council,
      'constituency-label': search.constituency,
      'current-energy-rating': search.currentEnergyEfficiencyBand?.toUpperCase(),
      'lodgement-date': search.registrationDate,
      uprn: search.uprn === null || search.uprn === undefined ? undefined : String(search.uprn),
      'schema-type': search.schemaType,
      'related-rrn': search.relatedRrn,
    });
  }
  const body = item.certificate;
  if (body) {
    const used = new Set<string>();
    for (const [column, names] of Object.entries(fields)) {
      const name = names.find((n) => body[n] !== undefined && body[n] !== null);
      if (name === undefined) continue;
      used.add(name);
      const value = scalar(body[name]);
      // The search row's values stand (it is what the listing said); the certificate adds the rest.
      if (value !== undefined && columns[column] === undefined) columns[column] = value;
    }
    if (!columns.address) {
      const lines = ['address_line_1', 'address_line_2', 'address_line_3', 'address_line_4']
        .map((k) => scalar(body[k]))
        .filter(Boolean);
      if (lines.length > 0) columns.address = lines.join(', ');
    }
    const improvements = body.suggested_improvements;
    if (Array.isArray(improvements)) {
      used.add('suggested_improvements');
      const parsed = z.array(Improvement).safeParse(improvements);
      if (!parsed.success) return `suggested_improvements: ${parsed.error.issues[0]?.message}`;
      columns.recommendations = parsed.data.map((r) =>
        withoutUndefined({
          sequence: number(r.sequence),
          improvementType: scalar(r.improvement_type),
          improvementNumber: number(r.improvement_details?.improvement_number),
          indicativeCost: scalar(r.indicative_cost),
          typicalSaving: number(r.typical_saving),
          energyPerformanceRating: number(r.energy_performance_rating),
        }),
      );
    }
    // Other scalar fields go to `extra`; coded ones whose names the v1 columns use for text
    // (`built_form: 2`, `tenure: 1`) are kept as `<name>-code` (decode with /api/codes/info).
    for (const [name, value] of Object.entries(body)) {
      if (used.has(name) || (typeof value === 'object' && value !== null && !('value' in value))) continue;
      const text = scalar(value);
      if (text === undefined) continue;
      const kebab = name.replace(/_/g, '-');
      const column = TYPED.has(kebab) ? `${kebab}-code` : kebab;
      if (columns[column] === undefined) columns[column] = text;
    }
  } else if (item.detailNote) {
    columns['certificate-detail'] = item.detailNote;
  }
  return columns;
}

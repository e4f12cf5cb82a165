/**
 * A typed query builder for the Datahub's Elasticsearch index: filters in, the Elasticsearch JSON
 * body out. Dates in the index are `dd/MM/yyyy` strings, so date ranges carry
 * `"format": "dd/MM/yyyy"`; names are matched as phrases, which works on the text field `lpa_name`
 * and on a keyword field such as `lpa_name.raw` alike (`.keyword` does not exist there).
 */
import * as z from 'zod';
import { datahubName } from './boroughs.js';

const IsoDate = z.iso.date();
const Longitude = z.number().min(-180).max(180);
const Latitude = z.number().min(-90).max(90);

const DateRange = z
  .strictObject({
    /** The first day, inclusive (ISO `yyyy-MM-dd`). */
    from: IsoDate.optional(),
    /** The last day, inclusive (ISO `yyyy-MM-dd`). */
    to: IsoDate.optional(),
  })
  .refine((range) => range.from !== undefined || range.to !== undefined, {
    message: 'give from, to or both',
  });

const InstantRange = z
  .strictObject({
    from: z.union([IsoDate, z.iso.datetime({ offset: true })]).optional(),
    to: z.union([IsoDate, z.iso.datetime({ offset: true })]).optional(),
  })
  .refine((range) => range.from !== undefined || range.to !== undefined, {
    message: 'give from, to or both',
  });

const Names = z.array(z.string().min(1)).min(1);

/**
 * What to look for. Every filter narrows the result (they are ANDed); the values inside one filter
 * are alternatives (ORed).
 *
 * @example
 * ```ts
 * const filters: ApplicationFilters = ApplicationFilters.parse({
 *   boroughs: ['E09000031'],
 *   decisionDate: { from: '2024-01-01', to: '2024-12-31' },
 *   statuses: ['Approved'],
 *   near: { point: [0.005, 51.5546], distanceMetres: 500 },
 * });
 * ```
 */
export const ApplicationFilters = z
  .strictObject({
    /** Planning authorities: GSS codes of London boroughs (`E09000031`) or Datahub names (`Waltham Forest`, `LLDC`). */
    boroughs: Names.optional(),
    /** `valid_date` (the application was validated) within the range. */
    validDate: DateRange.optional(),
    /** `decision_date` within the range. */
    decisionDate: DateRange.optional(),
    /** `last_updated` (an ISO timestamp in the index) within the range: for incremental pulls. */
    lastUpdated: InstantRange.optional(),
    /** `decision` as published, any of these. */
    decisions: Names.optional(),
    /** `status` as published (`Approved`, `Application under consideration`, ...), any of these. */
    statuses: Names.optional(),
    /** `application_type` as published, any of these. */
    applicationTypes: Names.optional(),
    /** `development_type` as published (`New Build`, `Change of Use`, `Conversion`, ...), any of these. */
    developmentTypes: Names.optional(),
    /** Applications whose centroid is in `[west, south, east, north]` (WGS 84). */
    bbox: z.tuple([Longitude, Latitude, Longitude, Latitude]).optional(),
    /** Applications whose centroid is within `distanceMetres` of `point` (`[lon, lat]`, WGS 84). */
    near: z
      .strictObject({ point: z.tuple([Longitude, Latitude]), distanceMetres: z.number().positive() })
      .optional(),
    /** Free text, all words required, over the text fields (description, site and street by default). */
    text: z.string().trim().min(1).optional(),
  })
  .refine((f) => !(f.bbox && f.near), { message: 'give a bbox or near, not both' })
  .refine((f) => !f.bbox || (f.bbox[0] <= f.bbox[2] && f.bbox[1] <= f.bbox[3]), {
    message: 'bbox is [west, south, east, north]',
  });
export type ApplicationFilters = z.output<typeof ApplicationFilters>;

/**
 * Field names the builder uses. The defaults are the fields the field guide confirms; the name and
 * geo fields can be changed in the connector config because their index mapping is unconfirmed.
 *
 * @example
 * ```ts
 * const fields: QueryFields = { ...DEFAULT_QUERY_FIELDS, lpaName: 'lpa_name.raw' };
 * ```
 */
export interface QueryFields {
  readonly lpaName: string;
  readonly geo: string;
  readonly text: readonly string[];
}

/**
 * The default field names.
 *
 * @example
 * ```ts
 * DEFAULT_QUERY_FIELDS.geo; // 'centroid'
 * ```
 */
export const DEFAULT_QUERY_FIELDS: QueryFields = {
  lpaName: 'lpa_name',
  geo: 'centroid',
  text: ['description', 'site_name', 'street_name', 'locality', 'postcode'],
};

/** An Elasticsearch query clause (plain JSON). *
 * @example
 * ```ts
 * const clause: EsClause = { match_phrase: { status: 'Approved' } };
 * ```
 */
export type EsClause = Record<string, unknown>;

/** `dd/MM/yyyy`, as the index stores dates. */
function ukDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

function anyPhrase(field: string, values: readonly string[]): EsClause {
  const clauses = values.map((value) => ({ match_phrase: { [field]: value } }));
  return clauses.length === 1
    ? (clauses[0] as EsClause)
    : { bool: { should: clauses, minimum_should_match: 1 } };
}

function ukDateRange(field: string, range: { from?: string | undefined; to?: string | undefined }): EsClause {
  return {
    range: {
      [field]: {
        ...(range.from ? { gte: ukDate(range.from) } : {}),
        ...(range.to ? { lte: ukDate(range.to) } : {}),
        format: 'dd/MM/yyyy',
      },
    },
  };
}

/**
 * Builds the `query` of a search or count from filters: structured filters in `bool.filter` (no
 * scoring, cacheable), free text in `bool.must`; `match_all` without filters.
 *
 * @example
 * ```ts
 * buildQuery({ boroughs: ['E09000021'], statuses: ['Approved'] });
 * // { bool: { filter: [ { match_phrase: { lpa_name: 'Kingston' } }, { match_phrase: { status: 'Approved' } } ] } }
 * ```
 */
export function buildQuery(
  filters: ApplicationFilters,
  fields: QueryFields = DEFAULT_QUERY_FIELDS,
): EsClause {
  const filter: EsClause[] = [];
  const must: EsClause[] = [];
  if (filters.boroughs) filter.push(anyPhrase(fields.lpaName, filters.boroughs.map(datahubName)));
  if (filters.validDate) filter.push(ukDateRange('valid_date', filters.validDate));
  if (filters.decisionDate) filter.push(ukDateRange('decision_date', filters.decisionDate));
  if (filters.lastUpdated) {
    const { from, to } = filters.lastUpdated;
    filter.push({ range: { last_updated: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } });
  }
  if (filters.decisions) filter.push(anyPhrase('decision', filters.decisions));
  if (filters.statuses) filter.push(anyPhrase('status', filters.statuses));
  if (filters.applicationTypes) filter.push(anyPhrase('application_type', filters.applicationTypes));
  if (filters.developmentTypes) filter.push(anyPhrase('development_type', filters.developmentTypes));
  if (filters.bbox) {
    const [west, south, east, north] = filters.bbox;
    filter.push({
      geo_bounding_box: {
        [fields.geo]: { top_left: { lat: north, lon: west }, bottom_right: { lat: south, lon: east } },
      },
    });
  }
  if (filters.near) {
    const [lon, lat] = filters.near.point;
    filter.push({
      geo_distance: { distance: `${filters.near.distanceMetres}m`, [fields.geo]: { lat, lon } },
    });
  }
  if (filters.text) {
    must.push({ multi_match: { query: filters.text, fields: [...fields.text], operator: 'and' } });
  }
  if (filter.length === 0 && must.length === 0) return { match_all: {} };
  return { bool: { ...(filter.length ? { filter } : {}), ...(must.length ? { must } : {}) } };
}

/** A sort clause: `{ field: 'asc' | 'desc' }`. *
 * @example
 * ```ts
 * const sort: SortClause = { last_updated: 'desc' };
 * ```
 */
export type SortClause = Readonly<Record<string, 'asc' | 'desc'>>;

/**
 * Options of {@link buildSearchBody}.
 *
 * @example
 * ```ts
 * const options: SearchBodyOptions = { size: 1000, sort: [{ id: 'asc' }] };
 * ```
 */
export interface SearchBodyOptions {
  readonly size: number;
  readonly sort: readonly SortClause[];
  /** The `sort` values of the last hit of the previous page. */
  readonly searchAfter?: readonly unknown[];
  readonly fields?: QueryFields;
}

/**
 * Builds the POST body of one `_search` page: query, size, a stable sort and, after the first page,
 * `search_after`. Deep pages use `search_after` rather than `from`, which Elasticsearch caps.
 *
 * @example
 * ```ts
 * buildSearchBody({ statuses: ['Approved'] }, { size: 1000, sort: [{ id: 'asc' }], searchAfter: ['Hackney-2021_2491'] });
 * // { query: {...}, size: 1000, sort: [{ id: 'asc' }], search_after: ['Hackney-2021_2491'] }
 * ```
 */
export function buildSearchBody(filters: ApplicationFilters, options: SearchBodyOptions): EsClause {
  return {
    query: buildQuery(filters, options.fields),
    size: options.size,
    sort: options.sort.map((clause) => ({ ...clause })),
    ...(options.searchAfter ? { search_after: [...options.searchAfter] } : {}),
  };
}

/**
 * Builds the POST body of `_count`.
 *
 * @example
 * ```ts
 * buildCountBody({ boroughs: ['Hackney'] }); // { query: { bool: { filter: [...] } } }
 * ```
 */
export function buildCountBody(filters: ApplicationFilters, fields?: QueryFields): EsClause {
  return { query: buildQuery(filters, fields) };
}

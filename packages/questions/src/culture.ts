/**
 * culturalInfrastructureNear: what cultural venues are around a site, and what planning pressure is
 * on them? Venues from the GLA's Cultural Infrastructure Map within a radius, by type, with the
 * planning applications near each (Planning London Datahub): the pressure on rehearsal space, music
 * venues and workspaces.
 */
import {
  culturalInfrastructureMap,
  DEFAULT_VENUE_TYPES,
} from '@ldn-twin/connectors/cultural-infrastructure-map';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import type { HttpClient, TwinRecord, TwinRecordOf } from '@ldn-twin/core';
import { distanceMetres } from '@ldn-twin/geo';
import { nearArea, storedApplications } from './datahub-area.js';
import { type RecordStore, readFrom, storeSource } from './from-store.js';
import { resolvePlace, type Site } from './place.js';
import {
  askAll,
  buildReport,
  connectFor,
  type QuestionOptions,
  type QuestionReport,
  type Source,
} from './report.js';

/** Options of {@link culturalInfrastructureNear}: a `client` to ask the network, or a `store` to read from. */
export interface CultureOptions extends Omit<QuestionOptions, 'client'> {
  /** The shared HTTP client; needed unless reading from `store`. */
  readonly client?: HttpClient;
  /**
   * Read from this store instead of the network (`@ldn-twin/store`'s `openStore(...)`): each venue
   * type from a complete sync of the map's `venues` for that type, and the applications from a
   * complete Datahub `search` sync with no filter but an area holding the radius (all London, or a
   * circle or box around the site), each reported with the time its sync started. Otherwise not
   * answered.
   */
  readonly store?: RecordStore;
  /** How far from the site, in metres (default 500). */
  readonly radiusMetres?: number;
  /**
   * Venue types to ask for (keys of the connector's `venueTypes`, e.g. `music-venues`,
   * `artists-workspaces`). Default: every type the connector knows.
   */
  readonly types?: readonly string[];
  /** @deprecated The same as `types`. */
  readonly venueTypes?: readonly string[];
  /** How close an application must be to a venue to count as pressure on it (default 100 m). */
  readonly pressureMetres?: number;
}

/**
 * The records {@link culturalInfrastructureNear} answers with: cultural venues and planning
 * applications nearby.
 *
 * @example
 * ```ts
 * const venues = report.records.filter((r: CultureRecord) => r.featureType === 'CulturalVenue');
 * ```
 */
export type CultureRecord = TwinRecordOf<'CulturalVenue' | 'PlanningApplication'>;

type Venue = TwinRecordOf<'CulturalVenue'>;

/**
 * Cultural venues around a site, by type, and the planning applications near them.
 *
 * @example
 * ```ts
 * const report = await culturalInfrastructureNear({ point: [-0.1276, 51.5072] }, { client, radiusMetres: 800 });
 * console.log(report.summary.join('\n'));
 * ```
 */
export async function culturalInfrastructureNear(
  site: Site,
  options: CultureOptions,
): Promise<QuestionReport<CultureRecord>> {
  const place = resolvePlace(site);
  const radius = options.radiusMetres ?? 500;
  const near = (record: TwinRecord, metres: number, from: readonly [number, number]) =>
    record.geometry?.type === 'Point' &&
    distanceMetres(from[0], from[1], record.geometry.coordinates[0]!, record.geometry.coordinates[1]!) <=
      metres;
  const types = options.types ?? options.venueTypes ?? Object.keys(DEFAULT_VENUE_TYPES);
  const venuesOf = (venueType: string) => `${venueType.replaceAll('-', ' ')} (Cultural Infrastructure Map)`;
  const nearby = 'planning applications nearby (Planning London Datahub)';
  const around = nearArea([place.point[0], place.point[1]], radius);
  const [lon, lat] = place.point;
  const sources: Source<CultureRecord>[] = await readFrom(
    'culturalInfrastructureNear',
    options,
    (store, syncs) => [
      ...types.map((venueType) =>
        storeSource<CultureRecord>(
          store,
          syncs,
          {
            source: venuesOf(venueType),
            kinds: ['CulturalVenue'],
            connector: culturalInfrastructureMap.id,
            operation: 'venues',
            // A venues sync reads the type's whole London file: its one param is the type.
            covers: (params) => params.venueType === venueType && Object.keys(params).length === 1,
            query: { near: { lon, lat, radius } },
            keep: (venue) =>
              venue.featureType === 'CulturalVenue' && venue.properties.attributes.venueType === venueType,
          },
          options.audience,
        ),
      ),
      storedApplications(store, syncs, around, {
        source: nearby,
        audience: options.audience,
      }) as Source<CultureRecord>,
    ],
    (client) => {
      const map = connectFor(culturalInfrastructureMap, { ...options, client });
      const datahub = connectFor(planningLondonDatahub, { ...options, client });
      return [
        ...types.map((venueType) => ({
          source: venuesOf(venueType),
          connector: culturalInfrastructureMap.id,
          // Each file covers London: only the venues within the radius are kept as its rows stream in.
          keep: {
            test: (venue: TwinRecord) => near(venue, radius, place.point),
            reason: `within ${radius} m`,
          },
          run: (signal: AbortSignal | undefined) => map.venues({ venueType }, signal ? { signal } : {}),
        })),
        {
          source: nearby,
          connector: planningLondonDatahub.id,
          run: (signal) => datahub.search({ filters: around.where }, signal ? { signal } : {}),
        },
      ];
    },
  );
  const { records, sources: answered, ...withheld } = await askAll(sources, options);
  const venues = records.filter((r): r is Venue => r.featureType === 'CulturalVenue');
  const returned = records.filter(
    (r): r is TwinRecordOf<'PlanningApplication'> => r.featureType === 'PlanningApplication',
  );
  // A guard on what the Datahub returned: an application of another borough (asked by borough) or
  // beyond the radius (asked around a point) is not "nearby".
  const applications = returned.filter((a) => {
    if ('borough' in site && place.borough) {
      const code = a.properties.attributes.authorityCode;
      return code === undefined || code === place.borough.code;
    }
    return (
      place.geometry.type !== 'Point' || a.geometry?.type !== 'Point' || near(a, radius * 1.05, place.point)
    );
  });
  const beyond = returned.length - applications.length;
  const byType = new Map<string, Venue[]>();
  for (const venue of venues) {
    const type =
      venue.properties.attributes.venueTypeLabel ?? venue.properties.attributes.venueType ?? 'other';
    byType.set(type, [...(byType.get(type) ?? []), venue]);
  }
  const pressure = options.pressureMetres ?? 100;
  const heard = (connector: string) =>
    answered.some((s) => s.connector === connector && (s.status === 'answered' || s.status === 'partial'));
  const venuesHeard = heard(culturalInfrastructureMap.id);
  const applicationsHeard = heard(planningLondonDatahub.id);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  // Counts only from sources that answered: a failed map gives no "0 venues" (buildReport names it).
  const counts = [
    ...(venuesHeard ? [`${plural(venues.length, 'cultural venue')} within ${radius} m`] : []),
    ...(applicationsHeard ? [`${plural(applications.length, 'planning application')} nearby`] : []),
  ];
  const summary = [
    `${place.label}: ${counts.join(', ')}.`,
    ...[...byType.entries()].map(([type, list]) => `- ${type}: ${list.length}`),
    ...venues.flatMap((venue) => {
      const coordinates = venue.geometry?.type === 'Point' ? venue.geometry.coordinates : undefined;
      if (!coordinates) return [];
      const close = applications.filter((a) => near(a, pressure, [coordinates[0]!, coordinates[1]!]));
      return close.length > 0
        ? [
            `  ${venue.properties.name ?? venue.id}: ${close.length} application${close.length === 1 ? '' : 's'} within ${pressure} m`,
            ...close.map((a) => `    ${describeApplication(a)}`),
          ]
        : [];
    }),
    ...(beyond > 0
      ? [
          `${plural(beyond, 'application')} the Datahub returned ${beyond === 1 ? 'lies' : 'lie'} ${'borough' in site && place.borough ? `outside ${place.borough.name}` : `beyond ${radius} m`}: not counted.`,
        ]
      : []),
    ...(venues.length === 0 && applications.length > 0
      ? applications.slice(0, 10).map((a) => `- ${describeApplication(a)}`)
      : []),
  ];
  return buildReport(
    'culturalInfrastructureNear',
    place,
    [...venues, ...applications],
    answered,
    summary,
    withheld,
  );
}

/** Words that name a cultural use in a proposal (venue kinds and the use classes they fall in). */
const CULTURAL_USE =
  /\b(theatres?|cinemas?|music venues?|concert halls?|night ?clubs?|public houses?|pubs?|galler(y|ies)|museums?|librar(y|ies)|arts? cent(re|er)s?|rehearsal|studios?|workspaces?|D2|sui generis)\b/i;
/** "change of use of/from X to Y": X and Y, when the proposal says it that way. */
const CHANGE_OF_USE = /change of use (?:of |from )(.+?) (?:to|into) (.+)/i;
/**
 * One line for an application near a venue: its reference, status and proposal, and whether the
 * proposal reads as a change of use away from a cultural one ("change of use of/from <a cultural
 * use> to <another>"): the Datahub publishes no use classes in the fields seen, so this is read from
 * the description's words, a flag to read the proposal, not a finding.
 */
function describeApplication(application: TwinRecord): string {
  if (application.featureType !== 'PlanningApplication') return application.id;
  const a = (application as TwinRecordOf<'PlanningApplication'>).properties.attributes;
  const proposal = application.properties.description?.trim();
  // Away from culture: the use it changes from is a cultural one and the use it changes to is not.
  const change = proposal ? CHANGE_OF_USE.exec(proposal) : null;
  const changeOfUse =
    change !== null && CULTURAL_USE.test(change[1] ?? '') && !CULTURAL_USE.test(change[2] ?? '');
  const text = proposal
    ? proposal.length > 160
      ? `${proposal.slice(0, 157)}...`
      : proposal
    : 'no proposal text';
  return `${a.authority} ${a.reference}${a.status ? ` (${a.status})` : ''}: ${text}${changeOfUse ? ' [may change the use away from a cultural one]' : ''}`;
}

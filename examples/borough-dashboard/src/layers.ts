/**
 * What the dashboard asks, shared by the app (in the browser) and by `scripts/record-archive.ts`
 * (in Node), so the offline archive holds exactly the requests the app makes. Packages only: Node
 * runs this file as it is when recording.
 */
import { laqn } from '@ldn-twin/connectors/laqn';
import { CONSTRAINT_DATASETS, type PlanningDataset } from '@ldn-twin/connectors/planning-data';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { tfl } from '@ldn-twin/connectors/tfl';
import { connect, type HttpClient, type TwinRecord } from '@ldn-twin/core';
import { BOROUGHS, type Borough, boroughAt } from '@ldn-twin/geo';
import { restrictionsAt } from '@ldn-twin/questions';

/** The layers the dashboard draws, in drawing order (the borough boundary is drawn first). */
export const LAYER_IDS = ['constraints', 'pipeline', 'disruptions', 'air-quality'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/** One data layer: its records and how its source answered. */
export interface Layer {
  readonly id: LayerId;
  readonly title: string;
  /** What was asked, in words (where, which source). */
  readonly asked: string;
  readonly records: readonly TwinRecord[];
  readonly status: 'answered' | 'failed';
  readonly error?: string;
}

/** What to ask: the borough the dashboard is for, and where each layer looks. */
export interface DashboardPlan {
  /** The borough the dashboard is for (GSS code): its boundary is drawn and highlighted. */
  readonly borough: string;
  /** The site whose planning constraints are asked (planning.data.gov.uk intersects a point). */
  readonly site: readonly [longitude: number, latitude: number];
  /** The borough whose planning applications are asked (Planning London Datahub). */
  readonly pipelineBorough: string;
  /**
   * Keep only disruptions and air quality sites inside `borough` (live use). The offline plan
   * shows the recorded ones wherever they are, and the panel says which borough each is in.
   */
  readonly clipToBorough: boolean;
  /** The layers asked; the others are shown as not asked (offline: no recording for this borough). */
  readonly layers: readonly LayerId[];
}

/** Lambeth: the borough with a real recorded planning.data.gov.uk answer (at this site). */
export const LAMBETH = 'E09000022';
/** The point of the recorded planning.data.gov.uk query (fixtures SOURCES.md). */
export const LAMBETH_SITE = [-0.1198903, 51.4922191] as const;

/** The source whose records make each layer (a record's `provenance.connector`). */
export const LAYER_CONNECTORS: Record<LayerId, string> = {
  constraints: 'planning-data',
  pipeline: 'planning-london-datahub',
  disruptions: 'tfl',
  'air-quality': 'laqn',
};

/**
 * Offline, one borough: Lambeth. The bundled archive holds only real recordings, and the only real
 * recording in Lambeth is planning.data.gov.uk's answer at this site; the recorded Datahub search
 * (Waltham Forest), road disruptions (Hounslow) and air quality sites (Merton) are elsewhere, so those
 * layers are not asked offline (the panel says so) rather than drawn in another borough.
 */
export const OFFLINE_PLAN: DashboardPlan = {
  borough: LAMBETH,
  site: LAMBETH_SITE,
  pipelineBorough: LAMBETH,
  clipToBorough: true,
  layers: ['constraints'],
};

/**
 * The constraint datasets of the recorded planning.data.gov.uk query that the connector knows (the
 * recorded request named 18; `tree-preservation-order`, `national-park` and a few others are not
 * constraint datasets of the connector).
 */
export const RECORDED_CONSTRAINT_DATASETS: readonly PlanningDataset[] = [
  'article-4-direction-area',
  'central-activities-zone',
  'listed-building',
  'listed-building-outline',
  'park-and-garden',
  'conservation-area',
  'world-heritage-site',
  'world-heritage-site-buffer-zone',
  'scheduled-monument',
  'tree',
  'tree-preservation-zone',
  'site-of-special-scientific-interest',
].filter((d): d is PlanningDataset => d in CONSTRAINT_DATASETS);

/** Base URLs of the connectors that browsers cannot call directly; absent means each default. */
export interface BaseUrls {
  readonly [connectorId: string]: string | undefined;
}

/** The titles of the layers, for the panel (a layer not asked is still listed). */
export const LAYER_TITLES: Record<LayerId, string> = {
  constraints: 'Planning constraints',
  pipeline: 'Development pipeline',
  disruptions: 'Road disruptions',
  'air-quality': 'Air quality',
};

/**
 * An error as one short readable line: its message's first line, without a stack or a leading
 * `Error:`, cut at 160 characters.
 */
export function shortError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? 'failed')
    .trim()
    .replace(/^\w*Error:\s*/, '');
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/** The borough with this name. */
export function boroughByName(name: string): Borough {
  const borough = BOROUGHS.find((b) => b.name === name || b.code === name);
  if (!borough) throw new Error(`no borough ${name}`);
  return borough;
}

/** The borough a record lies in (by its first coordinate), or undefined (no geometry, or outside). */
export function boroughOf(record: TwinRecord): Borough | undefined {
  const first = firstCoordinate(record.geometry);
  return first ? boroughAt(first[0], first[1]) : undefined;
}

function firstCoordinate(geometry: TwinRecord['geometry']): [number, number] | undefined {
  if (!geometry) return undefined;
  if (geometry.type === 'GeometryCollection') {
    for (const g of geometry.geometries) {
      const c = firstCoordinate(g as TwinRecord['geometry']);
      if (c) return c;
    }
    return undefined;
  }
  let c: unknown = geometry.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : undefined;
}

/**
 * Asks every layer's source at once; a source that fails is reported on its layer, the others still
 * answer.
 */
export async function loadLayers(
  client: HttpClient,
  plan: DashboardPlan = OFFLINE_PLAN,
  baseUrls: BaseUrls = {},
): Promise<Layer[]> {
  const borough = boroughByName(plan.borough);
  const pipelineBorough = boroughByName(plan.pipelineBorough);
  const config = (id: string) => (baseUrls[id] ? { config: { baseUrl: baseUrls[id] } } : {});
  const inBorough = (records: readonly TwinRecord[]) =>
    plan.clipToBorough ? records.filter((r) => boroughOf(r)?.code === borough.code) : records;

  const layer = (
    id: LayerId,
    title: string,
    asked: string,
    ask: () => Promise<readonly TwinRecord[]>,
  ): { id: LayerId; run: () => Promise<Layer> } => ({
    id,
    run: async () => {
      try {
        return { id, title, asked, records: await ask(), status: 'answered' };
      } catch (error) {
        return { id, title, asked, records: [], status: 'failed', error: shortError(error) };
      }
    },
  });

  const asked = [
    layer(
      'constraints',
      LAYER_TITLES.constraints,
      `at the site ${plan.site[1]}, ${plan.site[0]} (planning.data.gov.uk)`,
      async () => {
        const report = await restrictionsAt(
          { point: [plan.site[0], plan.site[1]] },
          { client, sources: ['constraints'], datasets: RECORDED_CONSTRAINT_DATASETS },
        );
        const failed = report.sources.find((s) => s.status === 'failed');
        if (failed && report.records.length === 0) throw new Error(failed.error?.message ?? 'failed');
        return report.records;
      },
    ),
    layer(
      'pipeline',
      LAYER_TITLES.pipeline,
      `planning applications in ${pipelineBorough.name} (Planning London Datahub)`,
      async () => {
        const datahub = connect(planningLondonDatahub, { client, ...config(planningLondonDatahub.id) });
        const { records } = await datahub.search({ filters: { boroughs: [pipelineBorough.code] } }).collect();
        return records;
      },
    ),
    layer(
      'disruptions',
      LAYER_TITLES.disruptions,
      "TfL's current road disruptions (TfL Unified API)",
      async () => {
        const roads = connect(tfl, { client, ...config(tfl.id) });
        const { records } = await roads.roadDisruptions({ roads: ['all'] }).collect();
        return inBorough(records);
      },
    ),
    layer(
      'air-quality',
      LAYER_TITLES['air-quality'],
      "London's hourly air quality index by site (London Air Quality Network)",
      async () => {
        const air = connect(laqn, { client, ...config(laqn.id) });
        const { records } = await air.hourlyIndex({}).collect();
        return inBorough(records);
      },
    ),
  ];
  return Promise.all(asked.filter((l) => plan.layers.includes(l.id)).map((l) => l.run()));
}

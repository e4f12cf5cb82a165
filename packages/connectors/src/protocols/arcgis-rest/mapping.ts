/**
 * The pluggable mapping of an ArcGIS layer to PlanningConstraint records: a small description
 * (constraint type, dataset, which fields give name, reference, date, grade, documentation URL),
 * resolved at run time against the layer's own description (`?f=json`), because field names vary
 * between services and change over time (Natural England's SSSI name field is `SSSI_NAME` in most
 * clients and `NAME` in a 2026 one). Each field can name several candidates; the first one the layer
 * really has wins, matched without regard to case, and the layer's own spelling is used.
 */
import { CONSTRAINT_TYPES, type Licence, LicenceSchema, type Relation } from '@ldn-twin/core';
import * as z from 'zod';
import type { RawLayerInfo } from './raw.js';

const FieldRef = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/**
 * A mapping description: what a layer's features become. `fields.*` name a field or a list of
 * candidates; `documentationUrlTemplate` builds a link from the reference (`{reference}`).
 *
 * @example
 * ```ts
 * ConstraintMapping.parse({
 *   constraintType: 'conservation-area',
 *   dataset: 'conservation-area',
 *   publisher: 'London Borough of Camden',
 *   fields: { name: ['NAME', 'sitename'], reference: 'CA_REF', date: 'DESIGNATED' },
 * });
 * ```
 */
export const ConstraintMapping = z.object({
  kind: z.literal('PlanningConstraint').default('PlanningConstraint'),
  constraintType: z.enum(CONSTRAINT_TYPES),
  /** A kebab-case dataset name for `attributes.dataset` and the provenance. */
  dataset: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case dataset name'),
  /** Who publishes the layer (provenance.publisher). */
  publisher: z.string().min(1),
  /** The twin-id namespace; the dataset name by default. */
  idNamespace: z.string().min(1).optional(),
  fields: z
    .object({
      name: FieldRef.optional(),
      /** A stable upstream reference; when given, record ids use it, else the object id. */
      reference: FieldRef.optional(),
      /** The designation date (epoch milliseconds or an ISO date). */
      date: FieldRef.optional(),
      grade: FieldRef.optional(),
      documentationUrl: FieldRef.optional(),
    })
    .default({}),
  documentationUrlTemplate: z.string().includes('{reference}').optional(),
  /** Licence and exact attribution; without one, the layer's `copyrightText` is quoted. */
  licence: LicenceSchema.optional(),
});
export type ConstraintMapping = z.output<typeof ConstraintMapping>;

/**
 * The fields a mapping can name.
 *
 * @example
 * ```ts
 * const field: MappedField = 'reference';
 * ```
 */
export type MappedField = keyof ConstraintMapping['fields'];

/**
 * A mapping resolved against one layer: real field names, the layer's object id and date fields,
 * and what every record of the layer shares.
 *
 * @example
 * ```ts
 * const plan: MappingPlan = resolveMapping(mapping, layerInfo, { layerUrl, connector: 'arcgis', retrievedAt });
 * ```
 */
export interface MappingPlan {
  readonly constraintType: ConstraintMapping['constraintType'];
  readonly dataset: string;
  readonly publisher: string;
  readonly namespace: string;
  /** Whether record ids use the reference (falling back to the object id) or always the object id. */
  readonly idFrom: 'reference' | 'objectId';
  /** Who issues the references (the identifier's `issuer`): the dataset by default. */
  readonly identifierIssuer: string;
  readonly licence: Licence;
  readonly fields: Readonly<Partial<Record<MappedField, string>>>;
  /** Candidates named in the mapping that the layer does not have. */
  readonly missingFields: readonly MappedField[];
  readonly documentationUrlTemplate?: string | undefined;
  readonly objectIdField?: string | undefined;
  readonly dateFields: ReadonlySet<string>;
  readonly layerUrl: string;
  readonly layerName: string;
  /** The provenance `dataset`, e.g. the service and layer name. */
  readonly provenanceDataset: string;
  readonly connector: string;
  readonly retrievedAt: string;
  /** Fixed per layer (a flood zone's level read from the layer name). */
  readonly floodRiskLevel?: string | undefined;
  /** Added to every record's `attributes.extra` (layer and service names). */
  readonly extra: Readonly<Record<string, string>>;
  readonly relations: readonly Relation[];
}

/**
 * Where the layer is, who is mapping it, and what every record of the layer shares.
 *
 * @example
 * ```ts
 * const context: ResolveContext = { layerUrl, connector: 'arcgis', retrievedAt: new Date().toISOString() };
 * ```
 */
export interface ResolveContext {
  readonly layerUrl: string;
  readonly connector: string;
  readonly retrievedAt: string;
  readonly provenanceDataset?: string;
  /** Overrides the mapping's id namespace (one per layer when references are not unique). */
  readonly idNamespace?: string;
  readonly idFrom?: 'reference' | 'objectId';
  /** Who issues the references, when they are unique only within an issuer (a borough's GSS code). */
  readonly identifierIssuer?: string;
  /** Overrides the mapping's licence (e.g. from the layer's own metadata). */
  readonly licence?: Licence;
  readonly floodRiskLevel?: string | undefined;
  readonly extra?: Readonly<Record<string, string>>;
  readonly relations?: readonly Relation[];
}

/**
 * Resolves a mapping description against a layer description.
 *
 * @example
 * ```ts
 * const plan = resolveMapping(ConstraintMapping.parse(description), layerInfo, {
 *   layerUrl: 'https://services.arcgis.com/x/arcgis/rest/services/SSSI_England/FeatureServer/0',
 *   connector: 'arcgis',
 *   retrievedAt: new Date().toISOString(),
 * });
 * plan.fields.name; // 'NAME' when the layer has NAME but not SSSI_NAME
 * ```
 */
export function resolveMapping(
  mapping: ConstraintMapping,
  layer: RawLayerInfo,
  context: ResolveContext,
): MappingPlan {
  const known = layer.fields ?? [];
  const fields: Partial<Record<MappedField, string>> = {};
  const missingFields: MappedField[] = [];
  for (const [key, ref] of Object.entries(mapping.fields) as [MappedField, string | string[] | undefined][]) {
    if (ref === undefined) continue;
    const resolved = resolveField(ref, known);
    if (resolved) fields[key] = resolved;
    else missingFields.push(key);
  }
  const objectIdField =
    layer.objectIdField ?? known.find((f) => f.type === 'esriFieldTypeOID')?.name ?? undefined;
  return {
    constraintType: mapping.constraintType,
    dataset: mapping.dataset,
    publisher: mapping.publisher,
    namespace: context.idNamespace ?? mapping.idNamespace ?? mapping.dataset,
    idFrom: context.idFrom ?? 'reference',
    identifierIssuer: context.identifierIssuer ?? mapping.dataset,
    licence: context.licence ?? mapping.licence ?? licenceFromLayer(layer, context.layerUrl),
    fields,
    missingFields,
    documentationUrlTemplate: mapping.documentationUrlTemplate,
    objectIdField,
    dateFields: new Set(known.filter((f) => f.type === 'esriFieldTypeDate').map((f) => f.name)),
    layerUrl: context.layerUrl,
    layerName: layer.name,
    provenanceDataset: context.provenanceDataset ?? (layer.name || mapping.dataset),
    connector: context.connector,
    retrievedAt: context.retrievedAt,
    floodRiskLevel: context.floodRiskLevel,
    extra: context.extra ?? {},
    relations: context.relations ?? [],
  };
}

/**
 * The first candidate the layer has, in the layer's spelling (case-insensitive match). When the
 * layer description lists no fields, the first candidate is trusted as given.
 *
 * @example
 * ```ts
 * resolveField(['SSSI_NAME', 'NAME'], [{ name: 'Name', type: 'esriFieldTypeString' }]); // 'Name'
 * ```
 */
export function resolveField(
  ref: string | readonly string[],
  fields: readonly { readonly name: string }[],
): string | undefined {
  const candidates = typeof ref === 'string' ? [ref] : ref;
  if (fields.length === 0) return candidates[0];
  for (const candidate of candidates) {
    const found = fields.find((f) => f.name.toLowerCase() === candidate.toLowerCase());
    if (found) return found.name;
  }
  return undefined;
}

/**
 * For a layer mapped without a licence: the licence is not asserted (`NOASSERTION`, the SPDX term),
 * and the attribution quotes the layer's own copyright text, or names the layer where it has none.
 */
function licenceFromLayer(layer: RawLayerInfo, layerUrl: string): Licence {
  return {
    id: 'NOASSERTION',
    attribution: [layer.copyrightText ?? `${layer.name || 'ArcGIS layer'} (${layerUrl})`],
  };
}

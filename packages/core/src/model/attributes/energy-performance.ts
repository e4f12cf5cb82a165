/**
 * Attributes of the EnergyPerformance kind: one Energy Performance Certificate (EPC) as the register
 * publishes it (the `epc` connector, Open Data Communities v1 and its bulk CSV files). Strict where
 * the register's columns are known (ratings, efficiencies, CO2, floor area, dates, descriptors);
 * every other non-empty column is kept under its original kebab-case name in `extra`.
 */
import * as z from 'zod';

/** An energy rating band, A (best) to G. */
const Band = z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'G']);

/**
 * Attributes of an Energy Performance Certificate.
 *
 * Units are as the register publishes them and the field guide does not state them: CO2 emissions
 * are the register's annual figures (tonnes a year in its documentation), floor areas are square
 * metres. Upstream sentinels (`"NO DATA!"`, `"N/A"`) are absent here and kept as given in `extra`.
 *
 * @example
 * ```ts
 * import { EnergyPerformanceAttributes } from '@ldn-twin/core';
 * EnergyPerformanceAttributes.parse({
 *   certificateType: 'domestic',
 *   lmkKey: '1573380469022017090821481343938953',
 *   uprn: '34053831',
 *   currentRating: 'D',
 *   potentialRating: 'C',
 *   currentEfficiency: 60,
 *   potentialEfficiency: 76,
 *   co2EmissionsCurrent: 5.6,
 *   co2EmissionsPotential: 3,
 *   floorArea: 133,
 *   lodgementDate: '2017-09-08',
 *   extra: { 'main-fuel': 'mains gas (not community)' },
 * });
 * ```
 */
export const EnergyPerformanceAttributes = z
  .strictObject({
    /**
     * Which register the certificate comes from. Always set by the `epc` connector; optional for other
     * sources of energy performance figures.
     */
    certificateType: z.enum(['domestic', 'non-domestic']).optional(),
    /** The v1 register's certificate key (`lmk-key`), the id of a v1 certificate. */
    lmkKey: z.string().min(1).optional(),
    /**
     * The certificate number of the replacement register (get-energy-performance-data, 2026), e.g.
     * `0000-0000-0000-0000-0000`: its id of the certificate. It cannot be linked to a v1 `lmkKey`.
     */
    certificateNumber: z.string().min(1).optional(),
    /** The UPRN the register matched the certificate to (a string of 1 to 12 digits). */
    uprn: z
      .string()
      .regex(/^\d{1,12}$/)
      .optional(),
    /** How the UPRN was found (`uprn-source`, e.g. "Address Matched"). */
    uprnSource: z.string().optional(),
    /** The register's building reference number. */
    buildingReferenceNumber: z.string().optional(),
    /** Current energy rating band (domestic `current-energy-rating`). */
    currentRating: Band.optional(),
    /** Potential energy rating band after the recommended measures. */
    potentialRating: Band.optional(),
    /** Current energy efficiency score (SAP points, 1 to 100+). */
    currentEfficiency: z.number().optional(),
    /** Potential energy efficiency score. */
    potentialEfficiency: z.number().optional(),
    /** Non-domestic asset rating (`asset-rating`). */
    assetRating: z.number().optional(),
    /** Non-domestic asset rating band (`asset-rating-band`). */
    assetRatingBand: z.string().optional(),
    /** Current CO2 emissions, as published (`co2-emissions-current`). */
    co2EmissionsCurrent: z.number().optional(),
    /** Potential CO2 emissions, as published (`co2-emissions-potential`). */
    co2EmissionsPotential: z.number().optional(),
    /** Floor area, square metres (domestic `total-floor-area`, non-domestic `floor-area`). */
    floorArea: z.number().optional(),
    /** Construction age band as published, e.g. "England and Wales: 1900-1929". */
    constructionAgeBand: z.string().optional(),
    /** Property type as published, e.g. "Maisonette". */
    propertyType: z.string().optional(),
    /** Built form as published, e.g. "Mid-Terrace". */
    builtForm: z.string().optional(),
    /** Tenure as published, e.g. "rental (private)". */
    tenure: z.string().optional(),
    /** Why the certificate was made (`transaction-type`). */
    transactionType: z.string().optional(),
    /** The date the certificate was lodged (ISO date). */
    lodgementDate: z.iso.date().optional(),
    /** The date of the inspection (ISO date). */
    inspectionDate: z.iso.date().optional(),
    /** The address as one line (`address`, or `address1..3` joined). */
    address: z.string().optional(),
    postcode: z.string().optional(),
    /** ONS (GSS) code of the local authority, e.g. E09000013. */
    localAuthority: z.string().optional(),
    localAuthorityLabel: z.string().optional(),
    /**
     * The improvements the certificate recommends, in its order (domestic `suggested_improvements` of
     * the replacement register). Costs are the register's text, e.g. "£220 - £250".
     */
    recommendations: z
      .array(
        z.strictObject({
          sequence: z.number().optional(),
          /** The register's improvement type code, e.g. "G". */
          improvementType: z.string().optional(),
          improvementNumber: z.number().optional(),
          indicativeCost: z.string().optional(),
          /** Typical saving a year, as published (pounds in the register's documentation). */
          typicalSaving: z.number().optional(),
          /** Energy efficiency score after this and the earlier improvements. */
          energyPerformanceRating: z.number().optional(),
        }),
      )
      .optional(),
    /** Every other non-empty column, under its kebab-case name, as the string the register gave. */
    extra: z.record(z.string(), z.string()).default({}),
  })
  .meta({ id: 'EnergyPerformanceAttributes', description: 'An Energy Performance Certificate (EPC)' });

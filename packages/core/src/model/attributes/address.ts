/**
 * Attributes of the Address kind: an addressable place, keyed by its UPRN (address lookups such as
 * OS Places and postcodes turn into points through it). The named fields are those of an OS Places
 * DPA (Royal Mail delivery point) record seen in real responses; everything else a source gives, such
 * as LPI (local gazetteer) fields, is kept as strings in `extra`.
 */
import * as z from 'zod';

/**
 * Attributes of an Address.
 *
 * @example
 * ```ts
 * import { AddressAttributes } from '@ldn-twin/core';
 * AddressAttributes.parse({
 *   uprn: '100023071949',
 *   address: 'SHERLOCK HOLMES MUSEUM, 221B, BAKER STREET, LONDON, NW1 6XE',
 *   postcode: 'NW1 6XE',
 *   dataset: 'DPA',
 *   classificationCode: 'CR08',
 *   classificationDescription: 'Shop / Showroom',
 *   extra: {},
 * });
 * ```
 */
export const AddressAttributes = z
  .strictObject({
    /** Unique Property Reference Number: 1 to 12 digits, never reused. */
    uprn: z
      .string()
      .regex(/^\d{1,12}$/)
      .optional(),
    /** The full address on one line, as the source writes it. */
    address: z.string().optional(),
    postcode: z.string().optional(),
    /** The gazetteer the record comes from: OS Places `DPA` (Royal Mail PAF) or `LPI` (local authority). */
    dataset: z.enum(['DPA', 'LPI']).optional(),
    /** Royal Mail's Unique Delivery Point Reference Number (DPA). */
    udprn: z.string().optional(),
    organisationName: z.string().optional(),
    buildingName: z.string().optional(),
    buildingNumber: z.string().optional(),
    thoroughfareName: z.string().optional(),
    postTown: z.string().optional(),
    /** AddressBase classification code, e.g. `CR08`, and its description, e.g. "Shop / Showroom". */
    classificationCode: z.string().optional(),
    classificationDescription: z.string().optional(),
    /** Record status, e.g. `APPROVED`, and the logical status code (`1` approved). */
    status: z.string().optional(),
    logicalStatusCode: z.string().optional(),
    /** BLPU state code (`2` in use; often absent) and its description. */
    blpuStateCode: z.string().optional(),
    blpuStateDescription: z.string().optional(),
    blpuStateDate: z.iso.date().optional(),
    /** The local authority that maintains the record, as a number (`5990`) and its name. */
    localCustodianCode: z.number().int().optional(),
    localCustodianDescription: z.string().optional(),
    /** `E`, `W`, `S`, ... and its description. */
    countryCode: z.string().optional(),
    /** Postal address code (e.g. `D`, linked to PAF) and its description. */
    postalAddressCode: z.string().optional(),
    postalAddressDescription: z.string().optional(),
    /** Representative point code: how the coordinates were placed. */
    rpc: z.string().optional(),
    /** The OS MasterMap TOID of the topographic feature the address sits in. */
    toid: z.string().optional(),
    /** GSS code of the electoral ward. */
    wardCode: z.string().optional(),
    entryDate: z.iso.date().optional(),
    lastUpdateDate: z.iso.date().optional(),
    language: z.string().optional(),
    /** How well a search matched (0 to 1), and in words. */
    match: z.number().optional(),
    matchDescription: z.string().optional(),
    deliveryPointSuffix: z.string().optional(),
    /** Every other non-empty field of the source, as strings under its original names. */
    extra: z.record(z.string(), z.string()).default({}),
  })
  .meta({ id: 'AddressAttributes', description: 'An addressable place, keyed by its UPRN' });

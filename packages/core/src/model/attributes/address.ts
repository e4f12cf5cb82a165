/**
 * Attributes of the Address kind: an addressable place, usually keyed by its UPRN (address
 * lookups such as OS Places and postcodes turn into points through it). Loose and minimal until its
 * first connector lands; that connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of an Address (loose, until the OS Places connector lands).
 *
 * @example
 * ```ts
 * import { AddressAttributes } from '@ldn-twin/core';
 * AddressAttributes.parse({ uprn: '100023336956', address: '10 DOWNING STREET, LONDON, SW1A 2AA', postcode: 'SW1A 2AA' });
 * ```
 */
export const AddressAttributes = z
  .looseObject({
    uprn: z
      .string()
      .regex(/^\d{1,12}$/)
      .optional(),
    address: z.string().optional(),
    postcode: z.string().optional(),
  })
  .meta({ id: 'AddressAttributes', description: 'An addressable place (loose)' });

/**
 * London's planning authorities as the Planning London Datahub names them, with their GSS codes.
 * The Datahub's `lpa_name` uses its own spellings (`Hammersmith & Fulham`, `Kingston`, `Richmond`;
 * field guide section 2, from a terms aggregation on `lpa_name.raw`), and document ids write the name
 * with `_` for spaces (`Waltham_Forest-190520`). The two development corporations (`LLDC`, `OPDC`) are
 * planning authorities without a borough GSS code.
 */

/** The 33 London boroughs (GSS E09000001-E09000033, ONS) and their names. */
const BOROUGHS: readonly (readonly [code: string, name: string])[] = [
  ['E09000001', 'City of London'],
  ['E09000002', 'Barking and Dagenham'],
  ['E09000003', 'Barnet'],
  ['E09000004', 'Bexley'],
  ['E09000005', 'Brent'],
  ['E09000006', 'Bromley'],
  ['E09000007', 'Camden'],
  ['E09000008', 'Croydon'],
  ['E09000009', 'Ealing'],
  ['E09000010', 'Enfield'],
  ['E09000011', 'Greenwich'],
  ['E09000012', 'Hackney'],
  ['E09000013', 'Hammersmith and Fulham'],
  ['E09000014', 'Haringey'],
  ['E09000015', 'Harrow'],
  ['E09000016', 'Havering'],
  ['E09000017', 'Hillingdon'],
  ['E09000018', 'Hounslow'],
  ['E09000019', 'Islington'],
  ['E09000020', 'Kensington and Chelsea'],
  ['E09000021', 'Kingston upon Thames'],
  ['E09000022', 'Lambeth'],
  ['E09000023', 'Lewisham'],
  ['E09000024', 'Merton'],
  ['E09000025', 'Newham'],
  ['E09000026', 'Redbridge'],
  ['E09000027', 'Richmond upon Thames'],
  ['E09000028', 'Southwark'],
  ['E09000029', 'Sutton'],
  ['E09000030', 'Tower Hamlets'],
  ['E09000031', 'Waltham Forest'],
  ['E09000032', 'Wandsworth'],
  ['E09000033', 'Westminster'],
];

/** Where the Datahub's `lpa_name` differs from the ONS name (field guide section 2). */
const DATAHUB_SPELLINGS: Readonly<Record<string, string>> = {
  E09000002: 'Barking & Dagenham',
  E09000013: 'Hammersmith & Fulham',
  E09000020: 'Kensington & Chelsea',
  E09000021: 'Kingston',
  E09000027: 'Richmond',
};

/** Lower case, `&` as `and`, `_` and runs of spaces as one space, "London Borough of" dropped. */
function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[_\s]+/g, ' ')
    .replace(/^(the )?(royal |london )?borough of /, '')
    .trim();
}

const BY_NAME = new Map<string, string>();
for (const [code, name] of BOROUGHS) {
  BY_NAME.set(normalise(name), code);
  const spelling = DATAHUB_SPELLINGS[code];
  if (spelling) BY_NAME.set(normalise(spelling), code);
}
BY_NAME.set('city', 'E09000001');

/**
 * The GSS code of a London borough from its name in any of the spellings the Datahub uses
 * (`Waltham Forest`, `Waltham_Forest`, `Hammersmith & Fulham`, `Kingston`); undefined for others
 * (`LLDC`, `OPDC`, unknown names).
 *
 * @example
 * ```ts
 * boroughCode('Hammersmith & Fulham'); // 'E09000013'
 * boroughCode('LLDC'); // undefined
 * ```
 */
export function boroughCode(name: string): string | undefined {
  return BY_NAME.get(normalise(name));
}

/**
 * The Datahub's `lpa_name` for a borough given by GSS code; other values (names, `LLDC`) pass through.
 *
 * @example
 * ```ts
 * datahubName('E09000021'); // 'Kingston'
 * datahubName('E09000031'); // 'Waltham Forest'
 * datahubName('OPDC'); // 'OPDC'
 * ```
 */
export function datahubName(boroughOrCode: string): string {
  const borough = BOROUGHS.find(([code]) => code === boroughOrCode);
  if (!borough) return boroughOrCode;
  return DATAHUB_SPELLINGS[borough[0]] ?? borough[1];
}

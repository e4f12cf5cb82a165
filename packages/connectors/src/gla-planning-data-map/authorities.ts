/**
 * London's 35 planning authorities and their Planning Data Map service number NN
 * (`planning_local_plan_data_NN`): the last two digits of the borough's ONS GSS code E090000NN
 * (01 City of London ... 33 Westminster), then 34 LLDC and 35 OPDC. The field guide confirms the
 * pattern on the services' REST pages for 30 boroughs and LLDC; 02 Barking and Dagenham, 07 Camden
 * and 35 OPDC rest on the pattern and third-party code only, so the numbers are config (overridable).
 */

/**
 * One planning authority.
 *
 * @example
 * ```ts
 * const camden: PlanningAuthority = { nn: '07', gss: 'E09000007', name: 'Camden', confirmed: false };
 * ```
 */
export interface PlanningAuthority {
  /** The service number, two digits. */
  readonly nn: string;
  /** The ONS GSS code (boroughs only; the development corporations have none here). */
  readonly gss?: string;
  readonly name: string;
  /** Whether the field guide confirms the service number (service REST pages), or it rests on the pattern. */
  readonly confirmed: boolean;
  /** Other names it is known by. */
  readonly aliases?: readonly string[];
}

const BOROUGHS = [
  'City of London',
  'Barking and Dagenham',
  'Barnet',
  'Bexley',
  'Brent',
  'Bromley',
  'Camden',
  'Croydon',
  'Ealing',
  'Enfield',
  'Greenwich',
  'Hackney',
  'Hammersmith and Fulham',
  'Haringey',
  'Harrow',
  'Havering',
  'Hillingdon',
  'Hounslow',
  'Islington',
  'Kensington and Chelsea',
  'Kingston upon Thames',
  'Lambeth',
  'Lewisham',
  'Merton',
  'Newham',
  'Redbridge',
  'Richmond upon Thames',
  'Southwark',
  'Sutton',
  'Tower Hamlets',
  'Waltham Forest',
  'Wandsworth',
  'Westminster',
] as const;

/** Service numbers the field guide does not confirm from a public source. */
const UNCONFIRMED = new Set(['02', '07', '35']);

const ALIASES: Readonly<Record<string, readonly string[]>> = {
  'City of London': ['City', 'City of London Corporation'],
  Greenwich: ['Royal Borough of Greenwich'],
  'Kensington and Chelsea': ['Royal Borough of Kensington and Chelsea'],
  'Kingston upon Thames': ['Kingston', 'Royal Borough of Kingston upon Thames'],
  'Richmond upon Thames': ['Richmond'],
  Westminster: ['City of Westminster'],
};

/**
 * Every authority, in service-number order.
 *
 * @example
 * ```ts
 * PLANNING_AUTHORITIES.length; // 35
 * PLANNING_AUTHORITIES[18]; // { nn: '19', gss: 'E09000019', name: 'Islington', confirmed: true }
 * ```
 */
export const PLANNING_AUTHORITIES: readonly PlanningAuthority[] = [
  ...BOROUGHS.map((name, index) => {
    const nn = String(index + 1).padStart(2, '0');
    return {
      nn,
      gss: `E090000${nn}`,
      name,
      confirmed: !UNCONFIRMED.has(nn),
      ...(ALIASES[name] ? { aliases: ALIASES[name] } : {}),
    };
  }),
  {
    nn: '34',
    name: 'London Legacy Development Corporation',
    confirmed: true,
    aliases: ['LLDC'],
  },
  {
    nn: '35',
    name: 'Old Oak and Park Royal Development Corporation',
    confirmed: false,
    aliases: ['OPDC'],
  },
];

/** Lower case, `&` as `and`, "London Borough of" dropped, letters and digits only. */
function normalise(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('&', ' and ')
    .replace(/^\s*(?:the\s+)?london\s+borough\s+of\s+/, '')
    .replace(/[^a-z0-9]+/g, '');
}

const BY_KEY = new Map<string, PlanningAuthority>();
for (const authority of PLANNING_AUTHORITIES) {
  for (const key of [authority.name, authority.gss, ...(authority.aliases ?? [])]) {
    if (key) BY_KEY.set(normalise(key), authority);
  }
}

/**
 * Finds an authority by GSS code (`E09000019`) or name (`Islington`, `London Borough of Islington`,
 * `Hammersmith & Fulham`, `LLDC`), case- and punctuation-insensitively.
 *
 * @example
 * ```ts
 * findAuthority('E09000019')?.nn; // '19'
 * findAuthority('hammersmith & fulham')?.gss; // 'E09000013'
 * findAuthority('OPDC')?.nn; // '35'
 * findAuthority('Slough'); // undefined
 * ```
 */
export function findAuthority(codeOrName: string): PlanningAuthority | undefined {
  return BY_KEY.get(normalise(codeOrName));
}

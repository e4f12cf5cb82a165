/**
 * @ldn-twin/geo: British National Grid, OS grid references, London boroughs and spatial joins.
 * @packageDocumentation
 */
export {};

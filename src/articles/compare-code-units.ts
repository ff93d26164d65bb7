/**
 * Orders strings by UTF-16 code units. Unlike `localeCompare` it gives the same order on every
 * machine, which keeps the walk, the ids and the index deterministic.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

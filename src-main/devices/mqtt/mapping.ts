import { z } from 'zod';
import type { Mapping, Metric } from '../../../src-shared/contract/devices';
import { parseJson } from './payloads';

/**
 * Tasmota/Shelly devices keep their own topics and JSON. A device's mapping says which topic carries
 * which metric at which JSON path, so real devices work without firmware changes.
 */
export type MappedValues = Partial<Record<Metric, number>>;

const FiniteNumber = z.number().finite();
const NumericText = z
  .string()
  .trim()
  .regex(/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/)
  .transform(Number);

/** `ENERGY.Power`, `meters[0].power`: object keys and array indexes; nothing else is evaluated. */
export function readPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (part === '') continue;
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Values of the entries listening on `topic`. A whole-payload entry (empty path) accepts a bare
 * number, as Shelly Gen1 publishes (`shellies/<id>/relay/0/power` → `"42.5"`). Entries whose value is
 * missing or not a number are skipped; null when none matched.
 */
export function extractMapped(mapping: Mapping, topic: string, payload: Buffer): MappedValues | null {
  const entries = mapping.entries.filter((e) => e.topic === topic);
  if (entries.length === 0) return null;
  const json = parseJson(payload);
  const values: MappedValues = {};
  let found = false;
  for (const entry of entries) {
    const raw = json.ok ? readPath(json.value, entry.path) : entry.path === '' ? payload.toString('utf8') : undefined;
    const parsed = FiniteNumber.or(NumericText).safeParse(raw);
    if (!parsed.success) continue;
    values[entry.metric] = parsed.data * entry.scale;
    found = true;
  }
  return found ? values : null;
}

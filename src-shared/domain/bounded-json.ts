import { z } from 'zod';

/**
 * Free-form JSON from a client, bounded before anything walks it recursively: zod's own `z.json()`,
 * `JSON.stringify` and structured clone all recurse, and a value nested a few thousand levels deep
 * overflows the stack. The walk here is iterative and stops at the first bound it crosses, so a
 * hostile value costs at most `maxNodes` steps, and a cycle or a shared sub-tree (possible over
 * Electron IPC, not over JSON text) is stopped by the same bounds.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface JsonBounds {
  /** Nesting levels of arrays and objects; a scalar at the top is depth 0. */
  maxDepth: number;
  /** Arrays, objects, scalars and keys counted together. */
  maxNodes: number;
  /** Characters of the value written as JSON text (escapes inside strings aside). */
  maxChars: number;
}

export const DEFAULT_JSON_BOUNDS: JsonBounds = { maxDepth: 32, maxNodes: 20_000, maxChars: 200_000 };

/** Why `value` is not bounded JSON, or null when it is. */
export function jsonBoundsProblem(value: unknown, bounds: JsonBounds): string | null {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let nodes = 0;
  // Counted as the walk goes, so an oversized value is refused before JSON.stringify ever runs.
  let chars = 0;
  while (pending.length > 0) {
    const { value: item, depth } = pending.pop()!;
    nodes += 1;
    if (nodes > bounds.maxNodes) return `too many values (${bounds.maxNodes} max)`;
    // An undefined member is what a JS caller leaves for an optional field; JSON text drops it.
    if (item === undefined) continue;
    if (item === null || typeof item === 'boolean') chars += String(item).length;
    else if (typeof item === 'number') {
      if (!Number.isFinite(item)) return 'numbers must be finite';
      chars += String(item).length;
    } else if (typeof item === 'string') chars += item.length + 2;
    else if (typeof item === 'object') {
      if (depth >= bounds.maxDepth) return `nested too deeply (${bounds.maxDepth} levels max)`;
      const children = Array.isArray(item) ? item : plainObjectValues(item);
      if (children === null) return 'only plain objects, arrays, strings, finite numbers, booleans and null';
      if (!Array.isArray(item)) {
        for (const key of Object.keys(item)) chars += key.length + 3;
        nodes += children.length;
      }
      chars += 2 + children.length;
      for (const child of children) pending.push({ value: child, depth: depth + 1 });
    } else return 'only plain objects, arrays, strings, finite numbers, booleans and null';
    if (chars > bounds.maxChars) return `too large (${bounds.maxChars} characters max)`;
  }
  return null;
}

function plainObjectValues(item: object): unknown[] | null {
  const prototype: unknown = Object.getPrototypeOf(item);
  if (prototype !== Object.prototype && prototype !== null) return null;
  return Object.values(item);
}

/** A schema for free-form JSON within `bounds`; every opaque JSON input of the contract uses it. */
export function boundedJson(bounds: Partial<JsonBounds> = {}) {
  const limits = { ...DEFAULT_JSON_BOUNDS, ...bounds };
  return z.custom<JsonValue>().superRefine((value, ctx) => {
    const problem = jsonBoundsProblem(value, limits);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
}

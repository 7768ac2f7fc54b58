import { describe, expect, it } from 'vitest';
import { boundedJson, jsonBoundsProblem, type JsonBounds } from '../../src-shared/domain/bounded-json';

const BOUNDS: JsonBounds = { maxDepth: 8, maxNodes: 1_000, maxChars: 2_000 };

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { child: value };
  return value;
}

describe('bounded JSON', () => {
  it('accepts a layout-like value within the bounds', () => {
    const layout = { type: 'row', weight: 50.5, children: [{ type: 'tabset', active: true, selected: null, children: [{ name: 'Book', component: 'trading.book' }] }] };
    expect(jsonBoundsProblem(layout, BOUNDS)).toBeNull();
  });

  it('refuses a value nested 2,000 levels deep without overflowing the stack', () => {
    const result = boundedJson(BOUNDS).safeParse(nested(2_000));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/nested too deeply/);
  });

  it('accepts exactly the maximum depth and refuses one level more', () => {
    expect(jsonBoundsProblem(nested(8), BOUNDS)).toBeNull();
    expect(jsonBoundsProblem(nested(9), BOUNDS)).toMatch(/nested too deeply/);
  });

  it('refuses a wide value with more nodes than allowed', () => {
    expect(jsonBoundsProblem(new Array(1_001).fill(0), { ...BOUNDS, maxChars: 1_000_000 })).toMatch(/too many values/);
  });

  it('refuses a value longer than the character bound', () => {
    expect(jsonBoundsProblem({ note: 'x'.repeat(2_000) }, BOUNDS)).toMatch(/too large/);
  });

  it('refuses what JSON cannot carry: non-finite numbers, class instances, functions', () => {
    expect(jsonBoundsProblem([Number.NaN], BOUNDS)).toMatch(/finite/);
    expect(jsonBoundsProblem({ at: new Date(0) }, BOUNDS)).toMatch(/plain objects/);
    expect(jsonBoundsProblem({ run: () => 1 }, BOUNDS)).toMatch(/plain objects/);
  });

  it('stops at a cycle instead of walking it forever', () => {
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(jsonBoundsProblem(loop, BOUNDS)).toMatch(/nested too deeply/);
  });

  it('stops a shared sub-tree that would unfold into more nodes than allowed', () => {
    let shared: unknown = 0;
    for (let i = 0; i < 8; i++) shared = [shared, shared, shared];
    expect(jsonBoundsProblem(shared, { ...BOUNDS, maxChars: 1_000_000 })).toMatch(/too many values/);
  });
});

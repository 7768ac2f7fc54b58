import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { type Command, type EngineSnapshot, MatchingEngine } from '../../src-main/engine';
import { Model } from './model';
import { randomOp, StreamBuilder, universe } from './streams';

const COMMANDS = 200_000;

function seededLog(seed: number, n: number): Command[] {
  const rng = xoroshiro128plus(seed);
  const int = (k: number): number => (rng.next() >>> 0) % k;
  const b = new StreamBuilder(universe());
  const log = b.setup();
  while (log.length < n) log.push(b.build(randomOp(int)));
  return log;
}

describe('deterministic replay of a large seeded command log', () => {
  const log = seededLog(20300101, COMMANDS);

  it('gives the same events byte for byte on every replay, and a mid-stream restore continues identically', () => {
    const a = new MatchingEngine();
    const b = new MatchingEngine();
    const model = new Model();
    const half = COMMANDS / 2;
    let restored: MatchingEngine | null = null;
    let mismatches = 0;
    let firstMismatch = -1;
    const counts = new Map<string, number>();
    for (let i = 0; i < log.length; i++) {
      const cmd = log[i]!;
      if (i === half) {
        const snapshot = JSON.parse(JSON.stringify(a.snapshot())) as EngineSnapshot;
        restored = MatchingEngine.restore(snapshot);
        expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(a.snapshot()));
      }
      const ea = a.apply(cmd);
      const ja = JSON.stringify(ea);
      const jb = JSON.stringify(b.apply(cmd));
      const jr = restored === null ? ja : JSON.stringify(restored.apply(cmd));
      if (ja !== jb || ja !== jr) {
        mismatches++;
        if (firstMismatch < 0) firstMismatch = i;
      }
      for (const e of ea) {
        model.apply(e);
        const key = e.type === 'rejected' ? e.reason : e.type;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    expect({ mismatches, firstMismatch }).toEqual({ mismatches: 0, firstMismatch: -1 });
    expect(JSON.stringify(restored!.snapshot())).toBe(JSON.stringify(a.snapshot()));
    model.verifyAgainst(a);
    // The log exercises the whole engine, not just rejections.
    for (const type of ['trade', 'cancelled', 'expired', 'modified', 'triggered', 'auction', 'blockAccepted', 'killSwitch', 'halted']) {
      expect(counts.get(type) ?? 0, type).toBeGreaterThan(50);
    }
    expect(counts.get('gateClosed')).toBeGreaterThan(0);
    expect(counts.get('trade')!).toBeGreaterThan(20_000);
  });
});

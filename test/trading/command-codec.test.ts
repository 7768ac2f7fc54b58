import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { type Command, MatchingEngine } from '../../src-main/engine';
import { decodeCommand, encodeCommand } from '../../src-main/trading/command-codec';
import { randomOp, StreamBuilder, universe } from '../engine/streams';

function seededLog(seed: number, n: number): Command[] {
  const rng = xoroshiro128plus(seed);
  const int = (k: number): number => (rng.next() >>> 0) % k;
  const b = new StreamBuilder(universe());
  const log = b.setup();
  while (log.length < n) log.push(b.build(randomOp(int)));
  return log;
}

describe('journal command codec', () => {
  it('replays a random command log read back from its journal text to the same events, byte for byte', () => {
    const original = new MatchingEngine();
    const replayed = new MatchingEngine();
    let compact = 0;
    for (const command of seededLog(424242, 30_000)) {
      const text = encodeCommand(command);
      const back = decodeCommand(JSON.parse(text) as unknown);
      if (text.startsWith('[')) compact++;
      expect(JSON.stringify(replayed.apply(back))).toBe(JSON.stringify(original.apply(command)));
    }
    expect(compact).toBeGreaterThan(20_000);
    expect(JSON.stringify(replayed.snapshot())).toBe(JSON.stringify(original.snapshot()));
  });

  it('writes a plain limit order in a third of the bytes of its object form', () => {
    const place: Command = {
      type: 'place', seq: 12, ts: 1_795_000_000_000, orderId: 7, owner: 2, clientOrderId: null, productId: 'DE-20261123-H11', side: 'buy',
      orderType: 'limit', quantity: 1_500, price: -1_250, stopPrice: null, tif: 'gtc', expireAt: null, peak: null, allOrNone: false,
    };
    const text = encodeCommand(place);
    expect(text).toBe('["P",12,1795000000000,7,2,"DE-20261123-H11","buy","limit",1500,-1250,null,"gtc"]');
    expect(text.length * 2.5).toBeLessThan(JSON.stringify(place).length);
    expect(decodeCommand(JSON.parse(text))).toMatchObject({ ...place, tif: 'gtc' });
  });

  it('reads journals written before the compact form, and refuses an entry it cannot read', () => {
    const cancel: Command = { type: 'cancel', seq: 3, ts: 5, orderId: 9, owner: 1 };
    expect(decodeCommand(JSON.parse(JSON.stringify(cancel)))).toEqual(cancel);
    expect(() => decodeCommand(['Z', 1])).toThrow(/cannot read/);
  });
});

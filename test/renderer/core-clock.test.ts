import { describe, expect, it } from 'vitest';
import { clockOffset } from '../../src-renderer/src/transport/core-clock';

describe("a screen's offset to the core's clock", () => {
  it('takes the answer as made halfway through the round trip', () => {
    // Asked at 1,000, answered at 1,200 with the core reading 61,100: the core is a minute ahead.
    expect(clockOffset(61_100, 1_000, 1_200)).toBe(60_000);
  });

  it('is negative when the screen runs ahead of the core', () => {
    expect(clockOffset(10_000, 70_000, 70_000)).toBe(-60_000);
  });
});

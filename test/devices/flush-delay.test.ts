import { describe, expect, it } from 'vitest';
import { flushDelayAfter } from '../../src-main/devices/telemetry/ingest';

const options = { minFlushMs: 10, flushMs: 50 };

describe('the wait before the next telemetry write', () => {
  it('is the shortest after a quick write, so light load is stored promptly', () => {
    expect(flushDelayAfter(0.5, options)).toBe(10);
  });

  it('grows with the last write, keeping writes to about a fifth of the time', () => {
    expect(flushDelayAfter(5, options)).toBe(20);
  });

  it('never exceeds the longest wait, however slow the last write', () => {
    expect(flushDelayAfter(400, options)).toBe(50);
  });
});

import { describe, expect, it } from 'vitest';
import { anomalyFlag, flagAnomalies } from '../../src-main/forecast/anomaly';

describe('anomaly flag', () => {
  const band = { lower: 80, upper: 120 }; // width 40

  it('flags values more than one width outside the interval', () => {
    expect(anomalyFlag(100, band)).toEqual({ anomalous: false, direction: null, score: 0 });
    expect(anomalyFlag(150, band)).toEqual({ anomalous: false, direction: null, score: 0.75 });
    expect(anomalyFlag(160, band)).toEqual({ anomalous: false, direction: null, score: 1 });
    expect(anomalyFlag(161, band)).toMatchObject({ anomalous: true, direction: 'high' });
    expect(anomalyFlag(39, band)).toMatchObject({ anomalous: true, direction: 'low' });
    expect(anomalyFlag(-500, band).score).toBeCloseTo(14.5, 12);
  });

  it('k and a minimum width are tunable (telemetry with a flat band)', () => {
    expect(anomalyFlag(130, band, { k: 0.2 }).anomalous).toBe(true);
    const flat = { lower: 50, upper: 50 };
    expect(anomalyFlag(50.001, flat).anomalous).toBe(true);
    expect(anomalyFlag(50.001, flat, { minWidth: 1 }).anomalous).toBe(false);
  });

  it('works on series and rejects inverted bands', () => {
    expect(flagAnomalies([100, 200], [band, band]).map((f) => f.anomalous)).toEqual([false, true]);
    expect(() => anomalyFlag(1, { lower: 2, upper: 1 })).toThrow();
  });
});

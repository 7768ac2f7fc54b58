/**
 * One reading in store units (see schema.ts); null = the device did not report that metric. Its own
 * module because the store, the aggregates and the checks all read it, and none of them owns it.
 */
export interface Reading {
  deviceId: number;
  ts: number;
  powerW: number | null;
  importWh: number | null;
  exportWh: number | null;
  voltageDv: number | null;
  frequencyMhz: number | null;
  socPm: number | null;
  tempDc: number | null;
  skewed: boolean;
}

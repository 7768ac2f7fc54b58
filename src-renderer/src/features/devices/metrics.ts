import type { TelemetryPoint } from '../../../../src-shared/contract/devices';

type NumericField = 'powerW' | 'importWh' | 'exportWh' | 'voltageV' | 'frequencyHz' | 'socPct' | 'temperatureC';

export interface MetricLine {
  field: NumericField;
  /** Divides the stored unit into the unit drawn (W → kW, Wh → kWh). */
  divisor: number;
  /** CSS variable the line takes its colour from, so it follows light/dark. */
  colorVar: string;
  labelKey: string;
}

export interface MetricDef {
  id: 'power' | 'soc' | 'voltage' | 'frequency' | 'temperature' | 'energy';
  unit: string;
  precision: number;
  lines: MetricLine[];
}

export const METRICS: readonly MetricDef[] = [
  { id: 'power', unit: 'kW', precision: 2, lines: [{ field: 'powerW', divisor: 1000, colorVar: '--accent', labelKey: 'devices.metric.power' }] },
  { id: 'soc', unit: '%', precision: 1, lines: [{ field: 'socPct', divisor: 1, colorVar: '--buy', labelKey: 'devices.metric.soc' }] },
  { id: 'voltage', unit: 'V', precision: 1, lines: [{ field: 'voltageV', divisor: 1, colorVar: '--dev-violet', labelKey: 'devices.metric.voltage' }] },
  { id: 'frequency', unit: 'Hz', precision: 3, lines: [{ field: 'frequencyHz', divisor: 1, colorVar: '--dev-teal', labelKey: 'devices.metric.frequency' }] },
  { id: 'temperature', unit: '°C', precision: 1, lines: [{ field: 'temperatureC', divisor: 1, colorVar: '--sell', labelKey: 'devices.metric.temperature' }] },
  {
    id: 'energy',
    unit: 'kWh',
    precision: 3,
    lines: [
      { field: 'importWh', divisor: 1000, colorVar: '--sell', labelKey: 'devices.metric.import' },
      { field: 'exportWh', divisor: 1000, colorVar: '--buy', labelKey: 'devices.metric.export' },
    ],
  },
];

/** A metric is charted when the device ever reported it in the loaded range. */
export function presentMetrics(points: readonly TelemetryPoint[]): Set<MetricDef['id']> {
  const present = new Set<MetricDef['id']>();
  for (const metric of METRICS) {
    if (points.some((p) => metric.lines.some((l) => p[l.field] !== null))) present.add(metric.id);
  }
  return present;
}

/** Chart time is whole seconds; readings within one second collapse to the last one. */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function lineData(points: readonly TelemetryPoint[], line: MetricLine): Array<{ time: number; value: number }> {
  const out: Array<{ time: number; value: number }> = [];
  for (const p of points) {
    const raw = p[line.field];
    if (raw === null) continue;
    const time = toSeconds(p.ts);
    const value = raw / line.divisor;
    const last = out[out.length - 1];
    if (last && last.time === time) last.value = value;
    else if (!last || last.time < time) out.push({ time, value });
  }
  return out;
}

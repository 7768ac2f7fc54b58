import { isoInterval, type IssueSink } from './issues';
import { type DurationMin, type PricePoint } from './types';

/** A point plus where it came from, so a duplicate can name both lines. */
export interface SourcedPoint extends PricePoint {
  line?: number;
}

function minutes(ms: number): number {
  return ms / 60_000;
}

function where(point: SourcedPoint): string {
  return point.line === undefined ? '' : ` (line ${point.line})`;
}

/**
 * Checks one regular series: sorted by start it must tile time with no repeats, overlaps or
 * holes. A hole is one issue per gap, not per missing interval, so a missing day reads as one
 * problem. `gaps: false` is for callers that know the expected coverage better (ENTSO-E
 * periods). Returns the points sorted.
 */
export function checkRegularSeries(points: readonly SourcedPoint[], sink: IssueSink, label = '', options: { gaps?: boolean } = {}): SourcedPoint[] {
  const sorted = [...points].sort((a, b) => a.startUtcMs - b.startUtcMs || a.durationMin - b.durationMin);
  const prefix = label === '' ? '' : `${label}: `;
  for (let i = 1; i < sorted.length; i += 1) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev === undefined || cur === undefined) continue;
    const prevEnd = prev.startUtcMs + prev.durationMin * 60_000;
    const interval = isoInterval(cur.startUtcMs, cur.startUtcMs + cur.durationMin * 60_000);
    if (cur.startUtcMs === prev.startUtcMs && cur.durationMin === prev.durationMin) {
      sink.add({
        code: 'duplicate_interval',
        line: cur.line,
        interval,
        message: `${prefix}interval ${interval} appears more than once${where(prev)}${where(cur)}`,
      });
    } else if (cur.startUtcMs < prevEnd) {
      sink.add({
        code: 'overlapping_interval',
        line: cur.line,
        interval,
        message: `${prefix}interval ${interval} overlaps ${isoInterval(prev.startUtcMs, prevEnd)}${where(prev)}`,
      });
    } else if (cur.startUtcMs > prevEnd && options.gaps !== false) {
      const gap = cur.startUtcMs - prevEnd;
      const count = gap / (prev.durationMin * 60_000);
      const what = Number.isInteger(count) ? `${count} interval${count === 1 ? '' : 's'} of ${prev.durationMin} min` : `${minutes(gap)} min`;
      sink.add({
        code: 'missing_interval',
        line: cur.line,
        interval: isoInterval(prevEnd, cur.startUtcMs),
        message: `${prefix}missing ${what}: nothing from ${isoInterval(prevEnd, cur.startUtcMs)}`,
      });
    }
  }
  return sorted;
}

/** One series carries one resolution; a mix usually means two exports were pasted together. */
export function checkSingleResolution(points: readonly SourcedPoint[], sink: IssueSink, label = ''): DurationMin | null {
  const first = points[0];
  if (first === undefined) return null;
  const other = points.find((p) => p.durationMin !== first.durationMin);
  if (other === undefined) return first.durationMin;
  const prefix = label === '' ? '' : `${label}: `;
  sink.add({
    code: 'mixed_resolution',
    line: other.line,
    interval: isoInterval(other.startUtcMs, other.startUtcMs + other.durationMin * 60_000),
    message: `${prefix}mixed resolutions: ${first.durationMin}-minute intervals${where(first)} and ${other.durationMin}-minute intervals${where(other)} in one series`,
  });
  return null;
}

import { IANAZone } from 'luxon';

export interface WallTime {
  /** The wall-clock reading as if it were UTC; only used as a key and for offset arithmetic. */
  wallMs: number;
  text: string;
}

export type TimeText = { kind: 'absolute'; utcMs: number } | { kind: 'local'; wall: WallTime } | { kind: 'invalid'; message: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
// SMARD's own exports and German spreadsheets write "26.03.2023 01:00".
const GERMAN = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/;

function wallFromFields(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | null {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(wall);
  // Date.UTC rolls "2023-02-30" over to March; a calendar that does not exist is a typo.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  return wall;
}

function offsetMinutes(text: string): number {
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** A timestamp with an offset is an instant; one without is a wall-clock reading in some zone. */
export function parseTimeText(raw: string): TimeText {
  const text = raw.trim();
  const iso = ISO.exec(text);
  const german = iso ? null : GERMAN.exec(text);
  if (!iso && !german) {
    return { kind: 'invalid', message: `"${raw}" is not a timestamp (expected e.g. 2023-03-26 01:00 or 2023-03-26T00:00:00Z)` };
  }
  const [, y, mo, d, h, mi, s, ms, offset] = iso ?? [];
  const [, gd, gmo, gy, gh, gmi, gs] = german ?? [];
  const wall = iso
    ? wallFromFields(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), Number((ms ?? '').padEnd(3, '0')))
    : wallFromFields(Number(gy), Number(gmo), Number(gd), Number(gh), Number(gmi), Number(gs ?? 0), 0);
  if (wall === null) return { kind: 'invalid', message: `"${raw}" is not a real date and time` };
  if (offset !== undefined) return { kind: 'absolute', utcMs: wall - offsetMinutes(offset) * 60_000 };
  return { kind: 'local', wall: { wallMs: wall, text } };
}

const DAY_MS = 86_400_000;

/**
 * Every instant whose wall clock in `zone` reads `wallMs`, earliest first: none in the spring
 * gap, two in the repeated autumn hour. Offsets are taken from a day either side so any rule
 * change near the date is seen.
 */
export function instantsForWallTime(wallMs: number, zone: IANAZone): number[] {
  const offsets = new Set([zone.offset(wallMs - DAY_MS), zone.offset(wallMs), zone.offset(wallMs + DAY_MS)]);
  const found = new Set<number>();
  for (const offset of offsets) {
    const utc = wallMs - offset * 60_000;
    if (zone.offset(utc) === offset) found.add(utc);
  }
  return [...found].sort((a, b) => a - b);
}

export type LocalResolution = { ok: true; utcMs: number } | { ok: false; message: string };

/**
 * Turns local timestamps of one file into instants. A repeated autumn hour is told apart only
 * by order of appearance (first = summer time, second = winter time), so the resolver has to
 * see the rows in file order; a third appearance maps to the last instant and surfaces later
 * as a duplicate interval.
 */
export class LocalTimeResolver {
  private readonly zone: IANAZone;
  private readonly seen = new Map<number, number>();

  constructor(zoneName: string) {
    this.zone = IANAZone.create(zoneName);
    if (!this.zone.isValid) throw new RangeError(`unknown time zone ${zoneName}`);
  }

  resolve(wall: WallTime): LocalResolution {
    const instants = instantsForWallTime(wall.wallMs, this.zone);
    if (instants.length === 0) {
      return { ok: false, message: `${wall.text} does not exist in ${this.zone.name}: the clocks skip that hour when summer time starts` };
    }
    const occurrence = this.seen.get(wall.wallMs) ?? 0;
    this.seen.set(wall.wallMs, occurrence + 1);
    const utcMs = instants[Math.min(occurrence, instants.length - 1)] ?? instants[0];
    return utcMs === undefined ? { ok: false, message: `${wall.text} cannot be placed in time` } : { ok: true, utcMs };
  }

  /** The end of an interval: the earliest instant after its start, which is right on both clock-change days. */
  resolveEnd(wall: WallTime, startUtcMs: number): LocalResolution {
    const after = instantsForWallTime(wall.wallMs, this.zone).find((t) => t > startUtcMs);
    if (after === undefined) return { ok: false, message: `end ${wall.text} is not after the start or does not exist in ${this.zone.name}` };
    return { ok: true, utcMs: after };
  }
}

import i18next, { type TFunction } from 'i18next';
import { HOME_AREA } from '../../../../src-shared/domain/market-areas';
import { areaClock } from '../../ui/format';

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, useGrouping: true });
const preciseFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3, useGrouping: false });

/** Watts in the unit an operator reads at a glance: W below 1 kW, kW below 1 MW, then MW. */
export function formatW(w: number | null | undefined): string {
  if (w === null || w === undefined) return '—';
  const abs = Math.abs(w);
  if (abs >= 1_000_000) return `${numberFormat.format(w / 1_000_000)} MW`;
  if (abs >= 1_000) return `${numberFormat.format(w / 1_000)} kW`;
  return `${numberFormat.format(w)} W`;
}

export function formatWh(wh: number | null | undefined): string {
  if (wh === null || wh === undefined) return '—';
  const abs = Math.abs(wh);
  if (abs >= 1_000_000) return `${numberFormat.format(wh / 1_000_000)} MWh`;
  if (abs >= 1_000) return `${numberFormat.format(wh / 1_000)} kWh`;
  return `${numberFormat.format(wh)} Wh`;
}

export function formatNumber(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return '—';
  return `${preciseFormat.format(value)} ${unit}`;
}

/*
 * A plant has no market area of its own: its readings are read on the home area's clock, like the
 * trading screens' event times (ui/format.ts), so a plant reading and a trade line up by the clock.
 */

/** Date and time with Latin digits in every language, like the rest of the terminal. */
export function formatStamp(ms: number, language: string): string {
  return areaClock(HOME_AREA, 'dayTimeSeconds', language).format(ms);
}

/** Date and time to the minute: settlement intervals start on whole minutes. */
export function formatMinute(ms: number, language: string): string {
  return areaClock(HOME_AREA, 'dayTime', language).format(ms);
}

export function formatClock(ms: number): string {
  return areaClock(HOME_AREA, 'time').format(ms);
}

/** "42 s", "5 min", "3 h", "2 d": a duration an operator can compare across rows. */
export function formatAge(ms: number, t: TFunction): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return t('devices.age.s', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('devices.age.m', { n: m });
  const h = Math.floor(m / 60);
  if (h < 48) return t('devices.age.h', { n: h });
  return t('devices.age.d', { n: Math.floor(h / 24) });
}

/**
 * Wraps a left-to-right value ("4 kW", "plant-a / bat-1") in Unicode isolates, so inside an Arabic
 * sentence it keeps its own order instead of being reordered with the words around it.
 */
export function ltr(text: string | number): string {
  // Only a right-to-left page needs them; in English they would just ride along into copied text.
  return i18next.dir() === 'rtl' ? `\u2066${text}\u2069` : String(text);
}

/** Parses a decimal number typed by a person; null when it is not one. */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** kW typed by a person → integer W (the contract's unit). */
export function parseKw(text: string): number | null {
  const kw = parseDecimal(text);
  return kw === null ? null : Math.round(kw * 1000);
}

/** Integer W → kW text for a form field, without trailing zeros. */
export function kwText(w: number | null | undefined): string {
  return w === null || w === undefined ? '' : String(w / 1000);
}

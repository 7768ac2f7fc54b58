/**
 * The health screen's figures and states in the user's words. The core sends bytes, milliseconds
 * and state codes; these turn them into text, pure so they are tested without a screen.
 */
import type { AuditFault } from '../../../../src-shared/contract/audit';
import type { AuditChainState, ChainLinkState, IntegrityView, LinkState } from '../../../../src-shared/contract/health';
import { localeOfLanguage } from '../../../../src-shared/domain/delivery-label';
import type { Translate } from '../../ui/errors/error-text';
import { dayTimeSeconds } from '../../ui/format';

/**
 * A figure or time in the user's own words, set inside a sentence or cell of either direction. A
 * first-strong isolate, not a left-to-right one: "04 ديسمبر، 19:10" and "2.2 م.ب" read right to left
 * as Arabic writes them, "04 Dec, 19:10" left to right, and neither reorders the text around it.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** Decimal units, as disks are sold and as Intl names them ("MB", "Mo", "م.ب"). */
const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A size in the largest unit that keeps it at 1 or more: "512 bytes", "12.3 MB", in the language's own unit names. */
export function byteSize(bytes: number, language: string): string {
  let value = bytes;
  let unit = 0;
  // Rounded to one decimal first, so 999.96 kB reads as 1 MB rather than "1,000 kB".
  while (Math.round(value * 10) / 10 >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(localeOfLanguage(language), {
    style: 'unit',
    unit: BYTE_UNITS[unit],
    // Plain bytes spelt out ("0 bytes" reads better than "0 byte"); the larger units abbreviated.
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

function unitFormat(language: string, unit: 'millisecond' | 'second' | 'minute', digits: number): Intl.NumberFormat {
  return new Intl.NumberFormat(localeOfLanguage(language), { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits });
}

/** How long a job took: "350 ms", "4.2 secs", "2 mins 5 secs" (in French "4,2 s"). */
export function duration(ms: number, language: string): string {
  if (ms < 1_000) return unitFormat(language, 'millisecond', 0).format(Math.max(0, Math.round(ms)));
  if (ms < 60_000) return unitFormat(language, 'second', 1).format(ms / 1_000);
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  const parts = [unitFormat(language, 'minute', 0).format(minutes)];
  if (seconds > 0) parts.push(unitFormat(language, 'second', 0).format(seconds));
  return parts.join(' ');
}

/** Whether a link is working, failing, or simply not set up: the status colour, which the words always accompany. */
export type LinkTone = 'ok' | 'bad' | 'idle';

export function linkTone(state: LinkState | ChainLinkState): LinkTone {
  if (state === 'connected' || state === 'reachable') return 'ok';
  if (state === 'disconnected' || state === 'unreachable') return 'bad';
  return 'idle';
}

/** A link's state in words: "Connected", "Not set up", "Not answering". */
export function linkStateText(state: LinkState | ChainLinkState, t: Translate): string {
  return t(`health.linkStates.${state}`);
}

/** Why the audit trail is not intact, in words. */
export function auditFaultText(fault: AuditFault, t: Translate): string {
  return t(`health.auditFaults.${fault}`);
}

/** The last integrity check's result: no problems, or what SQLite and the foreign-key check found. */
export function integrityText(view: IntegrityView, t: Translate): string {
  if (view.ok) return t('health.integrity.ok');
  const found: string[] = [];
  if (view.problems > 0) found.push(t('health.integrity.problems', { count: view.problems }));
  if (view.foreignKeyProblems > 0) found.push(t('health.integrity.foreignKeyProblems', { count: view.foreignKeyProblems }));
  return found.join(' ');
}

/** The audit chain's last verify: not yet, intact up to an entry, or its first bad entry and why. */
export function auditChainText(state: AuditChainState | null, t: Translate, language: string): string {
  if (!state) return t('health.audit.notVerified');
  const time = isolate(dayTimeSeconds(state.checkedAt, language));
  if (state.ok || !state.firstBad) return t('health.audit.intact', { seq: state.checkedTo, time });
  return t('health.audit.broken', { seq: state.firstBad.seq, reason: auditFaultText(state.firstBad.reason, t), time });
}

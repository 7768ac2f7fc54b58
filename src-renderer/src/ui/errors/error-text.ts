import type { CallError, ErrorParams } from '../../../../src-shared/domain/errors';
import { HOME_AREA } from '../../../../src-shared/domain/market-areas';
import { formatMw, formatPrice } from '../units';
import i18next from 'i18next';
import { ApiError } from '../../transport/api-error';
import { areaClock, ltr } from '../format';
import { localFigures } from '../digits';

/** `t` from react-i18next, i18next or `useFastT`. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Reasons are codes (`DESK_KILL_SWITCH`, `ioc_remainder`); anything else is not looked up as a locale key. */
const REASON = /^[A-Za-z][A-Za-z0-9_]*$/;

const MONEY_PER_EUR = 100_000;
const euro = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const figure = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

/**
 * A parameter as the screens show it, by the unit its name ends in (see `ErrorParams`): prices in
 * €/MWh, power in MW, energy in kWh/MWh, money in €, instants on the area's clock (`area`, else the
 * desk's). Ids, names and other values stay as they are, isolated left-to-right inside the sentence.
 */
function paramText(key: string, value: string | number, params: ErrorParams, language: string, t: Translate): string {
  if (typeof value === 'number') {
    if (key.endsWith('Ms')) return ltr(areaClock(typeof params.area === 'string' ? params.area : HOME_AREA, 'dayTime', language).format(value));
    if (key.endsWith('Kwh')) return ltr(`${localFigures(figure.format(value / 1000))} MWh`);
    if (key.endsWith('Kw')) return ltr(`${formatMw(value)} MW`);
    if (key.endsWith('Wh')) return ltr(`${localFigures(figure.format(value / 1000))} kWh`);
    // Device power in W reads in kW, the unit the device forms take it in.
    if (key.endsWith('W')) return ltr(`${localFigures(figure.format(value / 1000))} kW`);
    if (key.endsWith('Money')) return ltr(`${localFigures(euro.format(value / MONEY_PER_EUR))} €`);
    if (key.endsWith('Units')) return ltr(`${formatPrice(value)} €/MWh`);
    return ltr(String(value));
  }
  // An import problem named by its code reads as the import report words it.
  if (key === 'importIssue') return t(`marketdata.issues.${value}`, { defaultValue: value });
  // An input field the locales name (`errors.fields.<name>`) reads as its label; others stay as the core named them.
  if (key === 'field') {
    const named = t(`errors.fields.${value}`, { defaultValue: '' });
    if (named !== '') return named;
  }
  return ltr(value);
}

function wordedParams(params: ErrorParams | undefined, language: string, t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) out[key] = key === 'context' ? String(value) : paramText(key, value, params ?? {}, language, t);
  return out;
}

/**
 * A reason code (an engine rejection, a cancel reason, a refusal of the core) in the user's language:
 * `errors.reasons.<REASON>`, or `errors.reasons.<REASON>_<context>` when the core names a variant
 * (i18next falls back to the plain key), filled with its parameters; else the code itself, which
 * support can look up.
 */
export function reasonText(reason: string, t: Translate, params?: ErrorParams, language = 'en'): string {
  if (!REASON.test(reason)) return reason;
  const worded = t(`errors.reasons.${reason}`, { defaultValue: '', ...wordedParams(params, language, t) });
  return worded === '' ? reason : worded;
}

/** What the core answered, in the user's language: by its reason and parameters, else by its code. */
export function callErrorText(error: CallError, t: Translate, language = 'en'): string {
  const { code, field, reason, params } = error;
  if (reason !== undefined) {
    const worded = reasonText(reason, t, params, language);
    if (worded !== reason) return worded;
  }
  // Without a reason, the terminal's own sentence for the code; the core's English `message` is for logs.
  if (code === 'BAD_INPUT' && field !== undefined) return t('errors.BAD_INPUT_FIELD', { field: ltr(field) });
  return t(`errors.${code}`);
}

/** The language screens are shown in, for callers outside React that have only a `t`. */
function currentLanguage(): string {
  return i18next.language || 'en';
}

/**
 * The one way an error becomes words on screen: a core error by its code, reason and field (see
 * `callErrorText`); anything else is a failure inside the terminal, which the user can only report.
 */
export function errorText(err: unknown, t: Translate, language = currentLanguage()): string {
  return err instanceof ApiError ? callErrorText(err.error, t, language) : t('errors.INTERNAL');
}

/** The input field the core blamed, so a form can mark it. */
export function errorField(err: unknown): string | undefined {
  return err instanceof ApiError ? err.error.field : undefined;
}

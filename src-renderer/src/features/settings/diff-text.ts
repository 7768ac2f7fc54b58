import type { SettingsDiffRow, SettingsValue } from '../../../../src-shared/contract/settings';
import { formatMw, formatPrice } from '../../ui/units';
import type { Translate } from '../../ui/errors/error-text';
import { ltr } from '../../ui/format';
import { LANGUAGES } from '../../ui/i18n/languages';
import { eur } from '../risk/public';
import { marketRule, marketRuleName, ruleValueText } from './rules-text';

/** An area of the settings file by its name in the console; an area a newer core adds reads as its code. */
export function areaText(area: string, t: Translate): string {
  return t(`settings.areas.${area}`, { defaultValue: area });
}

export function fieldText(area: string, field: string, t: Translate): string {
  const market = area === 'market' ? marketRule(field) : null;
  if (market) return marketRuleName(market, t);
  return t(`settings.fields.${area}.${field}`, { defaultValue: field });
}

/**
 * One side of a change as the field's own form shows it: money in €, a language by its name, on and
 * off in words, nothing as a dash. A secret is never shown, only that the file replaces it.
 */
export function diffValueText(row: Pick<SettingsDiffRow, 'area' | 'field' | 'secret'>, value: SettingsValue, side: 'from' | 'to', t: Translate): string {
  if (row.secret) return side === 'from' ? t('settings.transfer.secretNow') : t('settings.transfer.secretFromFile');
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? t('settings.values.on') : t('settings.values.off');
  if (row.field.endsWith('Money') && typeof value === 'number') return ltr(`${eur(value)} €`);
  const market = row.area === 'market' ? marketRule(row.field) : null;
  if (market && typeof value === 'number') return ltr(ruleValueText(market.rule, value));
  if (row.area === 'risk' && typeof value === 'number') {
    // The risk defaults in the units their form takes them in.
    if (row.field.endsWith('Kwh')) return ltr(`${formatMw(value)} MWh`);
    if (row.field.endsWith('Kw')) return ltr(`${formatMw(value)} MW`);
    if (row.field.endsWith('Units')) return ltr(`${formatPrice(value)} €/MWh`);
    if (row.field.endsWith('Pct')) return ltr(`${value} %`);
  }
  if (row.area === 'appearance' && row.field === 'language') return LANGUAGES.find((l) => l.code === value)?.label ?? String(value);
  if (row.area === 'appearance' && row.field === 'theme') return t(`settings.appearance.themes.${value}`, { defaultValue: String(value) });
  return ltr(String(value));
}

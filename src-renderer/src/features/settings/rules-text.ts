import type { MarketRulesValues } from '../../../../src-shared/contract/trading';
import { formatMw, formatPrice, parseMw, parsePrice } from '../../ui/units';
import type { Translate } from '../../ui/errors/error-text';

export type RuleField = keyof MarketRulesValues;
export const RULE_FIELDS: readonly RuleField[] = ['tickSize', 'lotSize', 'minPrice', 'maxPrice', 'maxQuantity', 'gateClosureMinutes', 'openHourDayBefore'];

/** How each value is typed and read: prices in €/MWh, quantities in MW, the gate in minutes, the opening as an hour. */
const KIND: Record<RuleField, 'price' | 'mw' | 'whole'> = {
  tickSize: 'price',
  lotSize: 'mw',
  minPrice: 'price',
  maxPrice: 'price',
  maxQuantity: 'mw',
  gateClosureMinutes: 'whole',
  openHourDayBefore: 'whole',
};

export const isWholeRule = (field: RuleField): boolean => KIND[field] === 'whole';

export function ruleValueText(field: RuleField, value: number): string {
  const kind = KIND[field];
  if (field === 'openHourDayBefore') return `${String(value).padStart(2, '0')}:00`;
  return kind === 'price' ? formatPrice(value) : kind === 'mw' ? formatMw(value) : String(value);
}

/** What was typed in the field's unit, as the core's integer; null when it is not such a number. */
export function parseRule(field: RuleField, text: string): number | null {
  const kind = KIND[field];
  if (kind === 'price') return parsePrice(text);
  if (kind === 'mw') return parseMw(text);
  return /^\s*[-\u2212]?\d{1,5}\s*$/.test(text) ? Number(text.trim().replace('\u2212', '-')) : null;
}

/** A value as its form field holds it: the opening hour as its option's value, the others as they read. */
export const ruleDraftText = (field: RuleField, value: number): string => (field === 'openHourDayBefore' ? String(value) : ruleValueText(field, value));

/** A field of the settings file's market area ("DE.tickSize") as its rules area and rule; null for any other. */
export function marketRule(field: string): { rulesArea: string; rule: RuleField } | null {
  const [rulesArea = '', rule = ''] = field.split('.');
  return (RULE_FIELDS as readonly string[]).includes(rule) ? { rulesArea, rule: rule as RuleField } : null;
}

/** "Continuous market (DE) · Tick (€/MWh)", as the rules card names the area and the field. */
export function marketRuleName(rule: { rulesArea: string; rule: RuleField }, t: Translate): string {
  return `${t(`settings.market.rules.areas.${rule.rulesArea}`, { defaultValue: rule.rulesArea })} · ${t(`settings.market.rules.fields.${rule.rule}`)}`;
}

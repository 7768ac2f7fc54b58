import type { ErrorParams } from './errors';

/**
 * How an area's market rules must fit together, shared by the call that sets them and the settings
 * file that carries them, so a file can never hold rules the console would refuse. Prices in
 * 0.01 €/MWh, quantities in kW, the gate in minutes before delivery starts.
 */
export interface RulesValues {
  tickSize: number;
  lotSize: number;
  minPrice: number;
  maxPrice: number;
  maxQuantity: number;
  gateClosureMinutes: number;
  openHourDayBefore: number;
}

export interface RulesIssue {
  field: keyof RulesValues;
  reason: string;
  params: ErrorParams;
  message: string;
}

/**
 * The shortest time, in minutes, from a day's opening (the hour of the day before, on the area's
 * clock) to its first delivery at midnight: an hour less when the day before is the 23-hour day of
 * a spring clock change and the opening lies before the change (02:00 → 03:00).
 */
function shortestOpeningMinutes(openHourDayBefore: number): number {
  return (24 - openHourDayBefore) * 60 - (openHourDayBefore < 3 ? 60 : 0);
}

/** The first way `rules` do not fit together, or null. */
export function rulesIssue(rules: RulesValues): RulesIssue | null {
  const { tickSize, lotSize, minPrice, maxPrice, maxQuantity, gateClosureMinutes, openHourDayBefore } = rules;
  if (gateClosureMinutes < 0) {
    return {
      field: 'gateClosureMinutes',
      reason: 'GATE_AFTER_DELIVERY_START',
      params: { minutes: -gateClosureMinutes },
      message: `A gate ${-gateClosureMinutes} minutes after delivery starts would trade energy already delivered.`,
    };
  }
  const longest = shortestOpeningMinutes(openHourDayBefore) - 1;
  if (gateClosureMinutes > longest) {
    return {
      field: 'gateClosureMinutes',
      reason: 'GATE_BEFORE_OPENING',
      params: { hour: openHourDayBefore, minutes: longest },
      message: `With trading opening at ${openHourDayBefore}:00 the day before, the gate can be at most ${longest} minutes before delivery.`,
    };
  }
  for (const field of ['minPrice', 'maxPrice'] as const) {
    if (rules[field] % tickSize !== 0) return { field, reason: 'RULES_OFF_TICK', params: { tickUnits: tickSize }, message: `${field} must be a whole number of ticks.` };
  }
  if (maxPrice <= minPrice) return { field: 'maxPrice', reason: 'RULES_BAND_EMPTY', params: { minUnits: minPrice }, message: 'The highest price must be above the lowest.' };
  if (maxQuantity % lotSize !== 0) return { field: 'maxQuantity', reason: 'RULES_NOT_LOTS', params: { lotKw: lotSize }, message: 'The largest order must be a whole number of lots.' };
  return null;
}

/**
 * The market areas the terminal knows, each with the time zone its delivery days are counted in
 * (a German delivery day is a Europe/Berlin day: 23, 24 or 25 hours long), its ENTSO-E bidding-zone
 * code, and the name documents use. A new area is one line here; nothing else names a zone.
 */
export const MARKET_AREAS = {
  /** Germany–Luxembourg, the SDAC bidding zone DE-LU. */
  DE: { zone: 'Europe/Berlin', eic: '10Y1001A1001A82H', label: 'DE-LU' },
  /** The plant's local peer-to-peer market, run by one terminal for its neighbours. */
  LM: { zone: 'Europe/Berlin', eic: null, label: 'Local market' },
} as const satisfies Record<string, { zone: string; eic: string | null; label: string }>;

export type MarketArea = keyof typeof MARKET_AREAS;

/** The area whose calendar the terminal lists and reports in when nothing else is said. */
export const HOME_AREA: MarketArea = 'DE';

export function isMarketArea(area: string): area is MarketArea {
  return Object.prototype.hasOwnProperty.call(MARKET_AREAS, area);
}

/** The time zone of an area's delivery days; an unknown area is refused rather than guessed. */
export function zoneOfArea(area: string): string {
  if (!isMarketArea(area)) throw new Error(`Unknown market area "${area}".`);
  return MARKET_AREAS[area].zone;
}

/** The area an ENTSO-E bidding-zone code (EIC) names, if the terminal knows it. */
export function areaOfEic(eic: string): MarketArea | null {
  for (const [area, spec] of Object.entries(MARKET_AREAS)) if (spec.eic === eic) return area as MarketArea;
  return null;
}

/** The area a code names: its own key (DE), its document name (DE-LU) or its ENTSO-E code; null when the terminal does not know it. */
export function marketAreaOf(code: string): MarketArea | null {
  if (isMarketArea(code)) return code;
  for (const [area, spec] of Object.entries(MARKET_AREAS)) if (spec.label === code || spec.eic === code) return area as MarketArea;
  return null;
}

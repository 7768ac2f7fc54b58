/**
 * The market areas the terminal knows, each with the time zone its delivery days are counted in
 * (a German delivery day is a Europe/Berlin day: 23, 24 or 25 hours long), its ENTSO-E bidding-zone
 * code (EIC), the short name documents and exchanges use, and its name. A new area is one line
 * here; nothing else names a zone.
 *
 * Keys are what the terminal stores and shows (DE for DE-LU, as its products are named). The EIC
 * codes are those of the ENTSO-E Transparency Platform's list of areas (BZN = bidding zone), as the
 * entsoe-py client's table of them repeats it; only zones whose code was checked there are listed.
 */
export const MARKET_AREAS = {
  /** Germany–Luxembourg, the SDAC bidding zone DE-LU. */
  DE: { zone: 'Europe/Berlin', eic: '10Y1001A1001A82H', label: 'DE-LU', name: 'Germany–Luxembourg' },
  AT: { zone: 'Europe/Vienna', eic: '10YAT-APG------L', label: 'AT', name: 'Austria' },
  BE: { zone: 'Europe/Brussels', eic: '10YBE----------2', label: 'BE', name: 'Belgium' },
  CH: { zone: 'Europe/Zurich', eic: '10YCH-SWISSGRIDZ', label: 'CH', name: 'Switzerland' },
  CZ: { zone: 'Europe/Prague', eic: '10YCZ-CEPS-----N', label: 'CZ', name: 'Czech Republic' },
  DK1: { zone: 'Europe/Copenhagen', eic: '10YDK-1--------W', label: 'DK1', name: 'Denmark West' },
  DK2: { zone: 'Europe/Copenhagen', eic: '10YDK-2--------M', label: 'DK2', name: 'Denmark East' },
  EE: { zone: 'Europe/Tallinn', eic: '10Y1001A1001A39I', label: 'EE', name: 'Estonia' },
  ES: { zone: 'Europe/Madrid', eic: '10YES-REE------0', label: 'ES', name: 'Spain' },
  FI: { zone: 'Europe/Helsinki', eic: '10YFI-1--------U', label: 'FI', name: 'Finland' },
  FR: { zone: 'Europe/Paris', eic: '10YFR-RTE------C', label: 'FR', name: 'France' },
  HU: { zone: 'Europe/Budapest', eic: '10YHU-MAVIR----U', label: 'HU', name: 'Hungary' },
  'IT-NORTH': { zone: 'Europe/Rome', eic: '10Y1001A1001A73I', label: 'IT-North', name: 'Italy North' },
  LT: { zone: 'Europe/Vilnius', eic: '10YLT-1001A0008Q', label: 'LT', name: 'Lithuania' },
  LV: { zone: 'Europe/Riga', eic: '10YLV-1001A00074', label: 'LV', name: 'Latvia' },
  NL: { zone: 'Europe/Amsterdam', eic: '10YNL----------L', label: 'NL', name: 'Netherlands' },
  NO1: { zone: 'Europe/Oslo', eic: '10YNO-1--------2', label: 'NO1', name: 'Norway South-East' },
  NO2: { zone: 'Europe/Oslo', eic: '10YNO-2--------T', label: 'NO2', name: 'Norway South-West' },
  NO3: { zone: 'Europe/Oslo', eic: '10YNO-3--------J', label: 'NO3', name: 'Norway Central' },
  NO4: { zone: 'Europe/Oslo', eic: '10YNO-4--------9', label: 'NO4', name: 'Norway North' },
  NO5: { zone: 'Europe/Oslo', eic: '10Y1001A1001A48H', label: 'NO5', name: 'Norway West' },
  PL: { zone: 'Europe/Warsaw', eic: '10YPL-AREA-----S', label: 'PL', name: 'Poland' },
  PT: { zone: 'Europe/Lisbon', eic: '10YPT-REN------W', label: 'PT', name: 'Portugal' },
  SE1: { zone: 'Europe/Stockholm', eic: '10Y1001A1001A44P', label: 'SE1', name: 'Sweden Luleå' },
  SE2: { zone: 'Europe/Stockholm', eic: '10Y1001A1001A45N', label: 'SE2', name: 'Sweden Sundsvall' },
  SE3: { zone: 'Europe/Stockholm', eic: '10Y1001A1001A46L', label: 'SE3', name: 'Sweden Stockholm' },
  SE4: { zone: 'Europe/Stockholm', eic: '10Y1001A1001A47J', label: 'SE4', name: 'Sweden Malmö' },
  SI: { zone: 'Europe/Ljubljana', eic: '10YSI-ELES-----O', label: 'SI', name: 'Slovenia' },
  SK: { zone: 'Europe/Bratislava', eic: '10YSK-SEPS-----K', label: 'SK', name: 'Slovakia' },
  /** The plant's local peer-to-peer market, run by one terminal for its neighbours. */
  LM: { zone: 'Europe/Berlin', eic: null, label: 'Local market', name: 'Local market' },
  /** The local market's daily auction: the next day's quarters, all cleared at once at noon the day before (see docs/local-market.md). */
  LMD: { zone: 'Europe/Berlin', eic: null, label: 'Local daily auction', name: 'Local market daily auction' },
} as const satisfies Record<string, { zone: string; eic: string | null; label: string; name: string }>;

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

const folded = (code: string): string => code.trim().toUpperCase().replace(/_/g, '-');

/**
 * The area a code names: its own key (DE), its short name in any case and with - or _ (DE-LU,
 * de_lu), or its ENTSO-E code; null when the terminal does not know it.
 */
export function marketAreaOf(code: string): MarketArea | null {
  if (isMarketArea(code)) return code;
  const wanted = folded(code);
  for (const [area, spec] of Object.entries(MARKET_AREAS)) {
    if (folded(area) === wanted || folded(spec.label) === wanted || spec.eic === code.trim()) return area as MarketArea;
  }
  return null;
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { HOME_AREA, MARKET_AREAS, isMarketArea, zoneOfArea } from '../../../src-shared/domain/market-areas';
import { useTrading } from '../features/trading/public';
import { areaClock } from '../ui/format';
import { useNow } from '../ui/hooks/useNow';

/** "CET" / "CEST": the zone's own short name, in English on every screen as exchanges print it. */
function zoneAbbreviation(zone: string, ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

/** The time on the clock of the market being traded (the selected product's area, else the home area), in the header. */
export function MarketClock() {
  const { t, i18n } = useTranslation();
  const now = useNow(1_000);
  const selectedArea = useTrading((s) => s.products.find((p) => p.id === s.selectedProductId)?.area);
  const area = selectedArea && isMarketArea(selectedArea) ? selectedArea : HOME_AREA;
  const zone = zoneOfArea(area);
  const minute = Math.floor(now / 60_000);
  // The abbreviation changes twice a year; working it out once a minute is plenty.
  const abbreviation = useMemo(() => zoneAbbreviation(zone, minute * 60_000), [zone, minute]);
  return (
    <time className="market-clock" dateTime={new Date(now).toISOString()} title={t('clock.title', { area: t(`clock.areas.${area}`), zone })} data-testid="market-clock">
      {/* Bidding-zone codes (DE-LU, NO2) read the same in every language; the local markets have names. */}
      <span className="muted">{area === 'LM' || area === 'LMD' ? t(`clock.labels.${area}`) : MARKET_AREAS[area].label}</span>{' '}
      <span dir="ltr" className="market-clock-time">
        {areaClock(area, 'seconds', i18n.language).format(now)} {abbreviation}
      </span>
    </time>
  );
}

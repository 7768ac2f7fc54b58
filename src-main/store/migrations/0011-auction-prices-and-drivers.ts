import type { Migration } from './migration';

/**
 * The price store keyed as a desk needs it, and the drivers of the price beside it.
 *
 * `md_auction_prices` replaces `md_prices`: one row per market area, auction, interval start and
 * length. `auction` is 'official' for the area's reference day-ahead price (the SDAC coupling
 * price, ENTSO-E classificationSequence 1, every CSV price) or `sequence-N` for another auction of
 * the same zone and day, imported only when asked for. 30-minute intervals are allowed. Every row
 * of `md_prices` moves here as 'official', its area rewritten to the terminal's key where it was
 * stored under a bidding zone's EIC code or short name (the codes of src-shared/domain/market-areas.ts
 * when this step was written); where two names held the same interval, the newer import's price stays.
 *
 * `md_price_drivers` holds the forecasts published before the auction that drive the price (see
 * src-shared/domain/price-drivers.ts): per area, interval and driver, the mean power in kW
 * (0.001 MWh per hour), from the file format and call that imported it; a newer import replaces it.
 *
 * Prices in 0.01 €/MWh, times in ms since the epoch (UTC).
 *
 * Frozen: released databases ran this text. A change is a new numbered file.
 */
export const migration0011: Migration = {
  // Step 12 once 0010 (audit) and 0011 (at rest) are merged before it; 10 on a branch without them.
  version: 11,
  tables: { marketdata: ['md_auction_prices', 'md_price_drivers'] },
  dropped: ['md_prices'],
  sql: `
  CREATE TABLE md_auction_prices (
    area TEXT NOT NULL,
    auction TEXT NOT NULL CHECK (auction = 'official' OR auction GLOB 'sequence-[0-9]*'),
    start INTEGER NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min IN (15, 30, 60)),
    price INTEGER NOT NULL,
    currency TEXT NOT NULL,
    format TEXT,
    source TEXT NOT NULL CHECK (source IN ('marketdata.import', 'risk.history.import')),
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (area, auction, start, duration_min)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE md_price_drivers (
    area TEXT NOT NULL,
    start INTEGER NOT NULL,
    duration_min INTEGER NOT NULL CHECK (duration_min IN (15, 30, 60)),
    driver TEXT NOT NULL CHECK (driver IN ('gen_total_mwh', 'gen_wind_onshore_mwh', 'gen_wind_offshore_mwh', 'gen_pv_mwh', 'gen_other_mwh', 'load_mwh')),
    kw INTEGER NOT NULL,
    format TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('marketdata.import', 'risk.history.import')),
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (area, start, driver, duration_min)
  ) STRICT, WITHOUT ROWID;

  WITH alias (code, area) AS (VALUES
      ('10Y1001A1001A82H', 'DE'),
      ('DE-LU', 'DE'),
      ('DE_LU', 'DE'),
      ('10YAT-APG------L', 'AT'),
      ('10YBE----------2', 'BE'),
      ('10YCH-SWISSGRIDZ', 'CH'),
      ('10YCZ-CEPS-----N', 'CZ'),
      ('10YDK-1--------W', 'DK1'),
      ('10YDK-2--------M', 'DK2'),
      ('10Y1001A1001A39I', 'EE'),
      ('10YES-REE------0', 'ES'),
      ('10YFI-1--------U', 'FI'),
      ('10YFR-RTE------C', 'FR'),
      ('10YHU-MAVIR----U', 'HU'),
      ('10Y1001A1001A73I', 'IT-NORTH'),
      ('10YLT-1001A0008Q', 'LT'),
      ('10YLV-1001A00074', 'LV'),
      ('10YNL----------L', 'NL'),
      ('10YNO-1--------2', 'NO1'),
      ('10YNO-2--------T', 'NO2'),
      ('10YNO-3--------J', 'NO3'),
      ('10YNO-4--------9', 'NO4'),
      ('10Y1001A1001A48H', 'NO5'),
      ('10YPL-AREA-----S', 'PL'),
      ('10YPT-REN------W', 'PT'),
      ('10Y1001A1001A44P', 'SE1'),
      ('10Y1001A1001A45N', 'SE2'),
      ('10Y1001A1001A46L', 'SE3'),
      ('10Y1001A1001A47J', 'SE4'),
      ('10YSI-ELES-----O', 'SI'),
      ('10YSK-SEPS-----K', 'SK'))
  INSERT INTO md_auction_prices (area, auction, start, duration_min, price, currency, format, source, imported_at)
    SELECT COALESCE(a.area, p.area), 'official', p.start, p.duration_min, p.price, p.currency, p.format, p.source, p.imported_at
    FROM md_prices p LEFT JOIN alias a ON a.code = p.area
    WHERE true
    ON CONFLICT (area, auction, start, duration_min) DO UPDATE SET
      price = excluded.price, currency = excluded.currency, format = excluded.format,
      source = excluded.source, imported_at = excluded.imported_at
    WHERE excluded.imported_at > md_auction_prices.imported_at;

  DROP TABLE md_prices;
`,
};

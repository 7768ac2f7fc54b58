import { describe, expect, it } from 'vitest';
import type { WatchlistRow } from '../../src-shared/contract/marketdata';
import type { OrderView } from '../../src-shared/domain/schemas';
import { buildMatrix, impliedFromQuarters, ownSizes } from '../../src-renderer/src/features/marketdata/matrix-rows';

const HOUR = 3_600_000;
// 2026-12-03 00:00 in Berlin (CET, UTC+1).
const TODAY = Date.UTC(2026, 11, 2, 23);
const NOW = TODAY + 8 * HOUR;

function product(kind: WatchlistRow['kind'], start: number, end: number, quote: Partial<WatchlistRow> = {}): WatchlistRow {
  return {
    productId: `${kind}-${start}`,
    area: 'DE',
    kind,
    blockName: kind === 'block' ? 'BASE' : '',
    deliveryStart: start,
    deliveryEnd: end,
    gateClosure: start - 5 * 60_000,
    bestBid: null,
    bidQuantity: 0,
    bestAsk: null,
    askQuantity: 0,
    last: null,
    lastTs: null,
    volume: 0,
    trades: 0,
    change: null,
    position: 0,
    ...quote,
  } as WatchlistRow;
}

const quarters = (hourStart: number, bids: Array<number | null>, asks: Array<number | null>) =>
  bids.map((bid, i) => product('quarter', hourStart + i * 900_000, hourStart + (i + 1) * 900_000, { bestBid: bid, bestAsk: asks[i] ?? null }));

describe('implied hour prices from its quarters', () => {
  it('is the mean of the four quarters, rounded down for the bid and up for the ask', () => {
    expect(impliedFromQuarters([
      { bestBid: 100, bestAsk: 110 },
      { bestBid: 101, bestAsk: 111 },
      { bestBid: 100, bestAsk: 110 },
      { bestBid: 100, bestAsk: 110 },
    ])).toEqual({ bid: 100, ask: 111 });
  });

  it('has no price for a side one quarter does not quote, and works below zero', () => {
    expect(impliedFromQuarters([
      { bestBid: -500, bestAsk: null },
      { bestBid: -502, bestAsk: 10 },
      { bestBid: -500, bestAsk: 10 },
      { bestBid: -500, bestAsk: 10 },
    ])).toEqual({ bid: -501, ask: null });
  });
});

describe('matrix rows', () => {
  const h10 = TODAY + 10 * HOUR;
  const tomorrow10 = h10 + 24 * HOUR;

  it('puts today and tomorrow of one period side by side, each hour followed by its quarters, blocks last', () => {
    const sheet = buildMatrix([
      product('block', TODAY + 24 * HOUR, TODAY + 48 * HOUR),
      product('quarter', h10 + 900_000, h10 + 1_800_000),
      product('hour', tomorrow10, tomorrow10 + HOUR),
      product('hour', h10, h10 + HOUR),
      product('hour', h10 + HOUR, h10 + 2 * HOUR),
    ], new Map(), NOW);
    expect(sheet.days).toEqual(['2026-12-03', '2026-12-04']);
    expect(sheet.rows.map((r) => [r.period, r.cells.map((c) => c !== undefined)])).toEqual([
      ['10:00–11:00', [true, true]],
      ['10:15–10:30', [true, false]],
      ['11:00–12:00', [true, false]],
      ['BASE', [false, true]],
    ]);
    expect(sheet.rows[1]?.hour).toBe('10');
  });

  it('starts at today’s first open period: periods already over today follow with tomorrow’s products', () => {
    const sheet = buildMatrix([product('hour', TODAY + 24 * HOUR, TODAY + 25 * HOUR), product('hour', h10, h10 + HOUR), product('block', TODAY + 24 * HOUR, TODAY + 48 * HOUR)], new Map(), NOW);
    expect(sheet.rows.map((r) => r.period)).toEqual(['10:00–11:00', '00:00–01:00', 'BASE']);
  });

  it('leaves out products whose gate has closed', () => {
    const sheet = buildMatrix([product('hour', TODAY + HOUR, TODAY + 2 * HOUR), product('hour', h10, h10 + HOUR)], new Map(), NOW);
    expect(sheet.rows.map((r) => r.period)).toEqual(['10:00–11:00']);
  });

  it('shows the implied hour only where it differs from the hour’s own best', () => {
    const sheet = buildMatrix([
      product('hour', h10, h10 + HOUR, { bestBid: 100, bestAsk: 130 }),
      ...quarters(h10, [100, 100, 100, 100], [120, 120, 121, 120]),
    ], new Map(), NOW);
    const cell = sheet.rows[0]?.cells[0];
    expect([cell?.impliedBid, cell?.impliedAsk]).toEqual([null, 121]);
  });

  it('gives a 25-hour day’s repeated hour a row of its own', () => {
    // 2026-10-25 in Berlin: 02:00–03:00 happens twice (CEST, then CET).
    const first = Date.UTC(2026, 9, 25, 0);
    const sheet = buildMatrix([product('hour', first, first + HOUR), product('hour', first + HOUR, first + 2 * HOUR)], new Map(), first - HOUR);
    expect(sheet.rows.map((r) => r.period)).toEqual(['02:00–03:00', "02:00–03:00'"]);
  });

  it('counts the user’s own live size per side and ignores finished orders', () => {
    const order = (side: 'buy' | 'sell', remaining: number, status: OrderView['status']) => ({ productId: 'P', side, remaining, status }) as OrderView;
    const sizes = ownSizes([order('buy', 5_000, 'working'), order('buy', 2_000, 'partially_filled'), order('sell', 1_000, 'working'), order('sell', 9_000, 'cancelled')]);
    expect(sizes.get('P')).toEqual({ buy: 7_000, sell: 1_000 });
  });
});

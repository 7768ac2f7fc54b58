/**
 * VaR through the real Core on real prices: the SMARD DE-LU day-ahead slice of test/fixtures/risk
 * (Bundesnetzagentur | SMARD.de, CC BY 4.0) imported with risk.history.import, and a book of
 * positions in the next delivery day. The expected figures are computed here independently of the
 * risk code: the CSV is read by hand, day-over-day changes per Berlin hour, P&L per scenario,
 * VaR as the k-th worst (k = ⌈n(1 − c)⌉), and the rolling backtest with Kupiec's LR by formula.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/core/clock';
import { openHarness, tempDir, withAdmin, withUser, type Harness } from '../helpers/core';

const FIXTURE = fileURLToPath(new URL('../fixtures/risk/smard-de-lu-2023-02-27-to-04-23.csv', import.meta.url));
/** 2023-04-24 16:00 Berlin, the day after the fixture ends: the 25th is open for trading. */
const NOW = Date.UTC(2023, 3, 24, 14, 0, 0);
const ZONE = 'Europe/Berlin';

let harness: Harness;
afterEach(() => harness?.close());

/** price[day][hour] from the raw CSV; only 24-hour days. */
function pricesByDay(file = FIXTURE): Map<string, number[]> {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const days = new Map<string, Array<[number, number]>>();
  for (const line of lines) {
    const [start, price] = line.split(',') as [string, string];
    const local = DateTime.fromISO(start, { zone: 'utc' }).setZone(ZONE);
    const day = local.toISODate() as string;
    days.set(day, [...(days.get(day) ?? []), [local.hour, Math.round(Number(price) * 100)]]);
  }
  const complete = new Map<string, number[]>();
  for (const [day, hours] of days) if (hours.length === 24) complete.set(day, hours.sort((a, b) => a[0] - b[0]).map(([, p]) => p));
  return complete;
}

/** Scenario P&L (money units) of long 10 MW at hour 18 and short 5 MW at hour 3, per day-over-day change. */
function scenarioPnl(file = FIXTURE): number[] {
  const prices = pricesByDay(file);
  const pnl: number[] = [];
  for (const day of [...prices.keys()].sort()) {
    const previous = prices.get(DateTime.fromISO(day, { zone: ZONE }).minus({ days: 1 }).toISODate() as string);
    const today = prices.get(day) as number[];
    if (!previous) continue;
    // exposure = kW × 60 min / 60 money units per price unit
    pnl.push(10_000 * ((today[18] as number) - (previous[18] as number)) - 5_000 * ((today[3] as number) - (previous[3] as number)));
  }
  return pnl;
}

const varOf = (pnl: readonly number[], confidence: number): number => {
  const sorted = [...pnl].sort((a, b) => a - b);
  const k = Math.max(1, Math.ceil(sorted.length * (1 - confidence) - 1e-9));
  return -(sorted[k - 1] as number);
};

async function bookWithHistory(file = FIXTURE, now = NOW, deliveryDay = { year: 2023, month: 4, day: 25 }) {
  harness = openHarness(tempDir(), new ManualClock(now));
  const ada = await withAdmin(harness);
  const tom = await withUser(harness, ada, 'tom', 'trader');
  const imported = await ada.ok('risk.history.import', { area: 'DE', content: readFileSync(file, 'utf8') });
  if (file === FIXTURE) expect(imported).toMatchObject({ area: 'DE', format: 'smard-csv', points: 1_343 });
  const hourOf = (h: number) => `DE-H-${DateTime.fromObject({ ...deliveryDay, hour: h }, { zone: ZONE }).toUTC().toFormat("yyyyLLdd'T'HHmm'Z'")}`;
  await ada.ok('trading.orders.place', { productId: hourOf(18), side: 'sell', price: 10_000, quantity: 10_000 });
  await tom.ok('trading.orders.place', { productId: hourOf(18), side: 'buy', price: 10_000, quantity: 10_000 });
  await ada.ok('trading.orders.place', { productId: hourOf(3), side: 'buy', price: 8_000, quantity: 5_000 });
  await tom.ok('trading.orders.place', { productId: hourOf(3), side: 'sell', price: 8_000, quantity: 5_000 });
  return { ada, tom };
}

describe('VaR of the current positions from the stored price history', () => {
  it('historical VaR and ES equal the hand computation, with the P&L histogram', async () => {
    const { tom } = await bookWithHistory();
    const pnl = scenarioPnl();
    expect(pnl).toHaveLength(53);
    const result = await tom.ok('risk.var', { confidence: 0.99, method: 'historical' });
    expect(result.exposures[18]).toBe(10_000);
    expect(result.exposures[3]).toBe(-5_000);
    expect(result.scenarios).toBe(53);
    expect(result.var).toBeCloseTo(varOf(pnl, 0.99), 6);
    expect(result.levels.find((l) => l.confidence === 0.95)?.var).toBeCloseTo(varOf(pnl, 0.95), 6);
    // 95%: k = ⌈53 × 0.05⌉ = 3, ES = mean of the 3 worst
    const worst3 = [...pnl].sort((a, b) => a - b).slice(0, 3);
    expect(result.levels.find((l) => l.confidence === 0.95)?.es).toBeCloseTo(-(worst3.reduce((a, b) => a + b, 0) / 3), 6);
    expect(result.histogram.reduce((n, bin) => n + bin.count, 0)).toBe(53);
    expect(result.historySource).toMatchObject({ kinds: ['imported'], points: 1_343 });
  });

  it('backtests with a rolling 20-day window and reports Kupiec', async () => {
    const { tom } = await bookWithHistory();
    const pnl = scenarioPnl();
    let exceptions = 0;
    for (let t = 20; t < pnl.length; t += 1) if (-(pnl[t] as number) > varOf(pnl.slice(t - 20, t), 0.95)) exceptions += 1;
    const T = pnl.length - 20;
    const p = 0.05;
    const x = exceptions;
    const ll = (n: number, k: number, q: number) => (n - k === 0 ? 0 : (n - k) * Math.log(1 - q)) + (k === 0 ? 0 : k * Math.log(q));
    const lr = -2 * (ll(T, x, p) - ll(T, x, x / T));
    const result = await tom.ok('risk.var', { confidence: 0.95, method: 'historical', backtestWindow: 20 });
    expect(result.backtest).toMatchObject({ observations: 33, exceptions, window: 20 });
    expect(result.backtest?.lr).toBeCloseTo(lr, 9);
    expect(result.backtest?.accept).toBe(lr < 3.841458820694124);
  });

  it('says when the window is shorter than 250 days, and flags the 99% figure from fewer than 100', async () => {
    const { tom } = await bookWithHistory();
    const result = await tom.ok('risk.var', {});
    expect(result.window).toEqual({ requestedDays: 250, usedDays: 53, firstDay: '2023-02-28', lastDay: '2023-04-23' });
    expect(result.warnings).toEqual(['SHORT_WINDOW', 'TOO_FEW_FOR_99']);
    expect(result.levels.map((l) => [l.confidence, l.reliable])).toEqual([[0.95, true], [0.99, false]]);
    // A backtest needs at least 100 changes before its first scored day.
    expect(result.backtests).toEqual([]);
    expect(result.backtest).toBeNull();
  });

  it('Monte Carlo is reproducible by seed and close to the normal closed form', async () => {
    const { tom } = await bookWithHistory();
    const a = await tom.ok('risk.var', { confidence: 0.99, method: 'montecarlo', seed: 7, paths: 20_000 });
    const b = await tom.ok('risk.var', { confidence: 0.99, method: 'montecarlo', seed: 7, paths: 20_000 });
    const c = await tom.ok('risk.var', { confidence: 0.99, method: 'montecarlo', seed: 8, paths: 20_000 });
    expect(b.var).toBe(a.var);
    expect(c.var).not.toBe(a.var);
    // σ of the book from the sample covariance of the two hours' changes, by hand.
    const pnl = scenarioPnl();
    const mean = pnl.reduce((s, v) => s + v, 0) / pnl.length;
    const sd = Math.sqrt(pnl.reduce((s, v) => s + (v - mean) ** 2, 0) / (pnl.length - 1));
    expect(a.stdPnl / sd).toBeGreaterThan(0.97);
    expect(a.stdPnl / sd).toBeLessThan(1.03);
    expect(a.var / (2.3263478740408408 * sd)).toBeGreaterThan(0.95);
    expect(a.var / (2.3263478740408408 * sd)).toBeLessThan(1.05);
    expect(a).toMatchObject({ method: 'montecarlo', seed: 7, paths: 20_000, scenarios: 20_000 });
  });

  it('says so when there is no history, and refuses a broken price file without storing any of it', async () => {
    harness = openHarness(tempDir(), new ManualClock(NOW));
    const ada = await withAdmin(harness);
    expect(await ada.call('risk.var', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'NO_PRICE_HISTORY' } });
    const broken = readFileSync(FIXTURE, 'utf8').replace('132.91', 'abc');
    expect(await ada.call('risk.history.import', { area: 'DE', content: broken })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'content' } });
    expect((await ada.ok('risk.curve.get', {})).historySource.points).toBe(0);
  });
});

describe('VaR over a whole year (SMARD DE-LU 2023, Bundesnetzagentur | SMARD.de, CC BY 4.0)', () => {
  const YEAR = fileURLToPath(new URL('../fixtures/market/smard-de-lu-2023.csv', import.meta.url));
  /** 2024-01-01 15:00 Berlin: 2024-01-02 is open for trading. */
  const NEW_YEAR = Date.UTC(2024, 0, 1, 14, 0, 0);

  it('uses the last 250 days and backtests at 95% and 99% with Kupiec and Christoffersen, as by hand', async () => {
    const { tom } = await bookWithHistory(YEAR, NEW_YEAR, { year: 2024, month: 1, day: 2 });
    const pnl = scenarioPnl(YEAR);
    const result = await tom.ok('risk.var', {});
    expect(result.warnings).toEqual([]);
    expect(result.window).toMatchObject({ requestedDays: 250, usedDays: 250, lastDay: '2023-12-31' });
    expect(result.var).toBeCloseTo(varOf(pnl.slice(-250), 0.99), 6);
    expect(result.levels.every((l) => l.reliable)).toBe(true);
    // Scored days: the last 250 whose window (up to 250 changes before them) has at least 100.
    const first = Math.max(100, pnl.length - 250);
    for (const confidence of [0.95, 0.99]) {
      const flags: boolean[] = [];
      for (let t = first; t < pnl.length; t += 1) flags.push(-(pnl[t] as number) > varOf(pnl.slice(Math.max(0, t - 250), t), confidence));
      const x = flags.filter(Boolean).length;
      const T = flags.length;
      const p = 1 - confidence;
      const ll = (n: number, k: number, q: number) => (n - k === 0 ? 0 : (n - k) * Math.log(1 - q)) + (k === 0 ? 0 : k * Math.log(q));
      const kupiecLr = -2 * (ll(T, x, p) - ll(T, x, x / T));
      const n = [0, 0, 0, 0];
      for (let t = 1; t < T; t += 1) {
        const transition = (flags[t - 1] ? 2 : 0) + (flags[t] ? 1 : 0);
        n[transition] = (n[transition] ?? 0) + 1;
      }
      const [n00, n01, n10, n11] = n as [number, number, number, number];
      const term = (k: number, q: number) => (k === 0 ? 0 : k * Math.log(q));
      const pi = (n01 + n11) / (T - 1);
      const pi01 = n01 / (n00 + n01);
      const pi11 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0;
      const independenceLr = -2 * (term(n00 + n10, 1 - pi) + term(n01 + n11, pi) - (term(n00, 1 - pi01) + term(n01, pi01) + term(n10, 1 - pi11) + term(n11, pi11)));
      const backtest = result.backtests.find((b) => b.confidence === confidence)!;
      expect(backtest).toMatchObject({ observations: T, exceptions: x, window: 250, lastDay: '2023-12-31' });
      expect(backtest.lr).toBeCloseTo(kupiecLr, 9);
      expect(backtest.independence?.transitions).toEqual([n00, n01, n10, n11]);
      expect(backtest.independence?.lr).toBeCloseTo(independenceLr, 9);
      // With the 250-day window the 2023 backtest passes both tests at both levels for this book.
      expect(backtest.accept).toBe(true);
      expect(backtest.independence?.accept).toBe(true);
    }
  }, 120_000);
});

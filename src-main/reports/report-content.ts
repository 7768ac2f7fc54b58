/**
 * What the PDF report says, in the user's language, before anything is drawn: headings, sentences,
 * tables and charts as plain data (report-pdf.ts lays them out). Products by their delivery period
 * on their market's clock, limits by their names with units, the generation time on the desk's
 * clock with its zone; numbers with Latin digits in both languages, as on the screens.
 */
import { DateTime } from 'luxon';
import { LIMIT_KEYS, type LimitKey, type PnlBucketView } from '../../src-shared/contract/risk';
import { deliveryLabel, localeOfLanguage } from '../../src-shared/domain/delivery-label';
import { HOME_AREA, zoneOfArea } from '../../src-shared/domain/market-areas';
import { parseProductId } from '../../src-shared/domain/product-id';
import { formatPrice } from '../../src-shared/domain/units';
import { euros, type ReportData } from './report-data';
import { wordsOf, type Words } from './report-words';

export interface Bar {
  /** The bar's label under the axis (categorical charts) or its range (histograms). */
  label: string;
  value: number;
  /** Drawn in red: a losing day, a scenario beyond the 99% VaR. */
  highlight: boolean;
  /** Histograms: the bar's range on the value axis. */
  from?: number;
  to?: number;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; muted?: boolean }
  /** `words`: the cells after the first are phrases (limits with their units), set in the report's direction; otherwise figures, left to right. */
  | { kind: 'table'; headers: string[]; rows: string[][]; widths: number[]; lastIsTotal?: boolean; words?: boolean }
  | { kind: 'chart'; title: string; xTitle: string; yTitle: string; bars: Bar[]; histogram: boolean; caption: string; empty: string };

export interface ReportContent {
  direction: 'ltr' | 'rtl';
  title: string;
  /** Document title in the file's metadata. */
  metaTitle: string;
  lines: string[];
  blocks: Block[];
  pageLabel(page: number, pages: number): string;
}

const POSITION_ROWS = 60;

function numbers(language: string) {
  const locale = localeOfLanguage(language);
  const money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const quantity = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  return {
    money: (m: number | null) => (m === null ? '—' : money.format(euros(m))),
    mw: (kw: number) => quantity.format(kw / 1000),
    plain: (v: number) => quantity.format(v),
    price: (units: number | null) => (units === null ? '—' : formatPrice(Math.round(units))),
  };
}

function limitText(key: LimitKey, value: number | undefined, t: Words, language: string): string {
  if (value === undefined) return t('noLimit');
  const n = numbers(language);
  if (key === 'priceCollarUnits') return t('amount.price', { value: formatPrice(value) });
  if (key.endsWith('Kwh')) return t('amount.mwh', { value: n.mw(value) });
  if (key.endsWith('Kw')) return t('amount.mw', { value: n.mw(value) });
  return t('amount.eur', { value: n.money(value) });
}

/** A product as the screens name it, on its own market's clock; an id this terminal cannot read stays as it is. */
export function productName(productId: string, deliveryStart: number, durationMin: number, language: string): string {
  const parts = parseProductId(productId);
  if (!parts) return productId;
  return deliveryLabel({ area: parts.area, kind: parts.kind, blockName: parts.blockName, deliveryStart, deliveryEnd: deliveryStart + durationMin * 60_000 }, language);
}

export function reportContent(data: ReportData): ReportContent {
  const language = data.language;
  const t = wordsOf(language);
  const n = numbers(language);
  const locale = localeOfLanguage(language);
  const zone = zoneOfArea(HOME_AREA);
  const longDay = (day: string) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(Date.parse(`${day}T12:00:00Z`));
  const shortDay = (day: string) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(Date.parse(`${day}T12:00:00Z`));
  const isoDay = (day: string | null) => (day === null ? '—' : longDay(day));
  const month = (m: string) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(Date.parse(`${m}-15T12:00:00Z`));
  const generated = DateTime.fromMillis(data.generatedAt, { zone });

  const blocks: Block[] = [];
  const bucket = (label: string, b: PnlBucketView) => [label, n.money(b.realizedMoney), n.money(b.feesMoney), n.money(b.unrealizedChangeMoney), n.money(b.totalMoney), String(b.fillCount)];
  blocks.push({ kind: 'heading', text: t('pnl') });
  blocks.push({
    kind: 'table',
    headers: [t('period'), t('realized'), t('fees'), t('unrealizedChange'), t('total'), t('fills')],
    rows: [bucket(t('dayRow', { day: shortDay(data.date) }), data.day), bucket(t('monthRow', { month: month(data.month.period) }), data.month), bucket(t('inceptionRow'), data.pnl.inceptionToDate)],
    widths: [135, 75, 70, 90, 75, 50],
  });
  const m = data.pnl.metrics;
  blocks.push({
    kind: 'text',
    text: t('metrics', {
      trades: m.tradeCount,
      mwh: n.plain(m.tradedMwh),
      winRate: m.winRate === null ? '—' : `${(m.winRate * 100).toFixed(1)}%`,
      average: m.averageTradePnlMoney === null ? '—' : t('amount.eur', { value: n.money(m.averageTradePnlMoney) }),
      drawdown: t('amount.eur', { value: n.money(m.maxDrawdownMoney) }),
      sharpe: m.sharpe === null ? '—' : m.sharpe.toFixed(2),
    }),
  });

  blocks.push({ kind: 'heading', text: t('positions') });
  const positions = data.positions.positions;
  if (positions.length === 0) blocks.push({ kind: 'text', text: t('noPositions'), muted: true });
  else {
    const totals = data.positions.totals;
    blocks.push({
      kind: 'table',
      headers: [t('product'), t('netMw'), t('avgPrice'), t('markPrice'), t('realized'), t('fees'), t('unrealized'), t('total')],
      rows: [
        ...positions.slice(0, POSITION_ROWS).map((p) => [
          productName(p.productId, p.deliveryStart, p.durationMin, language),
          n.mw(p.netKw),
          n.price(p.avgOpenPriceUnits),
          n.price(p.markPriceUnits),
          n.money(p.realizedMoney),
          n.money(p.feesMoney),
          n.money(p.unrealizedMoney),
          n.money(p.totalMoney),
        ]),
        [t('totalRow'), '', '', '', n.money(totals.realizedMoney), n.money(totals.feesMoney), n.money(totals.unrealizedMoney), n.money(totals.totalMoney)],
      ],
      widths: [128, 42, 64, 58, 55, 44, 60, 44],
      lastIsTotal: true,
    });
    if (positions.length > POSITION_ROWS) blocks.push({ kind: 'text', text: t('morePositions', { count: positions.length - POSITION_ROWS }), muted: true });
  }

  blocks.push({ kind: 'heading', text: t('limits') });
  blocks.push({
    kind: 'table',
    headers: [t('limitsOf', { name: data.book.name }), ''],
    rows: LIMIT_KEYS.map((key) => [t(`limitNames.${key}`), limitText(key, data.limits.limits[key], t, language)]),
    widths: [300, 195],
    words: true,
  });

  const daily = data.pnl.daily.slice(-30);
  blocks.push({
    kind: 'chart',
    title: t('dailyChart'),
    xTitle: t('dailyAxisX', { zone }),
    yTitle: t('dailyAxisY'),
    bars: daily.map((b) => ({ label: shortDay(b.period), value: euros(b.totalMoney), highlight: b.totalMoney < 0 })),
    histogram: false,
    caption: '',
    empty: t('noDays'),
  });

  if (data.var) {
    const v = data.var;
    // Latin digits and a Latin % in both languages, so a percentage stays one left-to-right figure.
    const pct = (c: number) => `${Math.round(c * 100)}%`;
    blocks.push({ kind: 'heading', text: t('var') });
    blocks.push({ kind: 'table', headers: [t('confidence'), t('varColumn'), t('esColumn'), t('tail')], rows: v.levels.map((l) => [pct(l.confidence), n.money(l.var), n.money(l.es), String(l.tailCount)]), widths: [135, 110, 140, 110] });
    blocks.push({ kind: 'text', text: t('window', { used: v.window.usedDays, requested: v.window.requestedDays, first: isoDay(v.window.firstDay), last: isoDay(v.window.lastDay) }) });
    if (v.warnings.includes('TOO_FEW_FOR_99')) blocks.push({ kind: 'text', text: t('unreliable99') });
    if (v.backtests.length === 0) blocks.push({ kind: 'text', text: t('noBacktest'), muted: true });
    for (const b of v.backtests) {
      const verdict = (ok: boolean) => t(ok ? 'accepted' : 'rejected');
      const independence = b.independence ? ` ${t('independence', { p: b.independence.pValue.toFixed(3), verdict: verdict(b.independence.accept) })}` : '';
      blocks.push({
        kind: 'text',
        text:
          t('backtest', { confidence: pct(b.confidence), first: isoDay(b.firstDay), last: isoDay(b.lastDay), exceptions: b.exceptions, days: b.observations, expected: b.expectedExceptions.toFixed(2), p: b.pValue.toFixed(3), verdict: verdict(b.accept) }) +
          independence,
      });
    }
    const var99 = v.levels.find((l) => l.confidence === 0.99)?.var ?? v.var;
    blocks.push({
      kind: 'chart',
      title: t('histogram'),
      xTitle: t('histAxisX'),
      yTitle: t('histAxisY'),
      bars: v.histogram.map((bin) => ({ label: `${n.money(bin.lower)} – ${n.money(bin.upper)}`, value: bin.count, highlight: bin.lower <= -var99, from: euros(bin.lower), to: euros(bin.upper) })),
      histogram: true,
      caption: t('histCaption', { count: v.scenarios, var: n.money(var99) }),
      empty: '',
    });
  } else if (data.varMissing) {
    blocks.push({ kind: 'heading', text: t('var') });
    blocks.push({ kind: 'text', text: t('noVar', { area: data.varMissing.area, count: data.varMissing.count }), muted: true });
  }

  const title = t('title');
  return {
    direction: language === 'ar' ? 'rtl' : 'ltr',
    title,
    metaTitle: `${title} · ${data.date}`,
    lines: [
      t(data.book.portfolio ? 'bookPortfolio' : 'bookUser', { name: data.book.name }),
      t('day', { day: longDay(data.date) }),
      t('generated', { time: generated.toFormat('yyyy-MM-dd HH:mm'), zone: t('zone', { zone, offset: generated.toFormat('ZZ') }) }),
      t('marked', { mark: t(`marks.${data.mark}`) }),
      t('units'),
    ],
    blocks,
    pageLabel: (page, pages) => t('page', { page, pages }),
  };
}

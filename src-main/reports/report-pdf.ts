/**
 * The daily report as a PDF (A4, pdfkit, built-in Helvetica, so English only): summary, positions,
 * limits, VaR with the P&L distribution and the daily P&L drawn as vector graphics (no bitmaps).
 */
import PDFDocument from 'pdfkit';
import { LIMIT_KEYS } from '../../src-shared/contract/risk';
import { HOME_AREA, zoneOfArea } from '../../src-shared/domain/market-areas';
import { euros, type ReportData } from './report-data';

const money = (m: number | null): string => (m === null ? '-' : euros(m).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const priceText = (units: number | null): string => (units === null ? '-' : (units / 100).toFixed(2));
const LEFT = 50;
const WIDTH = 495;

interface Bar {
  label: string;
  value: number;
  highlight: boolean;
}

/** Vertical bars around a zero line, with the axis range written at the corners. */
function barChart(doc: PDFKit.PDFDocument, title: string, bars: readonly Bar[], caption: string): void {
  const height = 150;
  if (doc.y + height + 60 > doc.page.height - 50) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(11).text(title, LEFT, doc.y);
  const top = doc.y + 6;
  doc.rect(LEFT, top, WIDTH, height).lineWidth(0.5).strokeColor('#999999').stroke();
  if (bars.length > 0) {
    const max = Math.max(0, ...bars.map((b) => b.value));
    const min = Math.min(0, ...bars.map((b) => b.value));
    const span = max - min || 1;
    const zeroY = top + height * (max / span);
    const step = WIDTH / bars.length;
    bars.forEach((bar, i) => {
      const h = (Math.abs(bar.value) / span) * height;
      const y = bar.value >= 0 ? zeroY - h : zeroY;
      doc.rect(LEFT + i * step + step * 0.1, y, step * 0.8, Math.max(h, 0.3)).fillColor(bar.highlight ? '#c62f2f' : '#1f6feb').fill();
    });
    doc.moveTo(LEFT, zeroY).lineTo(LEFT + WIDTH, zeroY).lineWidth(0.5).strokeColor('#333333').stroke();
    doc.font('Helvetica').fontSize(7).fillColor('#333333');
    doc.text(bars[0]?.label ?? '', LEFT, top + height + 2, { width: WIDTH / 2, align: 'left' });
    doc.text(bars.at(-1)?.label ?? '', LEFT + WIDTH / 2, top + height + 2, { width: WIDTH / 2, align: 'right' });
  }
  doc.fillColor('#000000').font('Helvetica').fontSize(8).text(caption, LEFT, top + height + 14, { width: WIDTH });
  doc.moveDown(1);
}

function table(doc: PDFKit.PDFDocument, headers: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): void {
  const line = (cells: readonly string[], bold: boolean) => {
    if (doc.y > doc.page.height - 70) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    let x = LEFT;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 60;
      doc.text(cell, x, y, { width: w - 4, align: i === 0 ? 'left' : 'right', lineBreak: false });
      x += w;
    });
    doc.y = y + 12;
  };
  line(headers, true);
  for (const row of rows) line(row, false);
  doc.x = LEFT;
  doc.moveDown(0.5);
}

export function reportPdf(data: ReportData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `GridDesk daily report ${data.date}`, Author: 'GridDesk' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(`Daily P&L and risk report - ${data.date}`);
  doc.font('Helvetica').fontSize(9).text(`Book ${data.book} - generated ${new Date(data.generatedAt).toISOString()} - marked at ${data.mark} - amounts in EUR`);
  doc.moveDown();

  table(
    doc,
    ['P&L', 'Realized', 'Fees', 'Unrealized chg.', 'Total', 'Fills'],
    [data.day, data.month, data.pnl.inceptionToDate].map((b) => [b.period === 'ITD' ? 'Inception to date' : b.period, money(b.realizedMoney), money(b.feesMoney), money(b.unrealizedChangeMoney), money(b.totalMoney), String(b.fillCount)]),
    [130, 75, 70, 85, 75, 60],
  );
  const m = data.pnl.metrics;
  doc.font('Helvetica').fontSize(9).text(
    `Trades ${m.tradeCount}, traded ${m.tradedMwh.toFixed(3)} MWh, win rate ${m.winRate === null ? '-' : (m.winRate * 100).toFixed(1) + '%'}, ` +
      `average closing trade ${m.averageTradePnlMoney === null ? '-' : money(m.averageTradePnlMoney)}, max drawdown ${money(m.maxDrawdownMoney)}, Sharpe ${m.sharpe === null ? '-' : m.sharpe.toFixed(2)}`,
    LEFT,
  );
  doc.moveDown();

  doc.font('Helvetica-Bold').fontSize(11).text('Positions', LEFT);
  const t = data.positions.totals;
  table(
    doc,
    ['Product', 'Net MW', 'Avg', 'Mark', 'Realized', 'Fees', 'Unrealized', 'Total'],
    [
      ...data.positions.positions.slice(0, 60).map((p) => [p.productId, (p.netKw / 1000).toFixed(3), priceText(p.avgOpenPriceUnits === null ? null : Math.round(p.avgOpenPriceUnits)), priceText(p.markPriceUnits), money(p.realizedMoney), money(p.feesMoney), money(p.unrealizedMoney), money(p.totalMoney)]),
      ['Total', '', '', '', money(t.realizedMoney), money(t.feesMoney), money(t.unrealizedMoney), money(t.totalMoney)],
    ],
    [130, 50, 45, 45, 60, 50, 60, 55],
  );
  if (data.positions.positions.length > 60) doc.fontSize(8).text(`${data.positions.positions.length - 60} more positions in the XLSX report.`, LEFT);

  doc.font('Helvetica-Bold').fontSize(11).text('Limits', LEFT);
  doc.font('Helvetica').fontSize(9).text(LIMIT_KEYS.map((k) => `${k}: ${data.limits.limits[k] ?? 'none'}`).join(' - '), LEFT, doc.y, { width: WIDTH });
  doc.moveDown();

  const daily = data.pnl.daily.slice(-30);
  barChart(doc, 'Daily P&L (last 30 trading days)', daily.map((b) => ({ label: b.period, value: euros(b.totalMoney), highlight: b.totalMoney < 0 })), `Total P&L per trading day (${zoneOfArea(HOME_AREA)}), EUR.`);

  if (data.var) {
    const v = data.var;
    doc.font('Helvetica-Bold').fontSize(11).text('Value at risk (1 day, historical simulation)', LEFT);
    table(doc, ['Confidence', 'VaR', 'ES', 'Tail'], v.levels.map((l) => [`${Math.round(l.confidence * 100)}%`, money(l.var), money(l.es), String(l.tailCount)]), [130, 90, 90, 60]);
    const history = v.historySource;
    const isoDay = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 10));
    doc.font('Helvetica').fontSize(9).text(
      `Window: ${v.window.usedDays} of ${v.window.requestedDays} days of changes, ${v.window.firstDay ?? '-'} to ${v.window.lastDay ?? '-'}; price history ${isoDay(history.fromMs)} to ${isoDay(history.toMs === null ? null : history.toMs - 1)} (UTC).` +
        (v.warnings.includes('TOO_FEW_FOR_99') ? ' Fewer than 100 days of changes: the 99% figure is not reliable.' : ''),
      LEFT,
    );
    if (v.backtests.length === 0) doc.text('Backtest: too little history (each scored day needs 100 days of changes before it).', LEFT);
    for (const b of v.backtests) {
      const independence = b.independence ? `, Christoffersen LR ${b.independence.lr.toFixed(3)}, p-value ${b.independence.pValue.toFixed(3)}: ${b.independence.accept ? 'accepted' : 'rejected'}` : '';
      doc.text(`Backtest ${Math.round(b.confidence * 100)}% (${b.firstDay ?? '-'} to ${b.lastDay ?? '-'}, window up to ${b.window} days): ${b.exceptions} exceptions in ${b.observations} days (expected ${b.expectedExceptions.toFixed(2)}), Kupiec LR ${b.lr.toFixed(3)}, p-value ${b.pValue.toFixed(3)}: ${b.accept ? 'accepted' : 'rejected'}${independence}.`, LEFT);
    }
    doc.moveDown();
    const var99 = v.levels.find((l) => l.confidence === 0.99)?.var ?? v.var;
    barChart(
      doc,
      'P&L distribution of the scenarios',
      v.histogram.map((bin) => ({ label: `${money(bin.lower)} .. ${money(bin.upper)}`, value: bin.count, highlight: bin.lower <= -var99 })),
      `${v.scenarios} daily price-change scenarios; red bins hold outcomes at or beyond the 99% VaR (${money(var99)}).`,
    );
  } else {
    doc.font('Helvetica').fontSize(9).text(`VaR not available: ${data.varError ?? ''}`, LEFT);
  }
  doc.end();
  return done;
}

/** The daily report as an XLSX workbook: one sheet per section, € and MW as numbers (not text). */
import ExcelJS from 'exceljs';
import { euros, type ReportData } from './report-data';

export const SUMMARY_SHEET = 'Summary';
export const POSITIONS_SHEET = 'Positions';
export const PNL_SHEET = 'Daily P&L';
export const VAR_SHEET = 'VaR';

export async function reportXlsx(data: ReportData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridDesk';
  workbook.created = new Date(data.generatedAt);

  const summary = workbook.addWorksheet(SUMMARY_SHEET);
  summary.columns = [{ width: 34 }, { width: 18 }];
  const rows: Array<[string, string | number | null]> = [
    ['Book', data.book.portfolio ? `portfolio ${data.book.name}` : data.book.name],
    ['Day', data.date],
    ['Generated (UTC)', new Date(data.generatedAt).toISOString()],
    ['Mark', data.mark],
    ['Day realized €', euros(data.day.realizedMoney)],
    ['Day fees €', euros(data.day.feesMoney)],
    ['Day unrealized change €', euros(data.day.unrealizedChangeMoney)],
    ['Day total €', euros(data.day.totalMoney)],
    ['Month total €', euros(data.month.totalMoney)],
    ['Inception-to-date total €', euros(data.pnl.inceptionToDate.totalMoney)],
    ['Open realized €', euros(data.positions.totals.realizedMoney)],
    ['Open fees €', euros(data.positions.totals.feesMoney)],
    ['Unrealized €', euros(data.positions.totals.unrealizedMoney)],
    ['Book total €', euros(data.positions.totals.totalMoney)],
    ['Trades', data.pnl.metrics.tradeCount],
    ['Traded MWh', data.pnl.metrics.tradedMwh],
    ['Win rate', data.pnl.metrics.winRate],
    ['Max drawdown €', euros(data.pnl.metrics.maxDrawdownMoney)],
    ['Sharpe', data.pnl.metrics.sharpe],
  ];
  summary.addRow(['Figure', 'Value']).font = { bold: true };
  for (const row of rows) summary.addRow(row);

  const positions = workbook.addWorksheet(POSITIONS_SHEET);
  positions.addRow(['Product', 'Side', 'Net MW', 'Net MWh', 'Avg price €/MWh', 'Mark €/MWh', 'Realized €', 'Fees €', 'Unrealized €', 'Total €', 'Fills']).font = { bold: true };
  for (const p of data.positions.positions) {
    positions.addRow([
      p.productId,
      p.side,
      p.netKw / 1000,
      p.netMwh,
      p.avgOpenPriceUnits === null ? null : p.avgOpenPriceUnits / 100,
      p.markPriceUnits === null ? null : p.markPriceUnits / 100,
      euros(p.realizedMoney),
      euros(p.feesMoney),
      p.unrealizedMoney === null ? null : euros(p.unrealizedMoney),
      euros(p.totalMoney),
      p.fillCount,
    ]);
  }

  const pnl = workbook.addWorksheet(PNL_SHEET);
  pnl.addRow(['Day', 'Realized €', 'Fees €', 'Unrealized change €', 'Total €', 'Fills']).font = { bold: true };
  for (const b of data.pnl.daily) pnl.addRow([b.period, euros(b.realizedMoney), euros(b.feesMoney), euros(b.unrealizedChangeMoney), euros(b.totalMoney), b.fillCount]);

  const risk = workbook.addWorksheet(VAR_SHEET);
  if (data.var) {
    risk.addRow(['Confidence', 'VaR €', 'ES €', 'Tail scenarios']).font = { bold: true };
    for (const level of data.var.levels) risk.addRow([level.confidence, euros(level.var), euros(level.es), level.tailCount]);
    risk.addRow([]);
    risk.addRow(['Method', data.var.method]);
    risk.addRow(['Scenarios (daily changes)', data.var.scenarios]);
    if (data.var.backtest) {
      const b = data.var.backtest;
      risk.addRow(['Backtest observations', b.observations]);
      risk.addRow(['Backtest exceptions', b.exceptions]);
      risk.addRow(['Kupiec LR', b.lr]);
      risk.addRow(['Kupiec p-value', b.pValue]);
      risk.addRow(['Kupiec result', b.accept ? 'accept' : 'reject']);
    }
    risk.addRow(['Window (days of changes)', data.var.window.usedDays]);
    risk.addRow(['Window requested', data.var.window.requestedDays]);
    risk.addRow(['Window first day', data.var.window.firstDay ?? '']);
    risk.addRow(['Window last day', data.var.window.lastDay ?? '']);
    risk.addRow(['Warnings', data.var.warnings.join(', ')]);
    risk.addRow([]);
    risk.addRow(['Backtest confidence', 'Days', 'Exceptions', 'Expected', 'Kupiec p-value', 'Christoffersen p-value', 'First day', 'Last day']).font = { bold: true };
    for (const b of data.var.backtests) {
      risk.addRow([b.confidence, b.observations, b.exceptions, b.expectedExceptions, b.pValue, b.independence?.pValue ?? '', b.firstDay ?? '', b.lastDay ?? '']);
    }
    risk.addRow([]);
    risk.addRow(['P&L bin from €', 'to €', 'Scenarios']).font = { bold: true };
    for (const bin of data.var.histogram) risk.addRow([euros(bin.lower), euros(bin.upper), bin.count]);
  } else {
    risk.addRow(['VaR not available: days of price changes', data.varMissing?.count ?? '']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `reports.daily`: the daily P&L and risk report of a book as PDF or XLSX bytes (base64). */
import { fail } from '../../src-shared/domain/errors';
import type { DomainHandlers } from '../api/domain';
import type { RiskPort } from '../risk';
import { reportData } from './report-data';

export function reportHandlers(risk: RiskPort): DomainHandlers<'reports'> {
  return {
    'reports.daily': async (input, ctx) => {
      if (Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) fail('BAD_INPUT', 'Not a calendar day.', { field: 'date', reason: 'NOT_A_DAY', params: { day: input.date } });
      const book = risk.book(input, ctx.caller);
      const data = reportData(input.language, { name: book.name, portfolio: book.portfolio }, input.date, input.mark, ctx.now, {
        positions: () => book.positions(input.mark, ctx.now),
        pnl: () => book.pnl(input.mark, ctx.now),
        var: () => book.var(ctx.now),
        limits: () => book.limits(),
      });
      // The PDF and spreadsheet libraries load on the first report, not at every start of the terminal.
      const bytes = input.format === 'pdf' ? await (await import('./report-pdf')).reportPdf(data) : await (await import('./report-xlsx')).reportXlsx(data);
      const safe = book.key.replace(/[^A-Za-z0-9_-]+/g, '-');
      return {
        filename: `griddesk-report-${safe}-${input.date}.${input.format}`,
        mime: input.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: bytes.toString('base64'),
        bytes: bytes.length,
      };
    },
  };
}

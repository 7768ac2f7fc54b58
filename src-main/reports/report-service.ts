/** `reports.daily`: the daily P&L and risk report of a book as PDF or XLSX bytes (base64). */
import { fail } from '../../src-shared/domain/errors';
import type { PartialHandlers } from '../api/context';
import { reportData } from './report-data';
import type { RiskService } from '../risk/risk-service';
import { resolveScope } from '../risk/risk-scope';

export function reportHandlers(risk: RiskService): PartialHandlers<'reports.daily'> {
  return {
    'reports.daily': async (input, ctx) => {
      if (Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) fail('BAD_INPUT', 'Not a calendar day.', { field: 'date' });
      risk.keeper.catchUp();
      const scope = resolveScope(input, ctx.caller, risk.keeper);
      const book = scope.portfolio !== null ? `portfolio ${scope.portfolio}` : (risk.store.username(scope.userId ?? 0) ?? scope.key);
      const data = reportData(book, input.date, input.mark, ctx.now, {
        positions: () => risk.views.positions(scope.key, input.mark, ctx.now),
        pnl: () => risk.views.pnl(scope.key, input.mark, ctx.now),
        var: () => risk.varOf(scope.key, ctx.now),
        limits: () => risk.limitsOf(scope),
      });
      // The PDF and spreadsheet libraries load on the first report, not at every start of the terminal.
      const bytes = input.format === 'pdf' ? await (await import('./report-pdf')).reportPdf(data) : await (await import('./report-xlsx')).reportXlsx(data);
      const safe = scope.key.replace(/[^A-Za-z0-9_-]+/g, '-');
      return {
        filename: `griddesk-report-${safe}-${input.date}.${input.format}`,
        mime: input.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: bytes.toString('base64'),
        bytes: bytes.length,
      };
    },
  };
}

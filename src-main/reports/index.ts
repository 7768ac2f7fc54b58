import { defineDomain, type Domain } from '../api/domain';
import type { RiskPort } from '../risk';
import { reportHandlers } from './report-service';

/** The reports domain: the daily P&L and risk report of a book, as PDF or XLSX, from risk's views. */
export function createReports(deps: { risk: RiskPort }): { domain: Domain<'reports'> } {
  return { domain: defineDomain('reports', { handlers: reportHandlers(deps.risk) }) };
}

import { defineDomain, type Domain } from '../api/domain';
import type { RiskService } from '../risk/risk-service';
import { reportHandlers } from './report-service';

/** The reports domain: the daily P&L and risk report as PDF or XLSX. */
export function createReports(deps: { risk: RiskService }): { domain: Domain<'reports'> } {
  return { domain: defineDomain('reports', { handlers: reportHandlers(deps.risk) }) };
}

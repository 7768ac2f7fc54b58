import type { IDockviewPanelProps } from 'dockview-react';
import type { FunctionComponent } from 'react';
import { alertsPanels } from '../features/alerts';
import { auditPanels } from '../features/audit';
import { authPanels } from '../features/auth';
import { chainPanels } from '../features/chain';
import { devicesPanels } from '../features/devices';
import { forecastPanels } from '../features/forecast';
import { healthPanels } from '../features/health';
import { marketdataPanels } from '../features/marketdata';
import { reportsPanels } from '../features/reports';
import { riskPanels } from '../features/risk';
import { settingsPanels } from '../features/settings';
import { syncPanels } from '../features/sync';
import { tradingPanels } from '../features/trading';
import type { PanelDef } from '../ui/panel-def';

/** Every panel the workspace can show, feature by feature, in the order of the "Panels" menu. */
export const PANEL_DEFS = [
  ...tradingPanels,
  ...marketdataPanels,
  ...alertsPanels,
  ...authPanels,
  ...auditPanels,
  ...healthPanels,
  ...devicesPanels,
  ...riskPanels,
  ...forecastPanels,
  ...reportsPanels,
  ...chainPanels,
  ...syncPanels,
  ...settingsPanels,
] as const satisfies readonly PanelDef[];

export type PanelId = (typeof PANEL_DEFS)[number]['id'];

export const PANELS = Object.fromEntries(PANEL_DEFS.map((p) => [p.id, p.component])) as Record<PanelId, FunctionComponent<IDockviewPanelProps>>;

// Two features claiming one id would silently share a panel; like the contract, refuse it at load.
if (Object.keys(PANELS).length !== PANEL_DEFS.length) {
  const seen = new Set<string>();
  const twice = PANEL_DEFS.find((p) => (seen.has(p.id) ? true : (seen.add(p.id), false)));
  throw new Error(`The panel id "${twice?.id}" is declared twice.`);
}

export function isPanelId(id: string): id is PanelId {
  return Object.prototype.hasOwnProperty.call(PANELS, id);
}

import type { DockviewApi, IDockviewPanel } from 'dockview-react';
import type { Role } from '../../../src-shared/domain/schemas';
import type { PanelId } from './panel-registry';

type Title = (key: string) => string;

/** Layouts name panels by their typed id: a panel that does not exist (or was renamed) fails to compile. */
function add(api: DockviewApi, title: Title, id: PanelId, position?: { referencePanel: PanelId; direction: 'right' | 'below' | 'left' | 'above' | 'within' }): void {
  api.addPanel({ id, component: id, title: title(`panels.${id}`), ...(position ? { position } : {}) });
}

function panel(api: DockviewApi, id: PanelId): IDockviewPanel | undefined {
  return api.getPanel(id);
}

/** The desk trader's morning: products on the left, the product matrix (chart behind it) and orders in the middle, depth on the right. */
function traderLayout(api: DockviewApi, title: Title): void {
  add(api, title, 'watchlist');
  add(api, title, 'chart', { referencePanel: 'watchlist', direction: 'right' });
  add(api, title, 'matrix', { referencePanel: 'chart', direction: 'within' });
  add(api, title, 'ladder', { referencePanel: 'chart', direction: 'right' });
  add(api, title, 'ticket', { referencePanel: 'watchlist', direction: 'below' });
  add(api, title, 'blotter', { referencePanel: 'chart', direction: 'below' });
  add(api, title, 'tape', { referencePanel: 'blotter', direction: 'within' });
  add(api, title, 'positions', { referencePanel: 'blotter', direction: 'within' });
  add(api, title, 'alerts', { referencePanel: 'blotter', direction: 'within' });
  panel(api, 'blotter')?.api.setActive();
  panel(api, 'matrix')?.api.setActive();
  // Wide enough that change, volume and own position show at 1600 px; the matrix scrolls sideways if it must.
  panel(api, 'watchlist')?.group.api.setSize({ width: 620 });
  panel(api, 'ladder')?.group.api.setSize({ width: 260 });
  panel(api, 'ticket')?.group.api.setSize({ height: 430 });
}

/** The plant operator's screen: devices first, telemetry beside them, alerts and commands below. */
function operatorLayout(api: DockviewApi, title: Title): void {
  add(api, title, 'devices');
  add(api, title, 'deviceTelemetry', { referencePanel: 'devices', direction: 'right' });
  add(api, title, 'deviceCommands', { referencePanel: 'devices', direction: 'below' });
  add(api, title, 'deviceAlerts', { referencePanel: 'deviceTelemetry', direction: 'below' });
  add(api, title, 'deviceSettlement', { referencePanel: 'deviceAlerts', direction: 'within' });
  panel(api, 'deviceAlerts')?.api.setActive();
}

/** The risk manager's view: positions (and the whole desk behind them) and P&L against limits, VaR and the forecast beside them. */
function riskLayout(api: DockviewApi, title: Title): void {
  add(api, title, 'positions');
  add(api, title, 'var', { referencePanel: 'positions', direction: 'right' });
  add(api, title, 'pnl', { referencePanel: 'positions', direction: 'below' });
  add(api, title, 'limits', { referencePanel: 'var', direction: 'below' });
  add(api, title, 'forecast', { referencePanel: 'var', direction: 'within' });
  add(api, title, 'reports', { referencePanel: 'pnl', direction: 'within' });
  add(api, title, 'blotter', { referencePanel: 'limits', direction: 'within' });
  add(api, title, 'desk', { referencePanel: 'positions', direction: 'within' });
  panel(api, 'positions')?.api.setActive();
  panel(api, 'var')?.api.setActive();
  panel(api, 'pnl')?.api.setActive();
  panel(api, 'limits')?.api.setActive();
}

export function applyDefaultLayout(api: DockviewApi, title: Title, role: Role | undefined): void {
  api.clear();
  if (role === 'operator') operatorLayout(api, title);
  else if (role === 'risk_manager') riskLayout(api, title);
  else traderLayout(api, title);
  // Traders and operators hold wallets: theirs is a tab behind the orders or the alerts, not in front.
  const behind: PanelId | null = role === 'trader' ? 'blotter' : role === 'operator' ? 'deviceAlerts' : null;
  if (behind) {
    add(api, title, 'wallet', { referencePanel: behind, direction: 'within' });
    panel(api, behind)?.api.setActive();
  }
}

import type { IDockviewPanelProps } from 'dockview-react';
import type { FunctionComponent } from 'react';
import { AuditPanel } from '../features/audit/panels/AuditPanel';
import { UsersPanel } from '../features/auth/panels/UsersPanel';
import { AlertsPanel } from '../features/alerts/panels/AlertsPanel';
import { AuctionPanel } from '../features/trading/panels/AuctionPanel';
import { Blotter } from '../features/trading/panels/Blotter';
import { BrokerSettings } from '../features/devices/panels/BrokerSettings';
import { DeviceAlerts } from '../features/devices/panels/DeviceAlerts';
import { DeviceCommands } from '../features/devices/panels/DeviceCommands';
import { DeviceRegistry } from '../features/devices/panels/DeviceRegistry';
import { DeviceSettlement } from '../features/devices/panels/DeviceSettlement';
import { DeviceTelemetry } from '../features/devices/panels/DeviceTelemetry';
import { Ladder } from '../features/trading/panels/Ladder';
import { MarketDataPanel } from '../features/marketdata/panels/MarketDataPanel';
import { PriceChart } from '../features/marketdata/panels/PriceChart';
import { TimeAndSales } from '../features/marketdata/panels/TimeAndSales';
import { Watchlist } from '../features/marketdata/panels/Watchlist';
import { OrderTicket } from '../features/trading/panels/OrderTicket';
import { CurvePanel } from '../features/risk/panels/CurvePanel';
import { ForecastPanel } from '../features/forecast/panels/ForecastPanel';
import { LimitsPanel } from '../features/risk/panels/LimitsPanel';
import { PnlPanel } from '../features/risk/panels/PnlPanel';
import { PositionsPanel } from '../features/risk/panels/PositionsPanel';
import { ReportsPanel } from '../features/reports/panels/ReportsPanel';
import { VarPanel } from '../features/risk/panels/VarPanel';

export interface PanelDef {
  /** Dockview component id; the panel's title is the locale key `panels.<id>`. */
  id: string;
  component: FunctionComponent<IDockviewPanelProps>;
  /** Panels a role never needs stay out of that role's "Panels" menu. */
  roles?: readonly string[];
}

/** Every panel the workspace can show. Each domain adds its own lines here. */
export const PANEL_DEFS: readonly PanelDef[] = [
  { id: 'ticket', component: () => <OrderTicket /> },
  { id: 'blotter', component: () => <Blotter /> },
  { id: 'ladder', component: () => <Ladder /> },
  { id: 'auction', component: () => <AuctionPanel /> },
  { id: 'watchlist', component: () => <Watchlist /> },
  { id: 'chart', component: () => <PriceChart /> },
  { id: 'tape', component: () => <TimeAndSales /> },
  { id: 'alerts', component: () => <AlertsPanel /> },
  { id: 'marketdata', component: () => <MarketDataPanel /> },
  { id: 'users', component: () => <UsersPanel />, roles: ['admin'] },
  { id: 'audit', component: () => <AuditPanel />, roles: ['admin'] },
  { id: 'devices', component: () => <DeviceRegistry />, roles: ['operator', 'admin'] },
  { id: 'deviceTelemetry', component: () => <DeviceTelemetry />, roles: ['operator', 'admin'] },
  { id: 'deviceCommands', component: () => <DeviceCommands />, roles: ['operator', 'admin'] },
  { id: 'deviceAlerts', component: () => <DeviceAlerts />, roles: ['operator', 'admin'] },
  { id: 'deviceSettlement', component: () => <DeviceSettlement />, roles: ['operator', 'admin'] },
  { id: 'deviceBroker', component: () => <BrokerSettings />, roles: ['admin'] },
  { id: 'positions', component: () => <PositionsPanel />, roles: ['trader', 'risk_manager', 'admin', 'viewer'] },
  { id: 'pnl', component: () => <PnlPanel />, roles: ['trader', 'risk_manager', 'admin', 'viewer'] },
  { id: 'curve', component: () => <CurvePanel /> },
  { id: 'limits', component: () => <LimitsPanel />, roles: ['trader', 'risk_manager', 'admin'] },
  { id: 'var', component: () => <VarPanel />, roles: ['trader', 'risk_manager', 'admin', 'viewer'] },
  { id: 'forecast', component: () => <ForecastPanel /> },
  { id: 'reports', component: () => <ReportsPanel />, roles: ['trader', 'risk_manager', 'admin', 'viewer'] },
];

export const PANELS: Record<string, FunctionComponent<IDockviewPanelProps>> = Object.fromEntries(PANEL_DEFS.map((p) => [p.id, p.component]));

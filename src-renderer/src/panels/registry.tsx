import type { IDockviewPanelProps } from 'dockview-react';
import type { FunctionComponent } from 'react';
import { AuditPanel } from './admin/AuditPanel';
import { UsersPanel } from './admin/UsersPanel';
import { AlertsPanel } from './AlertsPanel';
import { AuctionPanel } from './auction/AuctionPanel';
import { Blotter } from './Blotter';
import { BrokerSettings } from './devices/BrokerSettings';
import { DeviceAlerts } from './devices/DeviceAlerts';
import { DeviceCommands } from './devices/DeviceCommands';
import { DeviceRegistry } from './devices/DeviceRegistry';
import { DeviceSettlement } from './devices/DeviceSettlement';
import { DeviceTelemetry } from './devices/DeviceTelemetry';
import { Ladder } from './Ladder';
import { MarketDataPanel } from './market/MarketDataPanel';
import { PriceChart } from './market/PriceChart';
import { TimeAndSales } from './market/TimeAndSales';
import { Watchlist } from './market/Watchlist';
import { OrderTicket } from './OrderTicket';
import { CurvePanel } from './risk/CurvePanel';
import { ForecastPanel } from './risk/ForecastPanel';
import { LimitsPanel } from './risk/LimitsPanel';
import { PnlPanel } from './risk/PnlPanel';
import { PositionsPanel } from './risk/PositionsPanel';
import { ReportsPanel } from './risk/ReportsPanel';
import { VarPanel } from './risk/VarPanel';

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

import { definePanels } from '../../ui/panel-def';
import { AlertsPanel } from './panels/AlertsPanel';

export { checkGates, raiseRejection, useAlerts, type Alert, type AlertKind } from './alerts';

/** Alerts watch the whole workspace (prices, fills, gates), so they are a feature of their own. */
export const alertsPanels = definePanels([{ id: 'alerts', component: AlertsPanel }]);

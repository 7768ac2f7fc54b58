import { definePanels } from '../../ui/panel-def';
import { AlertsPanel } from './panels/AlertsPanel';

/** Alerts watch the whole workspace (prices, fills, gates), so they are a feature of their own. */
export const alertsPanels = definePanels([{ id: 'alerts', component: AlertsPanel }]);

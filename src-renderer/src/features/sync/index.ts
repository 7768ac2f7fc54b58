import { ADMIN_ROLES } from '../../../../src-shared/contract/kit';
import { definePanels } from '../../ui/panel-def';
import { SyncPanel } from './panels/SyncPanel';

/** The terminal's link to the hosted sync server: administrators only, like the calls behind it. */
export const syncPanels = definePanels([{ id: 'sync', component: SyncPanel, roles: ADMIN_ROLES }]);

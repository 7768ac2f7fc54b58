import { ADMIN_ROLES } from '../../../../src-shared/contract/kit';
import { definePanels } from '../../ui/panel-def';
import { HealthPanel } from './panels/HealthPanel';

/** The terminal's own state (store, backups, links, audit trail): administrators only, like the calls behind it. */
export const healthPanels = definePanels([{ id: 'health', component: HealthPanel, roles: ADMIN_ROLES }]);

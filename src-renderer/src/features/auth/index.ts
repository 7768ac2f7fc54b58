import { ADMIN_ROLES } from '../../../../src-shared/contract/kit';
import { definePanels } from '../../ui/panel-def';
import { UsersPanel } from './panels/UsersPanel';

export const authPanels = definePanels([{ id: 'users', component: UsersPanel, roles: ADMIN_ROLES }]);

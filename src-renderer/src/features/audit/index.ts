import { ADMIN_ROLES } from '../../../../src-shared/contract/kit';
import { definePanels } from '../../ui/panel-def';
import { AuditPanel } from './panels/AuditPanel';

export const auditPanels = definePanels([{ id: 'audit', component: AuditPanel, roles: ADMIN_ROLES }]);

import { definePanels } from '../../ui/panel-def';
import { BOOK_ROLES } from '../risk/public';
import { ReportsPanel } from './panels/ReportsPanel';

export const reportsPanels = definePanels([{ id: 'reports', component: ReportsPanel, roles: BOOK_ROLES }]);

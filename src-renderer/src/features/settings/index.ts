import { ADMIN_ROLES } from '../../../../src-shared/contract/kit';
import { definePanels } from '../../ui/panel-def';
import { SettingsPanel } from './SettingsPanel';

/** The administrator's one place for the terminal's settings, area by area. */
export const settingsPanels = definePanels([{ id: 'settings', component: SettingsPanel, roles: ADMIN_ROLES }]);

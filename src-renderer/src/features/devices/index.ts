import { ADMIN_ROLES, OPERATING_ROLES } from '../../../../src-shared/contract/kit';
import { definePanels } from '../../ui/panel-def';
import { BrokerSettings } from './panels/BrokerSettings';
import { DeviceAlerts } from './panels/DeviceAlerts';
import { DeviceCommands } from './panels/DeviceCommands';
import { DeviceRegistry } from './panels/DeviceRegistry';
import { DeviceSettlement } from './panels/DeviceSettlement';
import { DeviceTelemetry } from './panels/DeviceTelemetry';

export const devicesPanels = definePanels([
  { id: 'devices', component: DeviceRegistry, roles: OPERATING_ROLES },
  { id: 'deviceTelemetry', component: DeviceTelemetry, roles: OPERATING_ROLES },
  { id: 'deviceCommands', component: DeviceCommands, roles: OPERATING_ROLES },
  { id: 'deviceAlerts', component: DeviceAlerts, roles: OPERATING_ROLES },
  { id: 'deviceSettlement', component: DeviceSettlement, roles: OPERATING_ROLES },
  { id: 'deviceBroker', component: BrokerSettings, roles: ADMIN_ROLES },
]);

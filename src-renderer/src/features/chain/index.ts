import { ADMIN_ROLES } from '../../../../src-shared/contract/kit';
import { WALLET_ROLES } from '../../../../src-shared/contract/chain';
import { definePanels } from '../../ui/panel-def';
import { NetworkPanel } from './panels/NetworkPanel';
import { WalletPanel } from './panels/WalletPanel';

export const chainPanels = definePanels([
  { id: 'wallet', component: WalletPanel, roles: WALLET_ROLES },
  { id: 'chainNetwork', component: NetworkPanel, roles: ADMIN_ROLES },
]);

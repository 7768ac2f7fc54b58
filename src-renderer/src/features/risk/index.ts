import { RISK_ROLES, TRADING_ROLES } from '../../../../src-shared/contract/kit';
import { definePanels } from '../../ui/panel-def';
import { BOOK_ROLES } from './book-roles';
import { CurvePanel } from './panels/CurvePanel';
import { DeskPanel } from './panels/DeskPanel';
import { LimitsPanel } from './panels/LimitsPanel';
import { PnlPanel } from './panels/PnlPanel';
import { PositionsPanel } from './panels/PositionsPanel';
import { VarPanel } from './panels/VarPanel';

export const riskPanels = definePanels([
  { id: 'positions', component: PositionsPanel, roles: BOOK_ROLES },
  { id: 'pnl', component: PnlPanel, roles: BOOK_ROLES },
  { id: 'curve', component: CurvePanel },
  { id: 'limits', component: LimitsPanel, roles: TRADING_ROLES },
  { id: 'var', component: VarPanel, roles: BOOK_ROLES },
  { id: 'desk', component: DeskPanel, roles: RISK_ROLES },
]);

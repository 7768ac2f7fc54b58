import { definePanels } from '../../ui/panel-def';
import { AuctionPanel } from './panels/AuctionPanel';
import { Blotter } from './panels/Blotter';
import { Ladder } from './panels/Ladder';
import { OrderTicket } from './panels/OrderTicket';

export const tradingPanels = definePanels([
  { id: 'ticket', component: OrderTicket },
  { id: 'blotter', component: Blotter },
  { id: 'ladder', component: Ladder },
  { id: 'auction', component: AuctionPanel },
]);

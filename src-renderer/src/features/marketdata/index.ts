import { definePanels } from '../../ui/panel-def';
import { Matrix } from './panels/Matrix';
import { MarketDataPanel } from './panels/MarketDataPanel';
import { PriceChart } from './panels/PriceChart';
import { TimeAndSales } from './panels/TimeAndSales';
import { Watchlist } from './panels/Watchlist';

export const marketdataPanels = definePanels([
  { id: 'watchlist', component: Watchlist },
  { id: 'matrix', component: Matrix },
  { id: 'chart', component: PriceChart },
  { id: 'tape', component: TimeAndSales },
  { id: 'marketdata', component: MarketDataPanel },
]);

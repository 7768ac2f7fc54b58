import { definePanels } from '../../ui/panel-def';
import { ForecastPanel } from './panels/ForecastPanel';

export const forecastPanels = definePanels([{ id: 'forecast', component: ForecastPanel }]);

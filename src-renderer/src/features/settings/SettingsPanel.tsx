import { useState, type FunctionComponent } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTabs, panelId, tabId } from './AreaTabs';
import { AppearanceArea } from './areas/AppearanceArea';
import { BrokerArea } from './areas/BrokerArea';
import { ChainArea } from './areas/ChainArea';
import { FeedArea } from './areas/FeedArea';
import { MarketArea } from './areas/MarketArea';
import { RiskArea } from './areas/RiskArea';
import { SyncArea } from './areas/SyncArea';
import { TransferArea } from './areas/TransferArea';
import { UpdatesArea } from './areas/UpdatesArea';
import './settings.css';

const AREAS = {
  market: MarketArea,
  risk: RiskArea,
  broker: BrokerArea,
  feed: FeedArea,
  chain: ChainArea,
  sync: SyncArea,
  updates: UpdatesArea,
  appearance: AppearanceArea,
  transfer: TransferArea,
} as const satisfies Record<string, FunctionComponent>;
type AreaId = keyof typeof AREAS;
const AREA_IDS = Object.keys(AREAS) as AreaId[];

/**
 * The settings that were spread over many panels, in one console. Only the chosen area is mounted:
 * each loads its own values when opened, so switching to it shows what the core holds now.
 */
export function SettingsPanel() {
  const { t } = useTranslation();
  const [area, setArea] = useState<AreaId>('market');
  const Area = AREAS[area];
  return (
    // The frame is the size container: the grid inside lays itself out by the slot's width.
    <div className="settings-frame">
      <div className="settings-panel" data-testid="settings-panel">
        <AreaTabs<AreaId> ids={AREA_IDS} selected={area} label={t('panels.settings')} title={(id) => t(`settings.tabs.${id}`)} onSelect={setArea} />
        <section className="settings-area" role="tabpanel" id={panelId(area)} aria-labelledby={tabId(area)} tabIndex={0}>
          <Area />
        </section>
      </div>
    </div>
  );
}

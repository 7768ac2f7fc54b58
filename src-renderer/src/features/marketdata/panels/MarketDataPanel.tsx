import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedStatus, MarketImportResult, SimulatorStatus } from '../../../../../src-shared/contract/marketdata';
import { ADMIN_ROLES, TRADING_ROLES } from '../../../../../src-shared/contract/kit';
import { call, subscribe } from '../../../transport/client';
import { timeOfDay } from '../../../ui/format';
import { hasRole, useSession } from '../../auth/public';
import { FeedSettings } from './FeedSettings';
import { ImportReport } from './ImportReport';
import { formatOf, ImportTooLarge, importPriceFile, type ImportFormat } from '../import-file';
import './marketdata.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

/** Historical day-ahead prices in, and the sources of live prices: the simulator and the MQTT feed. */
export function MarketDataPanel() {
  const { t, i18n } = useTranslation();
  const role = useSession((s) => s.user?.role);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [area, setArea] = useState('DE');
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<MarketImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [simulator, setSimulator] = useState<SimulatorStatus | null>(null);
  const [feed, setFeed] = useState<FeedStatus | null>(null);

  useEffect(() => {
    void call('marketdata.simulator.status', {}).then(setSimulator, () => undefined);
    void call('marketdata.feed.status', {}).then(setFeed, () => undefined);
    const stops = [subscribe('marketdata.simulator', setSimulator), subscribe('marketdata.feed', setFeed)];
    return () => stops.forEach((stop) => stop());
  }, []);

  function choose(chosen: File | null) {
    setFile(chosen);
    setResult(null);
    setError(null);
    const guessed = chosen ? formatOf(chosen.name) : null;
    if (guessed) setFormat(guessed);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      setResult(await importPriceFile(file, { format, area }, setProgress));
    } catch (err) {
      if (err instanceof ImportTooLarge) setError(t('marketdata.tooLarge', { mb: err.message }));
      else setError(err);
    } finally {
      setProgress(null);
    }
  }

  async function toggleSimulator(on: boolean) {
    setError(null);
    try {
      setSimulator(await call(on ? 'marketdata.simulator.start' : 'marketdata.simulator.stop', {}));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="marketdata-panel">
      {hasRole(role, TRADING_ROLES) && (
        <form className="stack" onSubmit={submit} aria-label={t('marketdata.importTitle')}>
          <h3>{t('marketdata.importTitle')}</h3>
          <p className="muted">{t('marketdata.importHelp')}</p>
          <div className="row">
            <label className="field">
              <span>{t('marketdata.file')}</span>
              <input type="file" name="priceFile" accept=".csv,.txt,.xml" onChange={(e) => choose(e.target.files?.[0] ?? null)} />
            </label>
            <label className="field">
              <span>{t('marketdata.format')}</span>
              <select name="format" value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
                <option value="csv">{t('marketdata.formats.csv')}</option>
                <option value="entsoe">{t('marketdata.formats.entsoe')}</option>
              </select>
            </label>
            <label className="field">
              <span>{t('marketdata.area')}</span>
              <input name="area" dir="ltr" value={area} disabled={format !== 'csv'} onChange={(e) => setArea(e.target.value.toUpperCase())} />
            </label>
          </div>
          <button type="submit" className="primary" disabled={!file || progress !== null}>
            {progress === null ? t('marketdata.import') : t('marketdata.sending', { percent: Math.round(progress * 100) })}
          </button>
          {progress !== null && <progress value={progress} max={1} />}
        </form>
      )}
      <ErrorBanner error={error} />
      {result && <ImportReport result={result} />}
      <section className="stack">
        <h3>{t('marketdata.sources')}</h3>
        {simulator && (
          <div className="row source-row">
            <span>
              {t('marketdata.simulator')}: <strong>{simulator.running ? t('marketdata.running') : t('marketdata.stopped')}</strong>{' '}
              <span className="muted">{t('marketdata.simulatorStats', { products: simulator.products, orders: simulator.ordersPlaced, seed: simulator.seed })}</span>
            </span>
            {hasRole(role, ADMIN_ROLES) && (
              <button type="button" onClick={() => void toggleSimulator(!simulator.running)}>
                {simulator.running ? t('marketdata.stop') : t('marketdata.start')}
              </button>
            )}
          </div>
        )}
        {feed && (
          <div className="source-row">
            {t('marketdata.feed')}: <strong>{feed.enabled ? (feed.connected ? t('marketdata.connected') : t('marketdata.disconnected')) : t('marketdata.off')}</strong>{' '}
            <span className="muted" dir="ltr">{feed.topic}</span>{' '}
            <span className="muted">
              {t('marketdata.feedStats', { accepted: feed.accepted, dropped: feed.dropped })}
              {feed.lastTickAt !== null && ` · ${timeOfDay(feed.lastTickAt, i18n.language)}`}
            </span>
            {feed.lastDropCode && (
              <p className="muted" title={feed.lastDropReason ?? undefined}>
                {t('marketdata.lastDrop', { reason: t(`marketdata.drops.${feed.lastDropCode}`) })}
              </p>
            )}
          </div>
        )}
        {feed && hasRole(role, ADMIN_ROLES) && <FeedSettings feed={feed} onSaved={setFeed} />}
      </section>
    </div>
  );
}

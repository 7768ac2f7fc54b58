import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedSettingsView, FeedStatus } from '../../../../../src-shared/contract/marketdata';
import { call } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';

/**
 * Where the MQTT price feed comes from: an admin points the terminal at the desk's gateway. The
 * form starts from the stored settings, and the password is write-only: left empty it stays as it
 * is (saving or disabling the feed never wipes the account), removed only when asked.
 */
export function FeedSettings({ feed, onSaved }: { feed: FeedStatus; onSaved(feed: FeedStatus): void }) {
  const { t } = useTranslation();
  const [stored, setStored] = useState<FeedSettingsView | null>(null);
  const [url, setUrl] = useState(feed.url ?? 'mqtt://127.0.0.1:1883');
  const [site, setSite] = useState(feed.site);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    call('marketdata.feed.settings', {}).then((settings) => {
      setStored(settings);
      if (settings.url !== null) setUrl(settings.url);
      setSite(settings.site);
      setUsername(settings.username ?? '');
    }, setError);
  }, []);

  async function save(event: FormEvent, enabled: boolean) {
    event.preventDefault();
    setError(null);
    try {
      const secret = clearPassword ? { password: null } : password !== '' ? { password } : {};
      onSaved(await call('marketdata.feed.configure', { enabled, url, site, username: username || null, ...secret }));
      setStored(await call('marketdata.feed.settings', {}));
      setPassword('');
      setClearPassword(false);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="stack feed-settings" onSubmit={(e) => void save(e, true)} aria-label={t('marketdata.feedSettings')}>
      <div className="row">
        <label className="field">
          <span>{t('marketdata.brokerUrl')}</span>
          <input name="feedUrl" dir="ltr" value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('marketdata.site')}</span>
          <input name="feedSite" dir="ltr" value={site} onChange={(e) => setSite(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <label className="field">
          <span>{t('login.username')}</span>
          <input name="feedUser" dir="ltr" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            name="feedPassword"
            type="password"
            autoComplete="new-password"
            value={password}
            disabled={clearPassword}
            placeholder={stored?.passwordSet ? t('marketdata.keepPassword') : ''}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
      </div>
      {stored?.passwordSet && (
        <label className="check">
          <input type="checkbox" name="feedClearPassword" checked={clearPassword} onChange={(e) => setClearPassword(e.target.checked)} />
          <span>{t('marketdata.clearPassword')}</span>
        </label>
      )}
      <ErrorBanner error={error} />
      <div className="row">
        <button type="submit" className="primary">
          {feed.enabled ? t('marketdata.saveFeed') : t('marketdata.enableFeed')}
        </button>
        {feed.enabled && (
          <button type="button" onClick={(e) => void save(e, false)}>
            {t('marketdata.disableFeed')}
          </button>
        )}
      </div>
    </form>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedStatus } from '../../../../../src-shared/contract/marketdata';
import { call, subscribe } from '../../../transport/client';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { ltr } from '../../../ui/format';
import { FeedSettings } from '../../marketdata/public';

/** Where live prices come from: the MQTT feed's address and login, and whether it is on now. */
export function FeedArea() {
  const { t } = useTranslation();
  const [feed, setFeed] = useState<FeedStatus | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    call('marketdata.feed.status', {}).then(setFeed, setError);
    return subscribe('marketdata.feed', setFeed);
  }, []);

  return (
    <div className="settings-stack">
      <h2>{t('settings.feed.title')}</h2>
      <ErrorBanner error={error} />
      {feed && (
        <div className="settings-card">
          <p role="status">{feed.enabled ? t(feed.connected ? 'settings.feed.connected' : 'settings.feed.connecting', { url: ltr(feed.url ?? '—') }) : t('settings.feed.off')}</p>
          <FeedSettings feed={feed} onSaved={setFeed} />
        </div>
      )}
    </div>
  );
}

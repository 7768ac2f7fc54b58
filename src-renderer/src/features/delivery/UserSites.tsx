import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../../src-shared/domain/schemas';
import { call } from '../../transport/client';
import './delivery.css';

/** Each user's site (whose batteries back their local-market sells), for the admin's users table. */
export function useUserSites(onError: (err: unknown) => void): { sites: ReadonlyMap<number, string>; reload: () => Promise<void> } {
  const [sites, setSites] = useState<ReadonlyMap<number, string>>(new Map());
  const reload = useCallback(
    () => call('delivery.sites', {}).then((list) => setSites(new Map(list.map((s) => [s.userId, s.site]))), onError),
    [onError],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  return { sites, reload };
}

interface CellProps {
  user: UserView;
  site: string | null;
  onSaved: () => void;
  onError: (err: unknown) => void;
}

/** The site of one user: edit and save; empty removes it. */
export function UserSiteCell(props: CellProps) {
  // Keyed by the stored site, so the field starts over whenever the saved value changes.
  return <SiteField key={props.site ?? ''} {...props} />;
}

function SiteField({ user, site, onSaved, onError }: CellProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(site ?? '');
  const wanted = text.trim() === '' ? null : text.trim();

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      await call('delivery.setSite', { userId: user.id, site: wanted });
      onSaved();
    } catch (err) {
      onError(err);
    }
  }

  return (
    <form className="user-site" onSubmit={(e) => void save(e)} data-site-of={user.username}>
      <input name="site" dir="ltr" aria-label={t('delivery.siteOf', { name: user.username })} title={t('delivery.siteHint')} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="link" disabled={wanted === site}>
        {t('delivery.saveSite')}
      </button>
    </form>
  );
}

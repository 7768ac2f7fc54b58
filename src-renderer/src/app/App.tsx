import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { EnrolScreen } from './EnrolScreen';
import { LoginScreen } from './LoginScreen';
import { SetupScreen } from './SetupScreen';
import { usePrefs } from '../features/prefs/public';
// The session module itself, not the auth feature's index: the index brings the users panel, which
// belongs in the workspace chunk that loads behind the sign-in screen.
import { useSession } from '../features/auth/public';

// The sign-in screen must be usable at once; the workspace (charts, grids, docking) loads behind it.
const Workspace = lazy(() => import('./Workspace').then((m) => ({ default: m.Workspace })));

export function App() {
  const { t } = useTranslation();
  const phase = useSession((s) => s.phase);
  const init = useSession((s) => s.init);
  const loadPrefs = usePrefs((s) => s.loadFromServer);
  const prefsReady = usePrefs((s) => s.loaded);

  useEffect(() => {
    void init();
  }, [init]);

  useEffect(() => {
    if (phase === 'ready') void loadPrefs().catch(() => usePrefs.setState({ loaded: true }));
    else usePrefs.setState({ loaded: false });
  }, [phase, loadPrefs]);

  if (phase === 'loading') return <p className="center muted">{t('common.loading')}</p>;
  if (phase === 'unreachable') return <p className="center error">{t('common.connectionLost')}</p>;
  if (phase === 'setup') return <SetupScreen />;
  if (phase === 'login') return <LoginScreen />;
  if (phase === 'enrol') return <EnrolScreen />;
  const loading = <p className="center muted">{t('common.loading')}</p>;
  return prefsReady ? <Suspense fallback={loading}>{<Workspace />}</Suspense> : loading;
}

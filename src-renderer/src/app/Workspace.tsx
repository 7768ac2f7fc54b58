import { DockviewReact, type DockviewApi, type DockviewReadyEvent } from 'dockview-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyDefaultLayout } from './default-layouts';
import { LayoutMenu } from './LayoutMenu';
import { MarketClock } from './MarketClock';
import { HotkeyHelp } from './hotkeys/HotkeyHelp';
import { useHotkeys } from './hotkeys/useHotkeys';
import { PANELS } from './panel-registry';
import { DockTab } from './DockTab';
import { Toasts } from './Toasts';
import { DOCK_MESSAGES } from './dock-messages';
import { checkGates, useAlerts } from '../features/alerts/public';
import { usePrefs } from '../features/prefs/public';
import { AccountDialog, useSession } from '../features/auth/public';
import { DisplayToggles } from './DisplayToggles';
import { TradingControls, useTrading } from '../features/trading/public';
import { coreNow } from '../transport/core-clock';

export function Workspace() {
  const { t, i18n } = useTranslation();
  const user = useSession((s) => s.user);
  const logout = useSession((s) => s.logout);
  const connected = useSession((s) => s.connected);
  const theme = usePrefs((s) => s.theme);
  const layout = usePrefs((s) => s.layout);
  const setLayout = usePrefs((s) => s.setLayout);
  const load = useTrading((s) => s.load);
  const apiRef = useRef<DockviewApi | null>(null);
  const hotkeys = useHotkeys(apiRef);
  const [accountOpen, setAccountOpen] = useState(false);
  const closeAccount = useCallback(() => setAccountOpen(false), []);

  useEffect(() => {
    void load();
    void useAlerts.getState().load().catch(() => undefined);
    const timer = setInterval(() => checkGates(coreNow()), 5_000);
    return () => clearInterval(timer);
  }, [load]);

  // Panel titles follow the language without rebuilding the layout.
  useEffect(() => {
    for (const panel of apiRef.current?.panels ?? []) panel.api.setTitle(t(`panels.${panel.id}`));
  }, [i18n.language, t]);

  const setHelpOpen = hotkeys.setHelpOpen;
  const closeHelp = useCallback(() => setHelpOpen(false), [setHelpOpen]);

  function onReady(event: DockviewReadyEvent) {
    apiRef.current = event.api;
    let restored = false;
    if (layout) {
      try {
        event.api.fromJSON(layout as Parameters<DockviewApi['fromJSON']>[0]);
        restored = event.api.panels.length > 0;
      } catch {
        restored = false;
      }
    }
    if (!restored) applyDefaultLayout(event.api, t, user?.role);
    event.api.onDidLayoutChange(() => setLayout(event.api.toJSON()));
  }

  return (
    <div className="workspace">
      <header className="topbar">
        <div className="brand-inline">
          <span className="brand-mark" aria-hidden="true">⚡</span> {t('app.name')}
        </div>
        {!connected && (
          <div className="banner" role="alert">
            {t('common.connectionLost')}
          </div>
        )}
        <TradingControls />
        <div className="topbar-end">
          {hotkeys.status && (
            <span className="hotkey-status" role="status" data-testid="hotkey-status">
              {hotkeys.status}
            </span>
          )}
          <MarketClock />
          <LayoutMenu apiRef={apiRef} />
          <DisplayToggles />
          <button type="button" className="ghost" title={t('hotkeys.open')} aria-label={t('hotkeys.open')} onClick={() => hotkeys.setHelpOpen(true)}>
            ⌨
          </button>
          <button type="button" className="ghost user" data-testid="current-user" title={t('auth.account.open')} onClick={() => setAccountOpen(true)}>
            {user?.displayName} · {user ? t(`auth.roles.${user.role}`) : ''}
          </button>
          <button type="button" className="ghost" onClick={() => void logout()}>
            {t('common.signOut')}
          </button>
        </div>
      </header>
      <Toasts />
      {hotkeys.helpOpen && <HotkeyHelp map={hotkeys.map} onClose={closeHelp} />}
      {accountOpen && <AccountDialog onClose={closeAccount} />}
      <div className="dock">
        <DockviewReact
          className={theme === 'dark' ? 'dockview-theme-dark' : 'dockview-theme-light'}
          components={PANELS}
          defaultTabComponent={DockTab}
          messages={DOCK_MESSAGES}
          onReady={onReady}
        />
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePrefs } from '../../features/prefs/public';
import { DEFAULT_HOTKEYS, HOTKEY_ACTIONS, bindingProblem, comboOf, type HotkeyAction, type HotkeyMap } from './hotkey-map';
import './hotkeys.css';

/** The workspace's keys, listed, and changed one at a time by pressing the new key; saved with the user's prefs. */
export function HotkeyHelp({ map, onClose }: { map: HotkeyMap; onClose(): void }) {
  const { t } = useTranslation();
  const setHotkeys = usePrefs((s) => s.setHotkeys);
  const [capturing, setCapturing] = useState<HotkeyAction | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      // Capture phase: while the overlay is open no key reaches the workspace's hotkeys behind it.
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        if (capturing) setCapturing(null);
        else onClose();
        return;
      }
      if (!capturing) return;
      const combo = comboOf(event);
      if (!combo) return;
      event.preventDefault();
      event.stopPropagation();
      const refusal = bindingProblem(map, capturing, combo);
      if (refusal?.code === 'reserved') setProblem(t('hotkeys.reserved', { key: combo }));
      else if (refusal?.code === 'conflict') setProblem(t('hotkeys.conflict', { key: combo, action: t(`hotkeys.actions.${refusal.action}`) }));
      else {
        setProblem(null);
        setHotkeys({ ...map, [capturing]: combo });
      }
      setCapturing(null);
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [capturing, map, onClose, setHotkeys, t]);

  return (
    <div className="hotkey-backdrop" onClick={onClose}>
      <div className="hotkey-help" role="dialog" aria-modal="true" aria-labelledby="hotkey-title" onClick={(e) => e.stopPropagation()}>
        <h3 id="hotkey-title">{t('hotkeys.title')}</h3>
        <p className="muted">{t('hotkeys.typingNote')}</p>
        <table>
          <tbody>
            {HOTKEY_ACTIONS.map((action) => (
              <tr key={action} data-action={action}>
                <th scope="row">{t(`hotkeys.actions.${action}`)}</th>
                <td>
                  <kbd dir="ltr">{capturing === action ? t('hotkeys.press') : map[action]}</kbd>
                </td>
                <td>
                  <button type="button" className="ghost" aria-label={t('hotkeys.changeFor', { action: t(`hotkeys.actions.${action}`) })} onClick={() => { setProblem(null); setCapturing(action); }}>
                    {t('hotkeys.change')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <div className="row">
          <button type="button" className="ghost" onClick={() => { setProblem(null); setHotkeys({ ...DEFAULT_HOTKEYS }); }}>
            {t('hotkeys.reset')}
          </button>
          <button type="button" className="primary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}

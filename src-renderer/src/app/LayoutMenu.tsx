import type { DockviewApi } from 'dockview-react';
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { isPanelId, PANEL_DEFS } from './panel-registry';
import { usePrefs } from '../features/prefs/public';
import { useSession } from '../features/auth/public';
import { applyDefaultLayout } from './default-layouts';

const NAME = /^[\p{L}\p{N} ._-]{1,40}$/u;

/** Saved layouts by name, the default one, and every panel the user may open or bring back. */
export function LayoutMenu({ apiRef }: { apiRef: RefObject<DockviewApi | null> }) {
  const { t } = useTranslation();
  const role = useSession((s) => s.user?.role);
  const named = usePrefs((s) => s.namedLayouts);
  const current = usePrefs((s) => s.currentLayout);
  const saveLayoutAs = usePrefs((s) => s.saveLayoutAs);
  const applyNamedLayout = usePrefs((s) => s.applyNamedLayout);
  const deleteLayout = usePrefs((s) => s.deleteLayout);
  const [naming, setNaming] = useState<string | null>(null);
  const names = Object.keys(named).sort((a, b) => a.localeCompare(b));
  const panels = PANEL_DEFS.filter((p) => !p.roles || (role !== undefined && p.roles.includes(role)));

  function choose(value: string) {
    const api = apiRef.current;
    if (!api) return;
    if (value === '__default') applyDefaultLayout(api, t, role);
    else if (value === '__save') setNaming(current ?? '');
    else if (value === '__delete' && current) deleteLayout(current);
    else {
      const layout = applyNamedLayout(value);
      if (layout) api.fromJSON(layout as Parameters<DockviewApi['fromJSON']>[0]);
    }
  }

  function openPanel(id: string) {
    const api = apiRef.current;
    if (!api || !isPanelId(id)) return;
    const existing = api.getPanel(id);
    if (existing) existing.api.setActive();
    else api.addPanel({ id, component: id, title: t(`panels.${id}`), floating: false });
  }

  function save() {
    const api = apiRef.current;
    if (!api || naming === null || !NAME.test(naming.trim())) return;
    saveLayoutAs(naming.trim(), api.toJSON());
    setNaming(null);
  }

  if (naming !== null) {
    const invalid = naming.trim() !== '' && !NAME.test(naming.trim());
    return (
      <form
        className="layout-save"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        onKeyDown={(e) => e.key === 'Escape' && setNaming(null)}
      >
        <input name="layoutName" autoFocus aria-label={t('layouts.name')} placeholder={t('layouts.name')} aria-invalid={invalid} value={naming} onChange={(e) => setNaming(e.target.value)} />
        <button type="submit" className="primary" disabled={naming.trim() === '' || invalid}>
          {t('layouts.save')}
        </button>
        <button type="button" className="ghost" onClick={() => setNaming(null)}>
          {t('common.close')}
        </button>
      </form>
    );
  }

  return (
    <div className="layout-menu">
      <select aria-label={t('layouts.panels')} name="openPanel" value="" onChange={(e) => openPanel(e.target.value)}>
        <option value="">{t('layouts.panels')}</option>
        {panels.map((p) => (
          <option key={p.id} value={p.id}>
            {t(`panels.${p.id}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('layouts.title')} name="layout" value={current ?? ''} onChange={(e) => choose(e.target.value)}>
        <option value="" disabled>
          {t('layouts.title')}
        </option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
        <option value="__save">{t('layouts.saveAs')}</option>
        <option value="__default">{t('common.resetLayout')}</option>
        {current && <option value="__delete">{t('layouts.delete', { name: current })}</option>}
      </select>
    </div>
  );
}

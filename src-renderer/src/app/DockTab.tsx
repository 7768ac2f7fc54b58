import type { IDockviewPanelHeaderProps } from 'dockview-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A panel's tab. Dockview's own tab puts a focus-less "button" inside the tab, which screen readers
 * still reach and axe reports as a nested control; here the close mark is for the pointer only, and
 * the keyboard closes the focused tab with Delete or Backspace (dockview's tab list handles those).
 */
export function DockTab({ api }: IDockviewPanelHeaderProps) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(api.title ?? '');

  useEffect(() => {
    const changed = api.onDidTitleChange((event) => setTitle(event.title));
    return () => changed.dispose();
  }, [api]);

  return (
    <div className="dv-default-tab">
      <div className="dv-default-tab-content">{title}</div>
      <div
        className="dv-default-tab-action"
        aria-hidden="true"
        title={t('dock.closeTab', { title })}
        // A press on the mark must not start dragging the tab.
        onPointerDown={(event) => event.stopPropagation()}
        onClick={(event) => {
          event.stopPropagation();
          api.close();
        }}
      >
        {/* A drawn mark, not a "×" character, so the tab's text is its title alone. */}
        <svg className="dv-svg" width="11" height="11" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
          <path d="M2.1 27.3L0 25.2L11.55 13.65L0 2.1L2.1 0L13.65 11.55L25.2 0L27.3 2.1L15.75 13.65L27.3 25.2L25.2 27.3L13.65 15.75L2.1 27.3Z" />
        </svg>
      </div>
    </div>
  );
}

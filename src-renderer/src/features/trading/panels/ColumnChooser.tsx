import { useTranslation } from 'react-i18next';

/**
 * Which columns a table shows and in which order: a checkbox per column and buttons that move it
 * earlier or later. `chosen` is the shown ids in order; the rest are listed after them, unticked.
 */
export function ColumnChooser({ all, chosen, header, onChange }: { all: readonly string[]; chosen: readonly string[]; header(id: string): string; onChange(next: string[] | null): void }) {
  const { t } = useTranslation();
  const listed = [...chosen, ...all.filter((id) => !chosen.includes(id))];

  function toggle(id: string) {
    if (chosen.includes(id)) {
      // A table with no column shows nothing to bring the others back from.
      if (chosen.length > 1) onChange(chosen.filter((c) => c !== id));
    } else {
      onChange([...chosen, id]);
    }
  }

  function move(id: string, by: -1 | 1) {
    const next = [...chosen];
    const from = next.indexOf(id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= next.length) return;
    [next[from], next[to]] = [next[to]!, next[from]!];
    onChange(next);
  }

  return (
    <details className="column-chooser">
      <summary className="ghost">{t('blotter.columns.open')}</summary>
      <div className="column-chooser-menu" role="group" aria-label={t('blotter.columns.title')}>
        <ul>
          {listed.map((id) => {
            const index = chosen.indexOf(id);
            return (
              <li key={id} data-column={id}>
                <label>
                  <input type="checkbox" name={`column-${id}`} checked={index >= 0} disabled={index >= 0 && chosen.length === 1} onChange={() => toggle(id)} />
                  {header(id)}
                </label>
                <button type="button" className="link" aria-label={t('blotter.columns.earlier', { column: header(id) })} title={t('blotter.columns.earlier', { column: header(id) })} disabled={index <= 0} onClick={() => move(id, -1)}>
                  ↑
                </button>
                <button type="button" className="link" aria-label={t('blotter.columns.later', { column: header(id) })} title={t('blotter.columns.later', { column: header(id) })} disabled={index < 0 || index === chosen.length - 1} onClick={() => move(id, 1)}>
                  ↓
                </button>
              </li>
            );
          })}
        </ul>
        <button type="button" className="ghost" name="columns-reset" onClick={() => onChange(null)}>
          {t('blotter.columns.reset')}
        </button>
      </div>
    </details>
  );
}

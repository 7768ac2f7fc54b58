import { useTranslation } from 'react-i18next';
import type { SettingsDiffRow } from '../../../../../src-shared/contract/settings';
import { areaText, diffValueText, fieldText } from '../diff-text';

/** What applying a file would change, one row per field, the current value beside the file's. */
export function DiffTable({ rows }: { rows: readonly SettingsDiffRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="notice">{t('settings.transfer.noChanges')}</p>;
  return (
    <table className="admin-table settings-diff">
      <caption>{t('settings.transfer.diffCaption', { count: rows.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('settings.transfer.area')}</th>
          <th scope="col">{t('settings.transfer.field')}</th>
          <th scope="col">{t('settings.transfer.from')}</th>
          <th scope="col">{t('settings.transfer.to')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.area}.${row.field}`}>
            <td>{areaText(row.area, t)}</td>
            <td>{fieldText(row.area, row.field, t)}</td>
            {/* A secret's sides are words about it, not values: they wrap as text does. */}
            <td className={row.secret ? undefined : 'settings-value'}>{diffValueText(row, row.from, 'from', t)}</td>
            <td className={row.secret ? undefined : 'settings-value'}>{diffValueText(row, row.to, 'to', t)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

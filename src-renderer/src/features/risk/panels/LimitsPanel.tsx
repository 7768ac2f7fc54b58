import type { TFunction } from 'i18next';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMIT_KEYS, type LimitKey, type LimitsRow, type RiskLimitsInput } from '../../../../../src-shared/contract/risk';
import { RISK_ROLES } from '../../../../../src-shared/contract/kit';
import { call, subscribe } from '../../../transport/client';
import { hasRole, useSession } from '../../auth/public';
import { parseEur } from '../risk-format';
import { limitFromText, limitShown, limitText } from '../risk-units';
import './risk.css';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { DataTable } from '../../../ui/table/DataTable';
import type { Column } from '../../../ui/table/table-model';
import '../../../ui/analysis-panel.css';
import { portfoliosOf, refreshPeople, usePeople } from '../people';
import { DeskStop } from './DeskStop';
import { GuardEditor } from './GuardEditor';
import { StoppedUsers } from './StoppedUsers';

/** A limit as the table shows it, marked when it is the terminal's default rather than the book's own. */
function shown(t: TFunction, row: LimitsRow, key: LimitKey): string {
  const text = limitShown(key, row.limits[key]);
  return row.fromDefaults.includes(key) ? t('risk.defaults.marked', { value: text }) : text;
}

/** Rows the limits table shows before it scrolls: the editor and the target form sit below it. */
const LIMIT_ROWS_SHOWN = 8;

function limitColumns(t: TFunction): readonly Column<LimitsRow>[] {
  return [
    { id: 'target', value: (r) => r.label, text: (r) => (r.scope === 'portfolio' ? t('risk.portfolioNamed', { name: r.label }) : r.label) },
    ...LIMIT_KEYS.map((k): Column<LimitsRow> => ({ id: k, value: (r) => r.limits[k] ?? -1, text: (r) => shown(t, r, k), numeric: true })),
    { id: 'updatedBy', value: (r) => r.updatedBy ?? '—' },
  ];
}

function Editor({ row, onSaved }: { row: LimitsRow; onSaved(row: LimitsRow): void }) {
  const { t } = useTranslation();
  // Only the book's own limits are its values; a default shows as the placeholder and stays the default when left empty.
  const own = (key: LimitKey) => (row.fromDefaults.includes(key) ? undefined : row.limits[key]);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(LIMIT_KEYS.map((k) => [k, limitText(k, own(k))])));
  const [error, setError] = useState<unknown>(null);
  async function save() {
    const limits: RiskLimitsInput = {};
    for (const key of LIMIT_KEYS) {
      const value = limitFromText(key, texts[key] ?? '');
      if (value === 'bad') return setError(t('risk.limitBad', { limit: t(`risk.limits.${key}`) }));
      limits[key] = value;
    }
    try {
      const target = row.scope === 'user' ? { userId: Number(row.id) } : { portfolio: row.id };
      onSaved(await call('risk.limits.set', { ...target, limits }));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form
      className="risk-limits-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {LIMIT_KEYS.map((key) => (
        <label key={key} className="field">
          <span>{t(`risk.limits.${key}`)}</span>
          <input
            name={key}
            inputMode="decimal"
            placeholder={row.fromDefaults.includes(key) ? t('risk.defaults.placeholder', { value: limitShown(key, row.limits[key]) }) : t('risk.noLimit')}
            value={texts[key] ?? ''} onChange={(e) => setTexts({ ...texts, [key]: e.target.value })} />
        </label>
      ))}
      <button type="submit" className="primary">
        {t('risk.saveLimits')}
      </button>
      <ErrorBanner error={error} />
    </form>
  );
}

async function fetchLimits(canEdit: boolean): Promise<{ rows: LimitsRow[]; deskKill: boolean; fee: string }> {
  const [rows, status, fee] = await Promise.all([canEdit ? call('risk.limits.list', {}) : call('risk.limits.get', {}).then((row) => [row]), call('risk.deskStatus', {}), call('risk.fees.get', {})]);
  return { rows, deskKill: status.deskKill, fee: String(fee.feePerMwhMoney / 100_000) };
}

/** Limits per user and portfolio (editable by risk managers and admins), the desk kill switch and the fee. */
export function LimitsPanel() {
  const { t } = useTranslation();
  const role = useSession((s) => s.user?.role);
  const canEdit = hasRole(role, RISK_ROLES);
  const [rows, setRows] = useState<LimitsRow[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const people = usePeople(canEdit);
  const [deskKill, setDeskKill] = useState(false);
  const [fee, setFee] = useState('');
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    () =>
      fetchLimits(canEdit).then(
        (data) => {
          setRows(data.rows);
          setDeskKill(data.deskKill);
          setFee(data.fee);
        },
        (err: unknown) => setError(err),
      ),
    [canEdit],
  );

  useEffect(() => {
    void load();
    const stops = [subscribe('risk.limits', () => void load()), subscribe('risk.defaults', () => void load()), subscribe('risk.deskKill', (e) => setDeskKill(e.active))];
    return () => stops.forEach((stop) => stop());
  }, [load]);

  const key = (r: LimitsRow) => `${r.scope}:${r.id}`;
  const current = rows.find((r) => key(r) === selected) ?? null;
  const columns = useMemo(() => limitColumns(t), [t]);

  /** Opens the limits of a person or portfolio picked by name (`user:<id>` or `portfolio:<name>`). */
  function openTarget(value: string) {
    const [scope, id = ''] = value.split(/:(.*)/) as ['user' | 'portfolio', string];
    if (!id) return;
    const picked = `${scope}:${id}`;
    if (rows.some((r) => key(r) === picked)) return setSelected(picked);
    // A book with no limits of its own yet: the core says which defaults it has.
    call('risk.limits.get', scope === 'user' ? { userId: Number(id) } : { portfolio: id }).then((row) => {
      setRows((all) => (all.some((r) => key(r) === key(row)) ? all : [...all, row]));
      setSelected(key(row));
    }, setError);
  }

  async function act(run: () => Promise<unknown>) {
    try {
      await run();
      setError(null);
      await load();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="analysis-panel analysis-scroll">
      {canEdit && (
        <div className="analysis-toolbar">
          <DeskStop active={deskKill} users={people.filter((p) => !p.system).length} onDone={() => void act(() => Promise.resolve())} onError={setError} />
          <form
            className="analysis-inline"
            onSubmit={(e) => {
              e.preventDefault();
              const money = parseEur(fee);
              if (money === null || money < 0) return setError(t('risk.badAmount'));
              void act(() => call('risk.fees.set', { feePerMwhMoney: money }));
            }}
          >
            <label className="analysis-inline">
              <span className="muted">{t('risk.feePerMwh')}</span>
              <input name="fee" inputMode="decimal" value={fee} onChange={(e) => setFee(e.target.value)} />
            </label>
            <button type="submit">{t('risk.setFee')}</button>
          </form>
        </div>
      )}
      {deskKill && <p className="notice">{t('risk.deskStopped')}</p>}
      <ErrorBanner error={error} />
      <DataTable
        name="limits"
        label={t('panels.limits')}
        className="risk-table"
        columns={columns}
        header={(id) => (id === 'target' ? t('risk.limitsFor') : id === 'updatedBy' ? t('risk.updatedBy') : t(`risk.limits.${id}`))}
        rows={rows}
        rowKey={key}
        gridTemplate={`minmax(140px, 2fr) repeat(${LIMIT_KEYS.length}, minmax(90px, 1fr)) minmax(90px, 1fr)`}
        minWidth={1000}
        empty={t('risk.noLimit')}
        fitRows={Math.min(Math.max(rows.length, 1), LIMIT_ROWS_SHOWN)}
        selectedKey={selected}
        onRowClick={canEdit ? (r) => setSelected(key(r)) : undefined}
      />
      {canEdit && (
        <>
          <label className="analysis-inline">
            <span className="muted">{t('risk.editLimits')}</span>
            <select name="limitTarget" aria-label={t('risk.editLimits')} value={current ? key(current) : ''} onFocus={refreshPeople} onChange={(e) => openTarget(e.target.value)}>
              <option value="">{t('risk.pick')}</option>
              <optgroup label={t('risk.people')}>
                {people
                  .filter((p) => !p.system)
                  .map((p) => (
                    <option key={p.userId} value={`user:${p.userId}`}>
                      {p.username}
                    </option>
                  ))}
              </optgroup>
              {portfoliosOf(people).length > 0 && (
                <optgroup label={t('risk.portfolios')}>
                  {portfoliosOf(people).map((name) => (
                    <option key={name} value={`portfolio:${name}`}>
                      {t('risk.portfolioNamed', { name })}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
          {current && (
            <Editor
              key={key(current)}
              row={current}
              onSaved={(row) => {
                setRows((all) => all.map((r) => (key(r) === key(row) ? row : r)));
              }}
            />
          )}
          {current?.scope === 'user' && <GuardEditor key={current.id} userId={Number(current.id)} />}
          <StoppedUsers />
        </>
      )}
      <p className="muted analysis-note">{t('risk.limitUnits')}</p>
    </div>
  );
}

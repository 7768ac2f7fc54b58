import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DeviceTypeSchema, type DeviceView } from '../../../../../src-shared/contract/devices';
import { call } from '../../../transport/client';
import { useNow } from '../../../ui/hooks/useNow';
import { useDevices } from '../devices';
import { DeviceForm } from './DeviceForm';
import { IssueLogins } from './IssueLogins';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { errorText } from '../../../ui/errors/error-text';
import { formatAge, formatW, formatWh, ltr } from '../format';
import { useDeviceRoles } from '../roles';
import './devices.css';

const ROW_HEIGHT = 30;
type StatusFilter = 'all' | 'online' | 'offline' | 'disabled';
const COLUMNS = ['status', 'name', 'site', 'type', 'rated', 'capacity', 'power', 'soc', 'firmware', 'lastSeen', 'actions'] as const;
type Column = (typeof COLUMNS)[number];
type SortKey = Exclude<Column, 'actions'>;

/** Offline first when sorting by state: those are the rows an operator has to act on. */
const stateRank = (d: DeviceView) => (!d.enabled ? 2 : d.online ? 1 : 0);
const byKey: Record<SortKey, (a: DeviceView, b: DeviceView) => number> = {
  status: (a, b) => stateRank(a) - stateRank(b),
  name: (a, b) => a.name.localeCompare(b.name),
  site: (a, b) => a.site.localeCompare(b.site),
  type: (a, b) => a.type.localeCompare(b.type),
  rated: (a, b) => a.ratedPowerW - b.ratedPowerW,
  capacity: (a, b) => (a.capacityWh ?? -1) - (b.capacityWh ?? -1),
  power: (a, b) => (a.latest?.powerW ?? -Infinity) - (b.latest?.powerW ?? -Infinity),
  soc: (a, b) => (a.latest?.socPct ?? -1) - (b.latest?.socPct ?? -1),
  firmware: (a, b) => a.firmware.localeCompare(b.firmware),
  lastSeen: (a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0),
};

function matches(device: DeviceView, query: string, type: string, status: StatusFilter): boolean {
  if (type !== 'all' && device.type !== type) return false;
  if (status === 'online' && !(device.enabled && device.online)) return false;
  if (status === 'offline' && !(device.enabled && !device.online)) return false;
  if (status === 'disabled' && device.enabled) return false;
  if (query === '') return true;
  const haystack = `${device.site} ${device.name} ${device.model} ${device.firmware}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/** All devices of the plant: who is online, what they can do, and the operator's edits. */
export function DeviceRegistry() {
  const { t } = useTranslation();
  const devices = useDevices((s) => s.devices);
  const selectedId = useDevices((s) => s.selectedId);
  const select = useDevices((s) => s.select);
  const load = useDevices((s) => s.load);
  const loadError = useDevices((s) => s.loadError);
  const { canOperate, isAdmin } = useDeviceRoles();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query.trim());
  const [type, setType] = useState('all');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'site', dir: 1 });
  const [status, setStatus] = useState<StatusFilter>('all');
  const [editing, setEditing] = useState<DeviceView | 'new' | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // "Time since" is read against this clock, so every row ages live without new data.
  const now = useNow(1_000);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(
    () =>
      devices
        .filter((d) => matches(d, deferredQuery, type, status))
        .sort((a, b) => sort.dir * byKey[sort.key](a, b) || a.site.localeCompare(b.site) || a.name.localeCompare(b.name)),
    [devices, deferredQuery, type, status, sort],
  );
  const removing = confirmRemove === null ? undefined : devices.find((d) => d.id === confirmRemove);
  const online = useMemo(() => devices.filter((d) => d.enabled && d.online).length, [devices]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  // Arrow keys walk the selection through the filtered list, so telemetry and commands follow along.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const index = shown.findIndex((d) => d.id === selectedId);
    const next = Math.min(shown.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)));
    const device = shown[next];
    if (!device) return;
    select(device.id);
    virtualizer.scrollToIndex(next);
  }

  function run(action: Promise<unknown>) {
    setError(null);
    action.catch((err: unknown) => setError(errorText(err, t)));
  }

  if (editing) {
    return (
      <section className="dev-panel" aria-label={t('panels.devices')}>
        <DeviceForm
          {...(editing === 'new' ? {} : { device: editing })}
          canSetLogin={isAdmin}
          onCancel={() => setEditing(null)}
          onDone={(device) => {
            setEditing(null);
            select(device.id);
          }}
        />
      </section>
    );
  }

  return (
    <section className="dev-panel dev-registry" aria-label={t('panels.devices')}>
      <div className="dev-toolbar">
        <input
          type="search"
          className="dev-search"
          placeholder={t('devices.search')}
          aria-label={t('devices.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select aria-label={t('devices.col.type')} value={type} onChange={(e) => setType(e.target.value)}>
          <option value="all">{t('devices.allTypes')}</option>
          {DeviceTypeSchema.options.map((ty) => (
            <option key={ty} value={ty}>
              {t(`devices.type.${ty}`)}
            </option>
          ))}
        </select>
        <select aria-label={t('devices.col.status')} value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
          {(['all', 'online', 'offline', 'disabled'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`devices.filter.${s}`)}
            </option>
          ))}
        </select>
        <span className="muted dev-count" data-testid="devices-count">
          {t('devices.count', { online, total: devices.length, shown: shown.length })}
        </span>
        {canOperate && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('devices.add')}
          </button>
        )}
        {isAdmin && <IssueLogins devices={shown} onError={setError} />}
      </div>
      <ErrorBanner error={error ?? loadError} onDismiss={() => setError(null)} />
      {removing && (
        <div className="dev-message error" role="alertdialog" aria-label={t('devices.remove')}>
          <span>{t('devices.confirmRemoveOf', { device: ltr(`${removing.site} / ${removing.name}`) })}</span>
          <span className="dev-message-actions">
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirmRemove(null);
                run(call('devices.remove', { deviceId: removing.id }));
              }}
            >
              {t('devices.remove')}
            </button>
            <button type="button" className="ghost" onClick={() => setConfirmRemove(null)}>
              {t('devices.cancel')}
            </button>
          </span>
        </div>
      )}
      <div className="dev-table" role="table" aria-label={t('panels.devices')} aria-rowcount={shown.length + 1}>
        <div className="dev-row dev-head" role="row">
          {COLUMNS.map((c) =>
            c === 'actions' ? (
              <span key={c} role="columnheader" className="col-actions">
                {t('devices.col.actions')}
              </span>
            ) : (
              <span key={c} role="columnheader" className={`col-${c}`} aria-sort={sort.key === c ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                <button type="button" className="dev-sort" onClick={() => setSort((p) => ({ key: c, dir: p.key === c ? (p.dir === 1 ? -1 : 1) : 1 }))}>
                  {t(`devices.col.${c}`)}
                  {sort.key === c ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                </button>
              </span>
            ),
          )}
        </div>
        {shown.length === 0 && <p className="muted empty">{devices.length === 0 ? t('devices.empty') : t('devices.noMatch')}</p>}
        <div className="dev-body" role="rowgroup" ref={scrollRef} tabIndex={0} onKeyDown={onKeyDown} aria-label={t('devices.keyboardHint')}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const d = shown[item.index];
              if (!d) return null;
              const state = !d.enabled ? 'disabled' : d.online ? 'online' : 'offline';
              const since = d.lastSeen === null ? null : now - d.lastSeen;
              return (
                <div
                  key={d.id}
                  role="row"
                  data-device={`${d.site}/${d.name}`}
                  aria-selected={d.id === selectedId}
                  className={`dev-row state-${state}${d.id === selectedId ? ' selected' : ''}`}
                  style={{ position: 'absolute', insetInlineStart: 0, insetInlineEnd: 0, top: item.start, height: ROW_HEIGHT }}
                  onClick={() => select(d.id)}
                >
                  <span role="cell" className="col-status">
                    <span className={`dev-dot ${state}`} aria-hidden="true" />
                    {t(`devices.state.${state}`)}
                  </span>
                  <span role="cell" className="col-name" title={d.model}>
                    {d.name}
                    <span className="dev-site-suffix muted"> · {d.site}</span>
                  </span>
                  <span role="cell" className="col-site">
                    {d.site}
                  </span>
                  <span role="cell" className="col-type">
                    {t(`devices.type.${d.type}`)}
                    {d.source === 'manual' && <span className="muted" title={t('devices.manual')}> ✎</span>}
                  </span>
                  <span role="cell" className="col-rated num" dir="ltr">{formatW(d.ratedPowerW)}</span>
                  <span role="cell" className="col-capacity num" dir="ltr">{d.capacityWh === null ? '—' : formatWh(d.capacityWh)}</span>
                  <span role="cell" className="col-power num" dir="ltr">{formatW(d.latest?.powerW)}</span>
                  <span role="cell" className="col-soc num" dir="ltr">{d.latest?.socPct == null ? '—' : `${d.latest.socPct.toFixed(1)} %`}</span>
                  <span role="cell" className="col-firmware">{d.firmware || '—'}</span>
                  <span role="cell" className="col-lastSeen" title={since === null ? '' : new Date(d.lastSeen ?? 0).toISOString()}>
                    {since === null ? t('devices.never') : t('devices.ago', { age: formatAge(since, t) })}
                  </span>
                  <span role="cell" className="col-actions" onClick={(e) => e.stopPropagation()}>
                    {canOperate && (
                      <>
                        <button type="button" className="icon" onClick={() => setEditing(d)} aria-label={t('devices.edit')} title={t('devices.edit')}>
                          ✎
                        </button>
                        <button
                          type="button"
                          className="icon"
                          onClick={() => run(call('devices.setEnabled', { deviceId: d.id, enabled: !d.enabled }))}
                          aria-label={d.enabled ? t('devices.disable') : t('devices.enable')}
                          title={d.enabled ? t('devices.disable') : t('devices.enable')}
                        >
                          {d.enabled ? '⏸' : '▶'}
                        </button>
                        <button type="button" className="icon danger-link" onClick={() => setConfirmRemove(d.id)} aria-label={t('devices.remove')} title={t('devices.remove')}>
                          🗑
                        </button>
                      </>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}

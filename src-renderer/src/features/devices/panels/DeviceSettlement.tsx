import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { SettlementView } from '../../../../../src-shared/contract/devices';
import { call } from '../../../transport/client';
import { useDevices } from '../devices';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { errorText } from '../../../ui/errors/error-text';
import { formatClock, formatMinute, formatWh } from '../format';
import './devices.css';
import { coreNow } from '../../../transport/core-clock';

const ROW_HEIGHT = 28;
const DAY = 86_400_000;
const PERIODS = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY } as const;
type Period = keyof typeof PERIODS;
type Scope = 'site' | 'device' | 'all';
const COLUMNS = ['interval', 'scope', 'site', 'device', 'import', 'export', 'net', 'readings', 'complete'] as const;

/** Net energy per interval, per device and per site, as the core settled it (each interval once). */
export function DeviceSettlement() {
  const { t, i18n } = useTranslation();
  const siteList = useDevices(useShallow((s) => s.devices.map((d) => d.site)));
  const revision = useDevices((s) => s.settlementRevision);
  const load = useDevices((s) => s.load);
  const sites = useMemo(() => [...new Set(siteList)].sort(), [siteList]);
  const [site, setSite] = useState('');
  const [scope, setScope] = useState<Scope>('site');
  const [period, setPeriod] = useState<Period>('24h');
  const [device, setDevice] = useState('');
  const [rows, setRows] = useState<SettlementView[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    let cancelled = false;
    const to = coreNow();
    call('devices.settlements', { from: to - PERIODS[period], to, scope, limit: 100_000, ...(site ? { site } : {}) })
      .then((result) => {
        if (cancelled) return;
        setError(null);
        setRows(result);
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(errorText(err, t));
      });
    return () => {
      cancelled = true;
    };
  }, [site, scope, period, revision, t]);

  const deviceNames = useMemo(() => [...new Set(rows.filter((r) => r.device !== null).map((r) => `${r.site}/${r.device}`))].sort(), [rows]);
  const shown = useMemo(
    () =>
      rows
        .filter((r) => device === '' || r.scope === 'site' || `${r.site}/${r.device}` === device)
        .sort((a, b) => b.intervalStart - a.intervalStart || a.site.localeCompare(b.site) || (a.device ?? '').localeCompare(b.device ?? '')),
    [rows, device],
  );
  // Site rows already sum their devices: adding both would count the energy twice.
  const totals = useMemo(() => {
    const basis = shown.filter((r) => (scope === 'all' ? r.scope === 'site' : true));
    return basis.reduce((acc, r) => ({ importWh: acc.importWh + r.importWh, exportWh: acc.exportWh + r.exportWh, netWh: acc.netWh + r.netWh }), {
      importWh: 0,
      exportWh: 0,
      netWh: 0,
    });
  }, [shown, scope]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  return (
    <section className="dev-panel dev-settlement" aria-label={t('panels.deviceSettlement')}>
      <div className="dev-toolbar">
        <select aria-label={t('devices.col.site')} value={site} onChange={(e) => setSite(e.target.value)} dir="ltr">
          <option value="">{t('devices.settle.allSites')}</option>
          {sites.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select aria-label={t('devices.settle.scopeLabel')} value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
          {(['site', 'device', 'all'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`devices.settle.scopes.${s}`)}
            </option>
          ))}
        </select>
        {scope !== 'site' && (
          <select aria-label={t('devices.device')} value={device} onChange={(e) => setDevice(e.target.value)} dir="ltr">
            <option value="">{t('devices.settle.allDevices')}</option>
            {deviceNames.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        )}
        <div className="dev-segmented" role="radiogroup" aria-label={t('devices.settle.period')}>
          {(Object.keys(PERIODS) as Period[]).map((p) => (
            <button key={p} type="button" role="radio" aria-checked={period === p} className={period === p ? 'active' : ''} onClick={() => setPeriod(p)}>
              {t(`devices.telemetry.ranges.${p}`)}
            </button>
          ))}
        </div>
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <div className="dev-table" role="table" aria-label={t('panels.deviceSettlement')} aria-rowcount={shown.length + 2}>
        <div className="settle-row dev-head" role="row">
          {COLUMNS.map((c) => (
            <span key={c} role="columnheader" className={`col-${c}`}>
              {t(`devices.settle.col.${c}`)}
            </span>
          ))}
        </div>
        <div className="settle-row settle-total" role="row">
          <span role="cell" className="col-interval">{t('devices.settle.total', { n: shown.length })}</span>
          <span role="cell" />
          <span role="cell" />
          <span role="cell" />
          <span role="cell" className="num" dir="ltr">{formatWh(totals.importWh)}</span>
          <span role="cell" className="num" dir="ltr">{formatWh(totals.exportWh)}</span>
          <span role="cell" className={`num ${totals.netWh >= 0 ? 'net-export' : 'net-import'}`} dir="ltr">{formatWh(totals.netWh)}</span>
          <span role="cell" />
          <span role="cell" />
        </div>
        {shown.length === 0 && <p className="muted empty">{t('devices.settle.none')}</p>}
        <div className="dev-body" ref={scrollRef}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const r = shown[item.index];
              if (!r) return null;
              return (
                <div
                  key={`${r.intervalStart}-${r.scope}-${r.site}-${r.deviceId ?? ''}`}
                  role="row"
                  className={`settle-row scope-${r.scope}${r.complete ? '' : ' incomplete'}`}
                  style={{ position: 'absolute', insetInlineStart: 0, insetInlineEnd: 0, top: item.start, height: ROW_HEIGHT }}
                >
                  <span role="cell" className="col-interval" title={`${formatMinute(r.intervalStart, 'en')} – ${formatClock(r.intervalEnd)}`}>
                    {formatMinute(r.intervalStart, i18n.language)}
                  </span>
                  <span role="cell" className="col-scope">{t(`devices.settle.scope.${r.scope}`)}</span>
                  <span role="cell" className="col-site">{r.site}</span>
                  <span role="cell" className="col-device">{r.device ?? '—'}</span>
                  <span role="cell" className="col-import num" dir="ltr">{formatWh(r.importWh)}</span>
                  <span role="cell" className="col-export num" dir="ltr">{formatWh(r.exportWh)}</span>
                  <span role="cell" className={`col-net num ${r.netWh >= 0 ? 'net-export' : 'net-import'}`} dir="ltr">{formatWh(r.netWh)}</span>
                  <span role="cell" className="col-readings num" dir="ltr">{r.readings}</span>
                  <span role="cell" className="col-complete" title={r.complete ? '' : t('devices.settle.incompleteHelp')}>
                    {r.complete ? '✓' : t('devices.settle.incomplete')}
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

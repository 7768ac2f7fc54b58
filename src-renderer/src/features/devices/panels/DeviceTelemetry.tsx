import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TelemetryPoint, TelemetryResolution } from '../../../../../src-shared/contract/devices';
import { call, subscribe } from '../../../transport/client';
import { useDevices } from '../devices';
import { usePrefs } from '../../prefs/public';
import { DevicePicker } from './DevicePicker';
import { ErrorBanner } from '../../../ui/errors/ErrorBanner';
import { errorText } from '../../../ui/errors/error-text';
import { formatNumber, formatStamp } from '../format';
import { METRICS, presentMetrics, type MetricDef } from '../metrics';
import { MetricChart, type Tail } from './MetricChart';
import './devices.css';
import { coreNow } from '../../../transport/core-clock';

const HOUR = 3_600_000;
const RANGES = { '1h': HOUR, '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR } as const;
type Range = keyof typeof RANGES;
/** 7 days of 1-minute buckets is 10,080 points: above the contract's default limit of 10,000. */
const LIMIT = 50_000;
/** Live readings come per ingest flush; one catch-up query a second is plenty for a person. */
const LIVE_THROTTLE_MS = 1_000;
/** Devices' clocks may run ahead (the core clamps within its skew limit); ask a little into the future. */
const AHEAD_MS = 5 * 60_000;
/** Enough recent points that a metric reported only now and then still shows its latest value. */
const RECENT_KEPT = 200;

interface Loaded {
  deviceId: number;
  range: Range;
  resolution: TelemetryResolution;
  points: TelemetryPoint[];
}

function latestValue(points: readonly TelemetryPoint[], def: MetricDef, index = 0): number | null {
  const line = def.lines[index];
  if (!line) return null;
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i]?.[line.field];
    if (v !== null && v !== undefined) return v / line.divisor;
  }
  return null;
}

/** Charts of the selected device over a chosen range, kept live from the core's telemetry events. */
export function DeviceTelemetry() {
  const { t, i18n } = useTranslation();
  const deviceId = useDevices((s) => s.selectedId);
  // Only the type matters here; selecting the whole device would re-render on every live reading.
  const deviceType = useDevices((s) => s.devices.find((d) => d.id === s.selectedId)?.type);
  const load = useDevices((s) => s.load);
  const theme = usePrefs((s) => s.theme);
  const [range, setRange] = useState<Range>('1h');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [tail, setTail] = useState<Tail>({ seq: 0, points: [] });
  const [recent, setRecent] = useState<TelemetryPoint[]>([]);
  /** Points appended live since the history load (a re-read aggregate bucket is not a new point). */
  const [appended, setAppended] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef<{ deviceId: number; resolution: TelemetryResolution; from: number } | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (deviceId === null) return;
    let cancelled = false;
    const to = coreNow() + AHEAD_MS;
    cursor.current = null;
    call('devices.telemetry', { deviceId, from: to - AHEAD_MS - RANGES[range], to, resolution: 'auto', limit: LIMIT })
      .then((series) => {
        if (cancelled) return;
        setError(null);
        setLoaded({ deviceId, range, resolution: series.resolution, points: series.points });
        setRecent(series.points.slice(-RECENT_KEPT));
        setTail({ seq: 0, points: [] });
        setAppended(0);
        const last = series.points[series.points.length - 1];
        cursor.current = { deviceId, resolution: series.resolution, from: last ? last.ts : to - AHEAD_MS - RANGES[range] };
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(errorText(err, t));
      });
    return () => {
      cancelled = true;
    };
  }, [deviceId, range, t]);

  // The live event carries only the headline readings; a catch-up query from the last point drawn
  // brings every metric (voltage, frequency too) at the resolution on screen. Aggregate buckets are
  // re-read from the last bucket's start, and update() replaces that bar.
  useEffect(() => {
    if (deviceId === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    const catchUp = () => {
      timer = undefined;
      const c = cursor.current;
      if (!c || c.deviceId !== deviceId || inFlight) return;
      inFlight = true;
      call('devices.telemetry', { deviceId, from: c.from, to: coreNow() + AHEAD_MS, resolution: c.resolution, limit: LIMIT })
        .then((series) => {
          const now = cursor.current;
          if (!now || now !== c) return;
          const fresh = series.points.filter((p) => (c.resolution === 'raw' ? p.ts > c.from : p.ts >= c.from));
          if (fresh.length === 0) return;
          const added = fresh.filter((p) => p.ts > c.from).length;
          c.from = fresh[fresh.length - 1]!.ts;
          setAppended((n) => n + added);
          setTail((prev) => ({ seq: prev.seq + 1, points: fresh }));
          setRecent((prev) => [...prev, ...fresh].slice(-RECENT_KEPT));
        })
        .catch(() => undefined)
        .finally(() => {
          inFlight = false;
        });
    };
    const off = subscribe('devices.live', ({ readings }) => {
      if (timer === undefined && readings.some((r) => r.deviceId === deviceId)) timer = setTimeout(catchUp, LIVE_THROTTLE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [deviceId]);

  const current = loaded && loaded.deviceId === deviceId && loaded.range === range ? loaded : null;
  const present = useMemo(() => {
    const set = presentMetrics([...(current?.points ?? []), ...tail.points]);
    // A battery's SoC chart belongs on screen from the start, even before its first reading.
    if (deviceType === 'battery') set.add('soc');
    if (deviceType) set.add('power');
    return set;
  }, [current, tail, deviceType]);
  const shown = METRICS.filter((m) => present.has(m.id));
  const lastTs = recent[recent.length - 1]?.ts ?? null;

  return (
    <section className="dev-panel dev-telemetry" aria-label={t('panels.deviceTelemetry')}>
      <div className="dev-toolbar">
        <DevicePicker />
        <div className="dev-segmented" role="radiogroup" aria-label={t('devices.telemetry.range')}>
          {(Object.keys(RANGES) as Range[]).map((r) => (
            <button key={r} type="button" role="radio" aria-checked={range === r} className={range === r ? 'active' : ''} onClick={() => setRange(r)}>
              {t(`devices.telemetry.ranges.${r}`)}
            </button>
          ))}
        </div>
        {current && (
          <span className="muted dev-count">
            {t(`devices.telemetry.resolution.${current.resolution}`)} · {t('devices.telemetry.points', { n: current.points.length + appended })}
          </span>
        )}
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {deviceId === null && <p className="muted empty">{t('devices.pickDevice')}</p>}
      {current && current.points.length === 0 && tail.points.length === 0 && <p className="muted empty">{t('devices.telemetry.noData')}</p>}
      {current && (
        <div className="dev-charts">
          {shown.map((def) => (
            <figure key={def.id} className="dev-chart-card" data-testid={`chart-${def.id}`}>
              <figcaption>
                <span>{t(`devices.metric.${def.id}`)}</span>
                <span className="dev-chart-values" dir="ltr">
                  {def.lines.map((line, i) => (
                    <span key={line.field} style={{ color: `var(${line.colorVar})` }} title={t(line.labelKey)}>
                      {def.lines.length > 1 ? `${t(line.labelKey)} ` : ''}
                      {formatNumber(latestValue(recent, def, i), def.unit)}
                    </span>
                  ))}
                </span>
              </figcaption>
              <MetricChart def={def} points={current.points} tail={tail} theme={theme} seconds={current.resolution === 'raw'} />
            </figure>
          ))}
        </div>
      )}
      {lastTs !== null && (
        <p className="muted dev-footnote" data-testid="telemetry-last">
          {t('devices.telemetry.last', { time: formatStamp(lastTs, i18n.language) })}
        </p>
      )}
    </section>
  );
}

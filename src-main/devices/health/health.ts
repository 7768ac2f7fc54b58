import type { DeviceSettings } from '../registry/settings';
import type { Alerts } from './alerts';
import type { DeviceRecord, DeviceRegistry } from '../registry/registry';
import type { TelemetryStore } from '../telemetry/telemetry-store';
import type { Reading } from '../telemetry/types';
import { detectDrift, type TrendSample } from './trend';
import { fromDc, fromMhz, QUARTER_MS } from '../telemetry/units';

export interface HealthPolicy {
  staleMs: number;
  heartbeatMissFactor: number;
  maxTemperatureC: number;
  trendSigma: number;
}

/** The admin's health settings in the units the checks use. */
export function healthPolicyOf(settings: DeviceSettings): HealthPolicy {
  const h = settings.health;
  return { staleMs: h.staleS * 1000, heartbeatMissFactor: h.heartbeatMissFactor, maxTemperatureC: h.maxTemperatureC, trendSigma: h.trendSigma };
}

/** Power beyond rated by more than this share is a wrong reading or an overloaded device. */
const POWER_TOLERANCE = 1.2;
/** The continental European grid trips generation outside this band (Hz). */
const FREQUENCY_RANGE = [47.5, 52.5] as const;
/** Trend: history is the last 14 days, "recent" the last 2 hours, both from 15-minute aggregates. */
const TREND_HISTORY_MS = 14 * 24 * 3_600_000;
const TREND_RECENT_MS = 2 * 3_600_000;

/** Raises and clears alerts: offline, heartbeat missed, stale data, value out of range, trend drift. */
export class HealthMonitor {
  constructor(private readonly deps: { registry: DeviceRegistry; alerts: Alerts; store: TelemetryStore }) {}

  /** Liveness of every enabled device; runs on the service tick. */
  checkDevices(now: number, policy: HealthPolicy): void {
    for (const d of this.deps.registry.all()) {
      if (!d.enabled) continue;
      const seen = d.lastSeen;
      this.toggle(d, 'offline', seen !== null && !d.online, `${d.name} is offline`, now);
      const silentMs = seen === null ? 0 : now - seen;
      const missed = d.online && silentMs > d.heartbeatS * 1000 * policy.heartbeatMissFactor;
      this.toggle(d, 'heartbeat_missed', missed, `${d.name} sent nothing for ${Math.round(silentMs / 1000)} s`, now);
      const age = d.latest === null ? 0 : now - d.latest.ts;
      this.toggle(d, 'stale', d.online && d.latest !== null && age > policy.staleMs, `${d.name}: newest reading is ${Math.round(age / 1000)} s old`, now);
    }
  }

  /** Range checks on freshly stored readings; a device's alert clears when a later batch is all in range. */
  checkReadings(readings: readonly Reading[], now: number, policy: HealthPolicy): void {
    const verdicts = new Map<number, string | null>();
    for (const r of readings) {
      if (verdicts.get(r.deviceId)) continue;
      const device = this.deps.registry.byId(r.deviceId);
      if (device) verdicts.set(r.deviceId, outOfRange(device, r, policy));
    }
    for (const [id, problem] of verdicts) {
      const device = this.deps.registry.byId(id);
      if (device) this.toggle(device, 'out_of_range', problem !== null, problem ?? '', now);
    }
  }

  /** Temperature-vs-power regression per generating device; see trend.ts. */
  checkTrends(now: number, policy: HealthPolicy): void {
    for (const d of this.deps.registry.all()) {
      if (!d.enabled || d.type === 'meter' || d.type === 'sensor') continue;
      const samples = (from: number, to: number): TrendSample[] =>
        this.deps.store
          .query(d.id, from, to, '15m', 2_000)
          .flatMap((p) => (p.powerW !== null && p.temperatureC !== null ? [{ powerW: p.powerW, temperatureC: p.temperatureC }] : []));
      const recentFrom = now - TREND_RECENT_MS - (now % QUARTER_MS);
      const result = detectDrift(samples(now - TREND_HISTORY_MS, recentFrom), samples(recentFrom, now + 1), policy.trendSigma);
      if (!result) continue;
      this.toggle(
        d,
        'trend_drift',
        result.drift,
        `${d.name} runs ${result.recentResidualC} °C hotter than its history predicts at the same power (σ ${result.historySigmaC} °C)`,
        now,
      );
    }
  }

  private toggle(d: DeviceRecord, kind: Parameters<Alerts['raise']>[1], active: boolean, message: string, now: number): void {
    if (active) this.deps.alerts.raise(d, kind, message, now);
    else this.deps.alerts.clear(d.id, kind, now);
  }
}

function outOfRange(d: DeviceRecord, r: Reading, policy: HealthPolicy): string | null {
  if (r.powerW !== null && d.ratedPowerW > 0 && Math.abs(r.powerW) > d.ratedPowerW * POWER_TOLERANCE) {
    return `${d.name}: power ${r.powerW} W beyond rated ${d.ratedPowerW} W`;
  }
  if (r.frequencyMhz !== null) {
    const hz = fromMhz(r.frequencyMhz);
    if (hz < FREQUENCY_RANGE[0] || hz > FREQUENCY_RANGE[1]) return `${d.name}: frequency ${hz} Hz outside ${FREQUENCY_RANGE.join('–')} Hz`;
  }
  if (r.tempDc !== null && fromDc(r.tempDc) > policy.maxTemperatureC) {
    return `${d.name}: temperature ${fromDc(r.tempDc)} °C above ${policy.maxTemperatureC} °C`;
  }
  return null;
}

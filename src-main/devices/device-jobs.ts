import type { Clock } from '../core/clock';
import type { CommandService } from './commands/commands';
import { healthPolicyOf, type HealthMonitor } from './health/health';
import type { DeviceRegistry } from './registry/registry';
import type { DeviceSettings } from './registry/settings';
import { settlementPolicyOf, type SettlementJob } from './settlement/settlement-job';
import type { TelemetryStore } from './telemetry/telemetry-store';

export interface JobIntervals {
  /** Command timeouts, settlement and the cheap checks run on this tick. */
  tickMs: number;
  healthEveryMs: number;
  trendEveryMs: number;
  pruneEveryMs: number;
}

/**
 * The devices' clock-driven work on one timer: heartbeats written, overdue commands resent or timed
 * out and closed intervals settled on every tick; liveness checks, trend checks and pruning when
 * their own intervals are due.
 */
export class DeviceJobs {
  private timer: ReturnType<typeof setInterval> | undefined;
  private due = { health: 0, trend: 0, prune: 0 };

  constructor(
    private readonly deps: {
      clock: Clock;
      registry: DeviceRegistry;
      commands: CommandService;
      health: HealthMonitor;
      settlement: SettlementJob;
      store: TelemetryStore;
      settings: () => DeviceSettings;
    },
    private readonly intervals: JobIntervals,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.run(), this.intervals.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Runs what is due now; the timer calls it, tests call it after moving a manual clock. */
  run(): void {
    const { clock, registry, commands, health, settlement, store } = this.deps;
    const now = clock.now();
    const settings = this.deps.settings();
    registry.saveSeen();
    commands.sweep();
    if (now >= this.due.health) {
      this.due.health = now + this.intervals.healthEveryMs;
      health.checkDevices(now, healthPolicyOf(settings));
    }
    if (now >= this.due.trend) {
      this.due.trend = now + this.intervals.trendEveryMs;
      health.checkTrends(now, healthPolicyOf(settings));
    }
    settlement.settleDue(now, settlementPolicyOf(settings));
    if (now >= this.due.prune) {
      this.due.prune = now + this.intervals.pruneEveryMs;
      store.prune(registry.all().map((d) => d.id), now, settings.retention);
    }
  }
}

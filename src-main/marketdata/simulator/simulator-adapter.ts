import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import type { SimulatorStatus } from '../../../src-shared/contract/marketdata';
import { deliveryZoneOf } from '../../market/delivery-days';
import type { Recorder } from '../../api/recorder';
import type { UsersPort } from '../../auth';
import { DEFAULT_MAKER_OPTIONS, MarketMaker, type MarketMakerOptions } from './market-maker';
import type { GatewayUser, OrderGateway } from './order-gateway';
import type { StateStore } from '../state-store';
import { ensureSimulatorUsers } from './system-users';

export interface SimulatorSettings {
  /** Fixes the simulated prices; without one a random seed is drawn once and stored. */
  seed?: number;
  /** Default true: a new terminal shows a living market; an admin can stop it. */
  enabledByDefault: boolean;
  maker: Partial<Omit<MarketMakerOptions, 'seed' | 'originUtcMs'>>;
}

/**
 * Runs the market maker on the clock when enabled. Seed and price-curve origin are stored on first
 * use, so after a restart the simulated market continues on the same curve.
 */
export class SimulatorAdapter {
  private maker: MarketMaker | null = null;
  private users: { maker: GatewayUser; taker: GatewayUser } | null = null;
  private busy: Promise<void> | null = null;
  private ordersPlaced = 0;
  private crossingOrders = 0;
  private lastRefreshAt: number | null = null;

  constructor(
    private readonly recorder: Recorder,
    private readonly accounts: UsersPort,
    private readonly state: StateStore,
    private readonly gateway: OrderGateway,
    private readonly settings: SimulatorSettings,
  ) {}

  get enabled(): boolean {
    const stored = this.state.get('simulator.enabled');
    return typeof stored === 'boolean' ? stored : this.settings.enabledByDefault;
  }

  private seed(now: number): number {
    const stored = this.state.get('simulator.seed');
    if (typeof stored === 'number') return stored;
    const seed = this.settings.seed ?? randomInt(1, 2 ** 31);
    this.recorder.commit(now, null, () => this.state.set('simulator.seed', seed));
    return seed;
  }

  private origin(now: number): number {
    const stored = this.state.get('simulator.origin');
    if (typeof stored === 'number') return stored;
    // The simulated market is the home area's (the simulator's default): its curve starts at that area's midnight.
    const origin = DateTime.fromMillis(now, { zone: deliveryZoneOf() }).startOf('day').toMillis();
    this.recorder.commit(now, null, () => this.state.set('simulator.origin', origin));
    return origin;
  }

  private ready(now: number): MarketMaker | null {
    if (this.maker) return this.maker;
    this.users = ensureSimulatorUsers(this.accounts, this.recorder, this.state, now);
    if (!this.users) return null;
    this.maker = new MarketMaker(this.gateway, this.users, {
      ...DEFAULT_MAKER_OPTIONS,
      ...this.settings.maker,
      seed: this.seed(now),
      originUtcMs: this.origin(now),
    });
    return this.maker;
  }

  /** One round of quoting; concurrent calls wait for the round in progress instead of starting another. */
  async tick(now: number): Promise<void> {
    if (this.busy) return this.busy;
    if (!this.enabled) return;
    const maker = this.ready(now);
    if (!maker) return;
    this.busy = (async () => {
      try {
        const report = await maker.tick(now);
        this.ordersPlaced += report.placed;
        this.crossingOrders += report.crossing;
        if (report.quoted > 0) this.lastRefreshAt = now;
      } finally {
        this.busy = null;
      }
    })();
    return this.busy;
  }

  async setEnabled(enabled: boolean, now: number, commit: (change: () => void) => void): Promise<void> {
    await this.busy;
    commit(() => this.state.set('simulator.enabled', enabled));
    if (!enabled && this.maker) await this.maker.withdraw(now);
    if (enabled) await this.tick(now);
  }

  status(): SimulatorStatus {
    const seed = this.state.get('simulator.seed');
    return {
      enabled: this.enabled,
      running: this.enabled && this.maker !== null,
      seed: typeof seed === 'number' ? seed : (this.settings.seed ?? 0),
      marketMakerUserId: this.users?.maker.userId ?? null,
      products: this.maker?.quotedProducts ?? 0,
      ordersPlaced: this.ordersPlaced,
      crossingOrders: this.crossingOrders,
      lastRefreshAt: this.lastRefreshAt,
    };
  }
}

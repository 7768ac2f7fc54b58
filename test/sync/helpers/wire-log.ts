import { chainHash, GENESIS_HASH } from '../../../src-main/store/event-chain';
import type { WireEvent } from '../../../src-shared/contract/sync-wire';

/**
 * A terminal's event log as the wire carries it, chained exactly as the terminal chains it
 * (src-main/store/event-chain.ts), for server tests that need many events without a whole core.
 */
export class WireLog {
  readonly events: WireEvent[] = [];
  private head: Buffer = GENESIS_HASH;

  constructor(readonly terminalId: string) {}

  append(type: string, payload: unknown, actor: string | null = 'alice', ts = 1_700_000_000_000 + this.events.length): WireEvent {
    const seq = this.events.length + 1;
    const text = JSON.stringify(payload);
    const hash = chainHash(this.head, { seq, terminalId: this.terminalId, ts, actor, type, payload: text });
    const event: WireEvent = { seq, ts, actor, type, payload: text, prevHash: this.head.toString('hex'), hash: hash.toString('hex') };
    this.head = hash;
    this.events.push(event);
    return event;
  }

  fill(count: number): this {
    for (let i = 0; i < count; i++) this.append('test.tick', { n: this.events.length + 1 });
    return this;
  }

  /** Events with seq in [from, to]. */
  range(from: number, to: number): WireEvent[] {
    return this.events.slice(from - 1, to);
  }
}

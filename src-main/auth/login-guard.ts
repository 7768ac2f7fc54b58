import { isIPv6 } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fail } from '../../src-shared/domain/errors';
import type { AuthPolicy } from './policy';

/** Addresses remembered at most; beyond it the quiet ones are forgotten first. */
const MAX_SOURCES = 10_000;

/**
 * Where attempts come from, as the guard counts them: an IPv4 address, or an IPv6 /64 (one host
 * usually holds a whole /64, so counting single IPv6 addresses would hand an attacker billions of
 * fresh starts). In-process and Electron connections have no address: they are all 'local'.
 */
export function sourceOf(remoteAddress: string | null): string {
  if (!remoteAddress) return 'local';
  const address = remoteAddress.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string): string[] => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

interface SourceRecord {
  /** Failed checks since the address was last forgotten. */
  failures: number;
  /** Checks counted but not finished. */
  running: number;
  blockedUntil: number;
  lastFailureAt: number;
}

interface ConnectionRecord {
  failures: number;
  /** Settles when the connection's latest attempt has finished: the next one waits for it. */
  tail: Promise<void>;
}

/** One counted attempt: wait for its turn, run the check, then report how it went, exactly once. */
export interface Attempt {
  /** Resolves when the connection's earlier attempts are done and its back-off has passed. */
  turn(): Promise<void>;
  /** The check failed; returns the address's new block end when this failure blocked it. */
  failed(now: number): number | null;
  succeeded(): void;
  /** The check never ran (refused later for another reason); the attempt is not held against anyone. */
  abandoned(): void;
}

/**
 * The per-address and per-connection throttle in front of every password check. Kept in memory:
 * a restart forgets it, which only gives an address its free attempts back, and the account lock
 * (on disk) still holds.
 */
export class LoginGuard {
  private readonly sources = new Map<string, SourceRecord>();
  private readonly connections = new WeakMap<object, ConnectionRecord>();

  constructor(private readonly policy: AuthPolicy) {}

  /**
   * Counts an attempt from `source` on `connection` before anything is awaited, or refuses it with
   * RATE_LIMITED. The count includes checks still running, so any number of parallel attempts
   * admits no more than the free ones.
   */
  admit(source: string, connection: object, now: number): Attempt {
    const record = this.sourceRecord(source, now);
    const { sourceFreeAttempts } = this.policy;
    if (record.blockedUntil > now) {
      fail('RATE_LIMITED', `Too many failed sign-ins from this address. Try again in ${Math.ceil((record.blockedUntil - now) / 1000)} s.`);
    }
    // Past its free attempts a source gets one check at a time, each failure doubling its block.
    const free = record.failures + record.running < sourceFreeAttempts;
    const probe = record.failures >= sourceFreeAttempts && record.running === 0;
    if (!free && !probe) fail('RATE_LIMITED', 'Too many sign-ins from this address at once. Try again in a moment.');
    record.running++;

    let link = this.connections.get(connection);
    if (!link) {
      link = { failures: 0, tail: Promise.resolve() };
      this.connections.set(connection, link);
    }
    const previous = link.tail;
    let release!: () => void;
    link.tail = new Promise<void>((resolve) => (release = resolve));
    const conn = link;
    let finished = false;
    const finish = (): boolean => {
      if (finished) return false;
      finished = true;
      record.running--;
      release();
      return true;
    };
    return {
      turn: async () => {
        await previous;
        if (conn.failures > 0) {
          await sleep(Math.min(this.policy.connectionDelayMs * 2 ** (conn.failures - 1), this.policy.connectionMaxDelayMs));
        }
      },
      failed: (at) => {
        if (!finish()) return null;
        conn.failures++;
        record.failures++;
        record.lastFailureAt = at;
        const over = record.failures - sourceFreeAttempts;
        if (over < 0) return null;
        record.blockedUntil = at + Math.min(this.policy.sourceBlockMs * 2 ** over, this.policy.sourceMaxBlockMs);
        return record.blockedUntil;
      },
      succeeded: () => {
        if (finish()) conn.failures = 0;
      },
      abandoned: () => {
        finish();
      },
    };
  }

  /** Clears an address's record: an administrator's unlock link was used from it. */
  forgive(source: string): void {
    this.sources.delete(source);
  }

  private sourceRecord(source: string, now: number): SourceRecord {
    let record = this.sources.get(source);
    if (record && record.running === 0 && record.blockedUntil <= now && now - record.lastFailureAt > this.policy.sourceMemoryMs) {
      this.sources.delete(source);
      record = undefined;
    }
    if (!record) {
      if (this.sources.size >= MAX_SOURCES) this.forgetQuiet(now);
      record = { failures: 0, running: 0, blockedUntil: 0, lastFailureAt: now };
      this.sources.set(source, record);
    }
    return record;
  }

  /** Drops addresses that are neither blocked nor busy, oldest first, until there is room again. */
  private forgetQuiet(now: number): void {
    for (const [source, record] of this.sources) {
      if (this.sources.size < MAX_SOURCES * 0.9) return;
      if (record.running === 0 && record.blockedUntil <= now) this.sources.delete(source);
    }
  }
}

import { randomUUID } from 'node:crypto';
import type { CommandFailure, CommandStatus, CommandView, DeviceCommand } from '../../../src-shared/contract/devices';
import type { Recorder } from '../../api/recorder';
import type { Clock } from '../../core/clock';
import { deviceActor, type Commit } from '../commit';
import { failure } from './command-failure';
import { commandView, type CommandsRepo } from './commands-repo';
import type { Counters } from '../mqtt/counters';
import type { DeviceRecord } from '../registry/registry';
import { deviceTopic } from '../mqtt/topics';

/** The part of the MQTT link commands need; null while no broker is configured. */
export interface Publisher {
  readonly connected: boolean;
  readonly protocolVersion: 4 | 5;
  publish(topic: string, payload: string, properties?: { responseTopic: string; correlationData: Buffer }): Promise<void>;
}

export interface CommandPolicy {
  timeoutMs: number;
  retries: number;
}

interface InFlight {
  id: string;
  deviceId: number;
  site: string;
  name: string;
  protocol: 4 | 5;
  command: DeviceCommand;
  attempts: number;
  sentAt: number;
  /** Set while a retry is publishing, so the sweep does not resend it twice. */
  busy: boolean;
}

/**
 * Commands to devices: stored and audited before anything is published; one id per command that the
 * device echoes (in the payload for MQTT 3.1.1, also as correlationData for MQTT 5); resent with the
 * same id on timeout (devices treat a repeated id as the same command); every end state recorded.
 */
export class CommandService {
  private readonly inflight = new Map<string, InFlight>();

  constructor(
    private readonly deps: {
      repo: CommandsRepo;
      recorder: Recorder;
      clock: Clock;
      counters: Counters;
      publisher: () => Publisher | null;
      policy: () => CommandPolicy;
    },
  ) {
    // Answers to commands of a previous run can no longer be matched to their sender's wait.
    const now = deps.clock.now();
    for (const stale of deps.repo.pending()) this.end(stale.id, 'timed_out', failure('RESTARTED'), null, now, null);
  }

  async send(device: DeviceRecord, command: DeviceCommand, sentBy: string, commit: Commit): Promise<CommandView> {
    const id = randomUUID();
    const now = this.deps.clock.now();
    commit((log) => {
      this.deps.repo.create(id, device, command, sentBy, now);
      log('devices.command.created', { id, deviceId: device.id, site: device.site, device: device.name, command });
    });
    const entry: InFlight = {
      id, deviceId: device.id, site: device.site, name: device.name, protocol: device.protocol, command, attempts: 0, sentAt: now, busy: false,
    };
    await this.transmit(entry, sentBy);
    return this.view(id);
  }

  /** A device's answer on `cmd/res`. `correlationId` comes from MQTT 5 correlationData when present. */
  onResponse(site: string, name: string, response: { id?: string; ok: boolean; error?: string }, correlationId: string | null): void {
    const id = correlationId ?? response.id;
    const entry = id === undefined ? undefined : this.inflight.get(id);
    if (!entry) return this.deps.counters.add('unmatched_response');
    if (entry.site !== site || entry.name !== name) return this.deps.counters.add('spoofed');
    this.deps.counters.add('command_response');
    this.inflight.delete(entry.id);
    const now = this.deps.clock.now();
    const status: CommandStatus = response.ok ? 'acknowledged' : 'failed';
    this.end(entry.id, status, response.ok ? null : failure('DEVICE_REFUSED', response.error ?? null), now - entry.sentAt, now, deviceActor(site, name));
  }

  /** Resends or times out commands whose answer is overdue; runs on the service's tick. */
  sweep(): void {
    const now = this.deps.clock.now();
    const policy = this.deps.policy();
    for (const entry of this.inflight.values()) {
      if (entry.busy || now - entry.sentAt < policy.timeoutMs) continue;
      if (entry.attempts > policy.retries) {
        this.inflight.delete(entry.id);
        this.end(entry.id, 'timed_out', failure('NO_ANSWER'), null, now, null);
        continue;
      }
      void this.transmit(entry, null);
    }
  }

  list(deviceId: number | undefined, limit: number): CommandView[] {
    return this.deps.repo.list(deviceId, limit).map(commandView);
  }

  pendingCount(): number {
    return this.inflight.size;
  }

  private async transmit(entry: InFlight, sentBy: string | null): Promise<void> {
    const publisher = this.deps.publisher();
    const now = this.deps.clock.now();
    if (!publisher?.connected) {
      this.inflight.delete(entry.id);
      // Never silently dropped: the first attempt ends as unsent, a retry as timed out.
      if (entry.attempts === 0) this.end(entry.id, 'unsent', failure('NOT_SENT'), null, now, sentBy);
      else this.end(entry.id, 'timed_out', failure('NO_ANSWER_BROKER_DOWN'), null, now, null);
      return;
    }
    entry.attempts++;
    entry.sentAt = now;
    entry.busy = true;
    this.deps.recorder.commit(now, sentBy, (log, publish) => {
      this.deps.repo.markSent(entry.id, now);
      log('devices.command.sent', { id: entry.id, attempt: entry.attempts });
      // Screens hear of a command once it is out; a resend changes nothing they show but the count.
      if (entry.attempts === 1) publish('devices.command', this.view(entry.id), 'all');
    });
    this.inflight.set(entry.id, entry);
    const payload = JSON.stringify({ id: entry.id, ...entry.command, ts: now, attempt: entry.attempts });
    const responseTopic = deviceTopic(entry.site, entry.name, 'cmd/res');
    const properties =
      publisher.protocolVersion === 5 && entry.protocol === 5 ? { responseTopic, correlationData: Buffer.from(entry.id) } : undefined;
    try {
      await publisher.publish(deviceTopic(entry.site, entry.name, 'cmd'), payload, properties);
    } catch (err) {
      if (this.inflight.delete(entry.id)) {
        this.end(entry.id, 'failed', failure('PUBLISH_FAILED', (err as Error).message.slice(0, 240)), null, this.deps.clock.now(), null);
      }
    } finally {
      entry.busy = false;
    }
  }

  private end(id: string, status: Exclude<CommandStatus, 'pending'>, why: CommandFailure | null, roundTripMs: number | null, now: number, actor: string | null): void {
    this.deps.recorder.commit(now, actor, (log, publish) => {
      // Only a pending command can end: a late second answer is neither logged nor told.
      if (!this.deps.repo.finish(id, status, why, roundTripMs, now)) return;
      const view = this.view(id);
      log(`devices.command.${status}`, { id, error: view.error, code: view.failure?.code ?? null, roundTripMs });
      publish('devices.command', view, 'all');
    });
  }

  private view(id: string): CommandView {
    const record = this.deps.repo.get(id);
    if (!record) throw new Error(`command ${id} vanished`);
    return commandView(record);
  }
}

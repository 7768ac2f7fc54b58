import type { EventName, Events } from '../../src-shared/contract';
import type { Role } from '../../src-shared/domain/schemas';
import type { Caller } from './context';

/**
 * Who may receive an event: everyone signed in, named users plus roles that oversee them, or the
 * connections signed in with named sessions (by token hash: telling a session it has ended).
 */
export type Audience = 'all' | { userIds: readonly number[]; roles?: readonly Role[] } | { sessions: readonly string[] };

export type EventListener = <E extends EventName>(name: E, payload: Events[E], audience: Audience) => void;

export function reaches(audience: Audience, caller: Caller | null): boolean {
  if (!caller) return false;
  if (audience === 'all') return true;
  if ('sessions' in audience) return audience.sessions.includes(caller.tokenHash);
  return audience.userIds.includes(caller.userId) || (audience.roles?.includes(caller.role) ?? false);
}

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish<E extends EventName>(name: E, payload: Events[E], audience: Audience): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload, audience);
      } catch {
        // One broken connection must not stop delivery to the others.
      }
    }
  }
}

import type { AccessOf, CallOutput, EventName, Events, Method, ParsedInput } from '../../src-shared/contract';
import type { Role } from '../../src-shared/domain/schemas';
import type { Audience } from './event-bus';

export interface Caller {
  userId: number;
  username: string;
  role: Role;
  tokenHash: string;
  /** When the session ends unless used again, as last read; a connection delivering events past it asks again. */
  expiresAt: number;
  /** Two-factor sign-in is required and the account lacks it: only enrolment calls pass. */
  mustEnrolTotp?: boolean;
}

/** What one connection (a WebSocket, an Electron window) knows about who is on the other end. */
export interface ConnectionState {
  caller: Caller | null;
  /** The one-time first-run link token only a local window holds implicitly. */
  trustedLocal: boolean;
  /** The peer's IP address for a network connection; null in-process and for Electron windows. */
  remoteAddress: string | null;
}

/** `actor` overrides the caller, for calls that establish who the caller is (login, setup). */
export type LogFn = (type: string, payload: unknown, actor?: string) => void;

/** Queues an event that goes out once the transaction it was queued in has committed (never if it rolls back). */
export type PublishFn = <E extends EventName>(name: E, payload: Events[E], audience: Audience) => void;

/** A change and its record: see `Recorder.commit`. */
export type Change<T> = (log: LogFn, publish: PublishFn) => T;

export interface CallContext<C extends Caller | null = Caller | null> {
  /** Never null for a call whose access is not 'public': the router has checked the session. */
  caller: C;
  now: number;
  connection: ConnectionState;
  /**
   * Runs `change` in one write transaction; every `log` call inside is appended to the event log in
   * that same transaction, so a change and its record commit together or not at all, and every
   * `publish` goes out after the commit.
   */
  commit<T>(change: Change<T>): T;
  /**
   * Records why this call is refused, as an entry of `type` (e.g. 'delivery.refused') in the batched,
   * throttled refusal log (see `Recorder.refusal`), not in a transaction of its own. The router then
   * writes no entry of its own for the call. Use it for a refusal a plain error code does not
   * explain, or one answered as a value rather than an error. Never put secrets in `payload`.
   */
  refused(type: string, payload: Record<string, unknown>): void;
  /** Whether this call is on record already: a committed change logged an entry, or `refused` was called. */
  onRecord(): boolean;
}

/** The caller a handler of `M` can rely on: anyone for a public call, a signed-in user otherwise. */
export type CallerOf<M extends Method> = AccessOf<M> extends 'public' ? Caller | null : Caller;

export type Handler<M extends Method> = (input: ParsedInput<M>, ctx: CallContext<CallerOf<M>>) => CallOutput<M> | Promise<CallOutput<M>>;

/** The full map of handlers: the core does not compile unless every contract call has one. */
export type Handlers = { [M in Method]: Handler<M> };

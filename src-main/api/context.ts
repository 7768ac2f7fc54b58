import type { CallOutput, Method, ParsedInput } from '../../src-shared/contract';
import type { Role } from '../../src-shared/domain/schemas';

export interface Caller {
  userId: number;
  username: string;
  role: Role;
  tokenHash: string;
}

/** What one connection (a WebSocket, an Electron window) knows about who is on the other end. */
export interface ConnectionState {
  caller: Caller | null;
  /** The one-time first-run link token only a local window holds implicitly. */
  trustedLocal: boolean;
}

/** `actor` overrides the caller, for calls that establish who the caller is (login, setup). */
export type LogFn = (type: string, payload: unknown, actor?: string) => void;

export interface CallContext {
  caller: Caller | null;
  now: number;
  connection: ConnectionState;
  /**
   * Runs `change` in one write transaction; every `log` call inside is appended to the event log in
   * that same transaction, so a change and its record commit together or not at all.
   */
  commit<T>(change: (log: LogFn) => T): T;
}

export type Handler<M extends Method> = (input: ParsedInput<M>, ctx: CallContext) => CallOutput<M> | Promise<CallOutput<M>>;

/** The full map of handlers: the core does not compile unless every contract call has one. */
export type Handlers = { [M in Method]: Handler<M> };
export type PartialHandlers<K extends Method> = { [M in K]: Handler<M> };

import type { z } from 'zod';
import { calls, isMethod, type Method } from '../../src-shared/contract';
import { CALLS_DURING_ENROLMENT } from '../../src-shared/contract/auth';
import { CallFailure, type CallError, type CallResult } from '../../src-shared/domain/errors';
import type { Clock } from '../core/clock';
import type { CallContext, Caller, ConnectionState, Handler, Handlers } from './context';
import { summariseParams } from './param-summary';
import type { Recorder } from './recorder';
import { refusalSource } from './refusals';
import { isInternalConnection } from './system-caller';

export interface SessionCheck {
  /**
   * The caller behind a session, 'expired' when it timed out, null when it never existed or was
   * ended. A call is activity: it extends the session.
   */
  check(caller: Caller, now: number): Caller | 'expired' | null;
  /** As `check`, without extending the session: for delivering events, which is not activity. */
  peek(caller: Caller, now: number): Caller | 'expired' | null;
}

/**
 * The first problem of an input, as a reason the renderer words (`errors.reasons.INPUT_*`): too short
 * or long (text, lists), too small or large (numbers), or otherwise not valid, with the bound and field.
 */
/** Kinds and formats the screens have words for; a refusal of another still names its field. */
const WORDED_TYPES = new Set(['number', 'string', 'boolean', 'array', 'object']);
const WORDED_FORMATS = new Set(['url', 'email', 'regex', 'datetime', 'date', 'time']);

function describeIssue(issue: z.core.$ZodIssue): Omit<CallError, 'code'> {
  const field = issue.path.map(String).join('.');
  const message = field ? `${field}: ${issue.message}` : issue.message;
  const counted = 'origin' in issue && (issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set');
  let reason = 'INPUT_INVALID';
  const params: Record<string, string | number> = { field: field || '—' };
  if (issue.code === 'too_small') {
    reason = counted ? 'INPUT_TOO_SHORT' : 'INPUT_TOO_SMALL';
    params.bound = Number(issue.minimum);
  } else if (issue.code === 'too_big') {
    reason = counted ? 'INPUT_TOO_LONG' : 'INPUT_TOO_LARGE';
    params.bound = Number(issue.maximum);
  } else if (issue.code === 'invalid_type') {
    reason = 'INPUT_WRONG_TYPE';
    // The renderer words the expected kind (`INPUT_WRONG_TYPE_number`); others read as the plain reason.
    if (WORDED_TYPES.has(String(issue.expected))) params.context = String(issue.expected);
  } else if (issue.code === 'invalid_format') {
    reason = 'INPUT_BAD_FORMAT';
    if (WORDED_FORMATS.has(issue.format)) params.context = issue.format;
  } else if (issue.code === 'invalid_value') {
    reason = 'INPUT_NOT_ALLOWED';
    params.values = issue.values.slice(0, 12).map(String).join(', ');
  } else if (issue.code === 'not_multiple_of') {
    reason = 'INPUT_NOT_MULTIPLE';
    params.bound = Number(issue.divisor);
  } else if (issue.code === 'unrecognized_keys') {
    reason = 'INPUT_UNKNOWN_FIELD';
    params.keys = issue.keys.slice(0, 12).join(', ');
  } else if (issue.code === 'custom' && typeof issue.params?.reason === 'string') {
    // A schema's own check that knows why (see domain/market-rules.ts) names its reason and figures.
    const { reason: own, ...figures } = issue.params as Record<string, unknown>;
    reason = own as string;
    for (const [key, value] of Object.entries(figures)) if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  }
  return { message, reason, params, ...(field ? { field } : {}) };
}

/** What the router knows of a call while it runs, for recording it if it is refused. */
interface CallInProgress {
  now: number;
  caller: Caller | null;
  /** The handler recorded the refusal itself (`ctx.refused`), with more than the error code says. */
  refusalRecorded: boolean;
  /** Entries the handler wrote (an engine rejection, a failed sign-in): such a call is on record already. */
  logged: number;
}

/** The one entry point for every call from every transport: validate, authorise, run, record. */
export class Router {
  constructor(
    private readonly deps: { handlers: Handlers; recorder: Recorder; clock: Clock; sessions: SessionCheck },
  ) {}

  async dispatch(connection: ConnectionState, method: unknown, rawInput: unknown): Promise<CallResult<unknown>> {
    const call: CallInProgress = { now: this.deps.clock.now(), caller: connection.caller, refusalRecorded: false, logged: 0 };
    try {
      return { ok: true, value: await this.run(connection, method, rawInput, call) };
    } catch (err) {
      let error: CallError;
      if (err instanceof CallFailure) error = err.error;
      else {
        // Never leak internals to the caller; the operator sees them in the console.
        console.error(`[griddesk] call ${String(method).slice(0, 64)} failed:`, err);
        error = { code: 'INTERNAL', message: 'The terminal could not complete this request.' };
      }
      // A call whose handler wrote its own entries is on record already; an internal failure may have
      // rolled them back, so it is always recorded.
      if (error.code === 'INTERNAL' || (!call.refusalRecorded && call.logged === 0)) this.recordRefusal(connection, call, method, rawInput, error);
      return { ok: false, error };
    }
  }

  /**
   * A request refused before it became a call (a transport's unreadable envelope, its rate limit):
   * recorded like a refused call, under the method named `(transport)` and the code given.
   */
  refuseRequest(connection: ConnectionState, error: CallError, rawInput?: unknown): void {
    this.recordRefusal(connection, { now: this.deps.clock.now(), caller: connection.caller, refusalRecorded: false, logged: 0 }, '(transport)', rawInput, error);
  }

  /**
   * Every refused call leaves an entry (role, input, state, limit, rate: whatever the code), through
   * the batched, throttled refusal log rather than an fsync of its own: a burst of refusals must not
   * hold up anyone else's call. The input is kept only as a bounded, redacted summary.
   */
  private recordRefusal(connection: ConnectionState, call: CallInProgress, method: unknown, rawInput: unknown, error: CallError): void {
    const caller = call.caller;
    this.deps.recorder.refusal(call.now, {
      source: refusalSource(caller, connection),
      actor: caller?.username ?? null,
      type: error.code === 'INTERNAL' ? 'call.failed' : 'refused',
      payload: {
        method: typeof method === 'string' ? method.slice(0, 64) : `(${typeof method})`,
        code: error.code,
        ...(error.reason === undefined ? {} : { reason: error.reason }),
        ...(error.field === undefined ? {} : { field: error.field }),
        role: caller?.role ?? null,
        params: summariseParams(rawInput),
      },
    });
  }

  private async run(connection: ConnectionState, method: unknown, rawInput: unknown, call: CallInProgress): Promise<unknown> {
    if (!isMethod(method)) {
      const name = typeof method === 'string' ? method.slice(0, 64) : typeof method;
      throw new CallFailure({ code: 'UNKNOWN_METHOD', message: `There is no call named "${name}".` });
    }
    const def = calls[method];
    const now = call.now;
    const caller = this.currentCaller(connection, def.access !== 'public', now);
    call.caller = caller;
    this.authorise(method, caller);

    const parsed = (def.input as z.ZodType).safeParse(rawInput ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const error: CallError = first
        ? { code: 'BAD_INPUT', ...describeIssue(first) }
        : { code: 'BAD_INPUT', message: 'The request is not valid.', reason: 'INPUT_INVALID', params: { field: '—' } };
      throw new CallFailure(error);
    }

    const ctx: CallContext = {
      caller,
      now,
      connection,
      commit: (change) => {
        // Counted once the change has committed: entries of a change that threw were rolled back.
        let entries = 0;
        let committed = false;
        const result = this.deps.recorder.commit(now, caller?.username ?? null, change, () => {
          if (committed) call.logged++;
          else entries++;
        });
        committed = true;
        call.logged += entries;
        return result;
      },
      refused: (type, payload) => {
        call.refusalRecorded = true;
        this.deps.recorder.refusal(now, { source: refusalSource(caller, connection), actor: caller?.username ?? null, type, payload: { method, ...payload } });
      },
      onRecord: () => call.logged > 0 || call.refusalRecorded,
    };
    const handler = this.deps.handlers[method] as Handler<Method>;
    // A non-public call's caller was checked above, which is what the handler's type promises.
    const value = await handler(parsed.data as never, ctx as never);
    if (def.mutates && call.logged === 0 && !call.refusalRecorded) {
      // Every state-changing call leaves a trace, even when its handler had nothing domain-specific to log.
      ctx.commit((log) => log('call', { method }));
    }
    return value;
  }

  private currentCaller(connection: ConnectionState, required: boolean, now: number): Caller | null {
    const caller = connection.caller;
    // The core's own calls act as a real user row but hold no session; only it can make such a connection.
    if (caller && isInternalConnection(connection)) return caller;
    if (!caller) {
      if (required) throw new CallFailure({ code: 'UNAUTHENTICATED', message: 'Please sign in first.' });
      return null;
    }
    const checked = this.deps.sessions.check(caller, now);
    if (checked === 'expired' || checked === null) {
      connection.caller = null;
      if (!required) return null;
      throw new CallFailure(
        checked === 'expired'
          ? { code: 'SESSION_EXPIRED', message: 'Your session has expired. Please sign in again.' }
          : { code: 'UNAUTHENTICATED', message: 'Your session has ended. Please sign in again.' },
      );
    }
    connection.caller = checked;
    return checked;
  }

  private authorise(method: Method, caller: Caller | null): void {
    if (caller?.mustEnrolTotp && calls[method].access !== 'public' && !CALLS_DURING_ENROLMENT.has(method)) {
      throw new CallFailure({ code: 'FORBIDDEN', message: 'Set up two-factor sign-in first.', reason: 'TOTP_ENROLMENT_REQUIRED' });
    }
    const access = calls[method].access;
    if (access === 'public' || access === 'session') return;
    if (caller && access.includes(caller.role)) return;
    throw new CallFailure({
      code: 'FORBIDDEN',
      message: `Your role (${caller?.role ?? 'none'}) may not do this; it needs one of: ${access.join(', ')}.`,
    });
  }
}

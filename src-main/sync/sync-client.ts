import type { z } from 'zod';
import type { SyncErrorCode } from '../../src-shared/contract/sync';
import {
  EnrolAnswerSchema,
  PullAnswerSchema,
  PushAnswerSchema,
  SyncErrorSchema,
  type EnrolAnswer,
  type PullAnswer,
  type PushAnswer,
  type SyncError,
  type WireEvent,
} from '../../src-shared/contract/sync-wire';

/** How one call to the sync server ended: its parsed answer, the server's refusal, or no usable answer. */
export type Answer<T> = { ok: true; value: T } | { ok: false; refusal: SyncError } | { ok: false; failure: SyncErrorCode };

/** A request that hangs (a half-open connection) counts as unreachable after this long. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The terminal's side of the wire protocol (src-shared/contract/sync-wire.ts). Every answer is parsed
 * with zod before it is believed: a proxy's HTML page or another program on the port is
 * `bad_answer`, never a half-understood success. The token goes only into the Authorization header.
 */
export class SyncClient {
  constructor(private readonly baseUrl: string) {}

  enrol(code: string, terminalId: string, name: string): Promise<Answer<EnrolAnswer>> {
    return this.request('POST', '/v1/enrol', null, { code, terminalId, name }, EnrolAnswerSchema);
  }

  push(token: string, terminalId: string, events: readonly WireEvent[]): Promise<Answer<PushAnswer>> {
    return this.request('POST', '/v1/push', token, { terminalId, events }, PushAnswerSchema);
  }

  pull(token: string, cursor: string): Promise<Answer<PullAnswer>> {
    return this.request('GET', `/v1/pull?cursor=${encodeURIComponent(cursor)}`, token, undefined, PullAnswerSchema);
  }

  private async request<T>(method: string, path: string, token: string | null, body: unknown, schema: z.ZodType<T>): Promise<Answer<T>> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.baseUrl.replace(/\/+$/, '') + path, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch {
      return { ok: false, failure: 'unreachable' };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, failure: response.status >= 500 ? 'unavailable' : 'bad_answer' };
    }
    if (response.ok) {
      const parsed = schema.safeParse(json);
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, failure: 'bad_answer' };
    }
    const refusal = SyncErrorSchema.safeParse(json);
    if (refusal.success) return { ok: false, refusal: refusal.data };
    return { ok: false, failure: response.status >= 500 ? 'unavailable' : 'bad_answer' };
  }
}

import { z } from 'zod';
import { TimeMsSchema, type FeedDropCode } from '../../../src-shared/contract/marketdata';
import { PriceUnitsSchema, ProductIdSchema } from '../../../src-shared/domain/schemas';

/** Tick payload on `griddesk/<site>/market/<productId>/tick` (see docs/mqtt-namespace.md): MQTT, not the contract. */
export const FeedTickSchema = z
  .object({ price: PriceUnitsSchema, quantity: z.number().int().positive().max(1_000_000_000), ts: TimeMsSchema })
  .strict();
export type FeedTick = z.infer<typeof FeedTickSchema>;

export const FEED_ROOT = 'griddesk';
const MAX_PAYLOAD_BYTES = 4_096;
/** A gateway's clock may run a little ahead; further than this and the tick is refused. */
const MAX_FUTURE_MS = 60_000;

export function feedSubscription(site: string): string {
  return `${FEED_ROOT}/${site}/market/+/tick`;
}

export function feedTopic(site: string, productId: string): string {
  return `${FEED_ROOT}/${site}/market/${productId}/tick`;
}

/** `code` is what the screens word; `reason` says the same in English with the offending part, for the log and the hover text. */
export type TickParse = { ok: true; productId: string; tick: FeedTick } | { ok: false; code: FeedDropCode; reason: string };

/** Topic and payload checked separately so a drop says which one was wrong. */
export function parseTick(site: string, topic: string, payload: Uint8Array, now: number): TickParse {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== FEED_ROOT || parts[1] !== site || parts[2] !== 'market' || parts[4] !== 'tick') {
    return { ok: false, code: 'BAD_TOPIC', reason: `topic ${topic.slice(0, 128)} is not griddesk/${site}/market/<productId>/tick` };
  }
  const productId = ProductIdSchema.safeParse(parts[3]);
  if (!productId.success) return { ok: false, code: 'BAD_PRODUCT_ID', reason: `topic names no valid product id: ${String(parts[3]).slice(0, 64)}` };
  if (payload.byteLength > MAX_PAYLOAD_BYTES) return { ok: false, code: 'TOO_LARGE', reason: `payload of ${payload.byteLength} bytes exceeds ${MAX_PAYLOAD_BYTES}` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return { ok: false, code: 'NOT_JSON', reason: 'payload is not JSON' };
  }
  const tick = FeedTickSchema.safeParse(json);
  if (!tick.success) {
    const issue = tick.error.issues[0];
    return { ok: false, code: 'BAD_PAYLOAD', reason: issue ? `${issue.path.map(String).join('.') || 'payload'}: ${issue.message}` : 'payload does not match {price, quantity, ts}' };
  }
  if (tick.data.ts > now + MAX_FUTURE_MS) return { ok: false, code: 'FUTURE_TS', reason: 'ts is more than a minute in the future' };
  return { ok: true, productId: productId.data, tick: tick.data };
}

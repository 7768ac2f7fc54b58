import { describe, expect, it } from 'vitest';
import { parseTick } from '../../src-main/marketdata/feed/feed-ticks';

const SITE = 'desk1';
const NOW = Date.UTC(2026, 10, 23, 8, 0);
const TOPIC = `griddesk/${SITE}/market/DE-H-20261123T1100Z/tick`;
const bytes = (text: string) => new TextEncoder().encode(text);
const codeOf = (topic: string, payload: Uint8Array) => {
  const parsed = parseTick(SITE, topic, payload, NOW);
  return parsed.ok ? 'accepted' : parsed.code;
};

describe('a dropped feed tick', () => {
  it('carries a code for each way it can be wrong, which the screens word', () => {
    const good = bytes(JSON.stringify({ price: 7_777, quantity: 500, ts: NOW }));
    expect(codeOf(`griddesk/other/market/DE-H-20261123T1100Z/tick`, good)).toBe('BAD_TOPIC');
    expect(codeOf(`griddesk/${SITE}/market/not-a-product/tick`, good)).toBe('BAD_PRODUCT_ID');
    expect(codeOf(TOPIC, new Uint8Array(1_000_000))).toBe('TOO_LARGE');
    expect(codeOf(TOPIC, bytes('{price'))).toBe('NOT_JSON');
    expect(codeOf(TOPIC, bytes(JSON.stringify({ price: 7_777 })))).toBe('BAD_PAYLOAD');
    expect(codeOf(TOPIC, bytes(JSON.stringify({ price: 7_777, quantity: 500, ts: NOW + 3_600_000 })))).toBe('FUTURE_TS');
    expect(codeOf(TOPIC, good)).toBe('accepted');
  });

  it('keeps the English reason naming the offending part, for the log and the hover text', () => {
    const parsed = parseTick(SITE, `griddesk/${SITE}/market/not-a-product/tick`, bytes('{}'), NOW);
    expect(parsed).toMatchObject({ ok: false, reason: expect.stringContaining('not-a-product') });
  });
});

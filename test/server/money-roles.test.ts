/**
 * Who may move money, through a real socket of the served terminal: a trader sees their cash but
 * cannot deposit into it (which would lift their own credit check); a risk manager books cash
 * moves for any account with the payment's reference, and the reference is in the audit log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src-main/server/ws-server';
import type { ProductView } from '../../src-shared/domain/schemas';
import { openHarness, withAdmin, withUser, type Harness } from '../helpers/core';
import { serveCore, WsClient } from '../helpers/ws-client';

const EUR = 100_000;
let harness: Harness;
let server: RunningServer;
const sockets: WsClient[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.close();
  harness?.close();
});

async function signIn(username: string): Promise<WsClient> {
  const socket = await WsClient.open(server.url);
  sockets.push(socket);
  await socket.ok('auth.login', { username, password: `${username}-password-123` });
  return socket;
}

/** A trader with a credit limit of 0 and no cash, a risk manager, and an open hour product. */
async function deskWithoutCash() {
  harness = openHarness();
  server = await serveCore(harness.core);
  const ada = await withAdmin(harness);
  await withUser(harness, ada, 'tom', 'trader');
  await withUser(harness, ada, 'rita', 'risk_manager');
  const tom = await signIn('tom');
  const rita = await signIn('rita');
  const tomId = (await tom.ok('risk.cash.balance', {})).userId;
  await rita.ok('risk.limits.set', { userId: tomId, limits: { creditLimitMoney: 0 } });
  const now = harness.clock.now();
  const product = (await tom.ok('trading.products.list', {})).find((p) => p.kind === 'hour' && p.openAt <= now && p.gateClosure > now + 3_600_000) as ProductView;
  const order = { productId: product.id, side: 'buy', price: 5_000, quantity: 1_000 } as const;
  return { ada, tom, rita, tomId, order };
}

describe('cash moves over the socket', () => {
  it("refuses a trader's deposit into their own account, and their credit check still refuses the order", async () => {
    const { tom, tomId, order } = await deskWithoutCash();
    expect(await tom.call('trading.orders.place', order)).toMatchObject({ ok: false, error: { reason: 'LIMIT_CREDIT_LIMIT' } });

    const deposit = await tom.call('risk.cash.deposit', { userId: tomId, amountMoney: 9_000_000_000_000, reference: 'self' });
    expect(deposit).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await tom.ok('risk.cash.balance', {})).toMatchObject({ depositsMoney: 0, balanceMoney: 0 });
    expect(await tom.call('trading.orders.place', order)).toMatchObject({ ok: false, error: { reason: 'LIMIT_CREDIT_LIMIT' } });
  });

  it("refuses a trader's withdrawal from their own account", async () => {
    const { tom, tomId } = await deskWithoutCash();
    expect(await tom.call('risk.cash.withdraw', { userId: tomId, amountMoney: 1, reference: 'self' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it("lets a risk manager book a deposit for a trader, with the reference in the audit log", async () => {
    const { ada, tom, rita, tomId, order } = await deskWithoutCash();
    const view = await rita.ok('risk.cash.deposit', { userId: tomId, amountMoney: 80 * EUR, reference: 'SEPA 2026-11-23/7781' });
    expect(view).toMatchObject({ userId: tomId, depositsMoney: 80 * EUR });
    expect(await tom.call('trading.orders.place', order)).toMatchObject({ ok: true });
    const booked = (await ada.ok('audit.list', {})).find((e) => e.type === 'risk.cash.deposit');
    expect(booked).toMatchObject({ actor: 'rita', payload: { userId: tomId, amountMoney: 80 * EUR, reference: 'SEPA 2026-11-23/7781' } });
  });

  it('refuses a cash move without a reference', async () => {
    const { rita, tomId } = await deskWithoutCash();
    const result = await rita.call('risk.cash.deposit', { userId: tomId, amountMoney: 80 * EUR, reference: '  ' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'reference' } });
  });

  it('refuses a cash move that names no account', async () => {
    const { rita } = await deskWithoutCash();
    const result = await rita.call('risk.cash.deposit', { amountMoney: 80 * EUR, reference: 'SEPA 1' } as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', field: 'userId' } });
  });
});

/**
 * Run by crash-recovery.test.ts as a separate process that is killed with SIGKILL mid-flow. Prints
 * "ACK <orderId>" only after the core acknowledged the order, i.e. after its transaction committed.
 */
import { ManualClock } from '../../src-main/core/clock';
import { Core } from '../../src-main/core/core';
import { T0 } from '../helpers/core';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child <dataDir>');
const clock = new ManualClock(T0);
const core = Core.open({ dataDir, clock });
const client = core.connect({ trustedLocal: true }, () => {});

async function main(): Promise<void> {
  const setup = await client.request('auth.setup', { username: 'admin', displayName: 'Admin', password: 'correct horse battery' });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  // Two traders, so crossing orders trade instead of being stopped as self-trades.
  const created = await client.request('auth.users.create', { username: 'tom', displayName: 'Tom', password: 'tom-password-123', role: 'trader' });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const tom = core.connect({ trustedLocal: false }, () => {});
  const login = await tom.request('auth.login', { username: 'tom', password: 'tom-password-123' });
  if (!login.ok) throw new Error(JSON.stringify(login.error));
  const products = await client.request('trading.products.list', {});
  if (!products.ok) throw new Error('no products');
  const hours = products.value.filter((p) => p.kind === 'hour' && p.gateClosure > T0 + 7_200_000).slice(0, 3);
  let i = 0;
  for (;;) {
    i++;
    clock.advance(1);
    const product = hours[i % hours.length]!;
    const side = i % 2 === 0 ? 'buy' : 'sell';
    // Prices straddle each other so roughly half the orders trade.
    const price = 5_000 + ((i * 7919) % 41) * 10 - (side === 'buy' ? 0 : 100);
    const trader = i % 4 < 2 ? tom : client;
    const result = await trader.request('trading.orders.place', { productId: product.id, side, price, quantity: 100 * (1 + (i % 5)) });
    if (result.ok) process.stdout.write(`ACK ${result.value.id}\n`);
  }
}

void main();

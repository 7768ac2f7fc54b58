import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, tempDir, type Harness, withStore } from '../helpers/core';

let harness: Harness;
afterEach(() => harness?.close());

function runUntilKilled(dataDir: string, acks: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffer = '';
    let errors = '';
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ACK ')) acked.push(Number(line.slice(4)));
      if (acked.length >= acks && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child exited early: ${errors}`))));
  });
}

describe('crash recovery', () => {
  it('after SIGKILL mid-flow, every acknowledged order and trade is there once and the books match them', async () => {
    const dataDir = tempDir();
    // Past the 2,000-command snapshot interval, so recovery uses a snapshot plus the journal after it.
    const acked = await runUntilKilled(dataDir, 2_500);
    harness = openHarness(dataDir);
    const admin = harness.connect();
    await admin.ok('auth.login', { username: 'admin', password: 'correct horse battery' });
    const orders = await admin.ok('trading.orders.list', { scope: 'all', limit: 100_000 });
    const ids = new Set(orders.map((o) => o.id));
    for (const id of acked) expect(ids.has(id)).toBe(true);
    expect(ids.size).toBe(orders.length);

    // Each order's fills equal the trades it took part in: no trade lost or replayed twice.
    const trades = withStore(harness, (db) => db.prepare('SELECT buy_order_id AS b, sell_order_id AS s, quantity AS q FROM trades').all() as Array<{ b: number; s: number; q: number }>);
    const filled = new Map<number, number>();
    for (const t of trades) {
      filled.set(t.b, (filled.get(t.b) ?? 0) + t.q);
      filled.set(t.s, (filled.get(t.s) ?? 0) + t.q);
    }
    for (const order of orders) {
      expect(order.filled).toBe(filled.get(order.id) ?? 0);
      if (order.status === 'cancelled' || order.status === 'expired') expect(order.remaining).toBe(0);
      else expect(order.filled + order.remaining).toBe(order.quantity);
    }

    expect(trades.length).toBeGreaterThan(100);

    // The rebuilt books hold exactly the remaining quantity of the working orders.
    const products = [...new Set(orders.map((o) => o.productId))];
    for (const productId of products) {
      const book = await admin.ok('trading.book.get', { productId, depth: 100 });
      const live = orders.filter((o) => o.productId === productId && (o.status === 'working' || o.status === 'partially_filled'));
      const sum = (side: 'buy' | 'sell') => live.filter((o) => o.side === side).reduce((acc, o) => acc + o.remaining, 0);
      expect(book.bids.reduce((acc, l) => acc + l.quantity, 0)).toBe(sum('buy'));
      expect(book.asks.reduce((acc, l) => acc + l.quantity, 0)).toBe(sum('sell'));
    }
  });
});

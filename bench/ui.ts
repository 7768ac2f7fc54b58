/**
 * `npm run bench:ui`: the trader's workspace in Chromium against a real `serve`.
 * - coldStartMs: spawn of `serve` on an existing data folder until the sign-in form can be used;
 * - orderToBlotterMs: Enter pressed in the ticket until the order's row is in the blotter;
 * - updates: a second desk drives book changes and trades into the product on screen (ladder and
 *   chart) at a fixed rate while the page records its longest frame and its heap before and after;
 * - blotter100kOpenMs: the Orders tab opened with 100,000 orders loaded, until its rows are painted.
 * The last line printed is one JSON object.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ApiClient } from './ui/api-client';
import { armOrderProbe, heapMb, orderLatencies, stopFrames, timeBlotterOpen, watchFrames } from './ui/page-probes';
import { runServe } from './ui/serve-runner';

const CI = process.env['CI'] === 'true';
const ORDERS = CI ? 300 : 1_000;
const SOAK_SECONDS = CI ? 8 : 60;
const UPDATES_PER_SECOND = 2_000;
const BLOTTER_ROWS = 100_000;
const ADMIN = { username: 'bench', displayName: 'Bench Admin', password: 'bench password 123' };
const MAKER = { username: 'bench-maker', displayName: 'Bench Maker', password: 'bench password 456' };
const TAKER = { username: 'bench-taker', displayName: 'Bench Taker', password: 'bench password 789' };

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const round = (n: number) => Math.round(n * 100) / 100;

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // A remembered session resumes by itself.
  await page.getByTestId('current-user').or(page.getByLabel('User name')).first().waitFor();
  if (await page.getByTestId('current-user').isVisible()) return;
  await page.getByLabel('User name').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('current-user').waitFor();
}

async function userClient(url: string, user: typeof MAKER): Promise<ApiClient> {
  const client = await ApiClient.connect(url);
  await client.call('auth.login', { username: user.username, password: user.password });
  return client;
}

/** Places `count` resting orders for the signed-in user, many in flight so group commit batches them. */
async function seedOrders(client: ApiClient, productId: string, count: number): Promise<number> {
  const started = performance.now();
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      const i = sent++;
      await client.call('trading.orders.place', { productId, side: 'buy', quantity: 100, price: -900_000 + (i % 5_000) });
    }
  };
  await Promise.all(Array.from({ length: 256 }, worker));
  return count / ((performance.now() - started) / 1000);
}

/**
 * Four changes per cycle on the product on screen: a resting ask, a taker lifting it (a trade and a
 * candle), a resting bid, and its cancel. Paced per 50 ms slice so the rate is steady, not bursty.
 */
async function driveUpdates(maker: ApiClient, taker: ApiClient, productId: string, mid: number, seconds: number): Promise<number> {
  const perSlice = UPDATES_PER_SECOND / 20 / 4;
  // Slices start on the clock, not when the previous one is answered; a cap keeps a slow terminal
  // from building an endless queue (the rate achieved then says so).
  const maxInFlight = perSlice * 8;
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  let done = 0;
  let price = mid;
  for (let slice = 0; performance.now() - started < seconds * 1000; slice++) {
    for (let c = 0; c < perSlice && pending.size < maxInFlight; c++) {
      price += Math.round((Math.random() - 0.5) * 40);
      const ask = price + 200;
      const bid = price - 200;
      const cycle = (async () => {
        await maker.call('trading.orders.place', { productId, side: 'sell', quantity: 100, price: ask });
        await taker.call('trading.orders.place', { productId, side: 'buy', type: 'ioc', quantity: 100, price: ask });
        const resting = await maker.call('trading.orders.place', { productId, side: 'buy', quantity: 100, price: bid });
        // The simulator's taker may have hit the bid first: then there is nothing left to cancel.
        await maker.call('trading.orders.cancel', { orderId: resting.id }).catch((err: unknown) => {
          if (!String(err).includes('REJECTED')) throw err;
        });
        done += 4;
      })();
      pending.add(cycle);
      void cycle.finally(() => pending.delete(cycle));
    }
    const wait = started + (slice + 1) * 50 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(pending);
  return done / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  if (!existsSync(join(import.meta.dirname, '../out/main/serve.js'))) {
    log('Building GridDesk…');
    if (spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' }).status !== 0) process.exit(1);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'griddesk-bench-ui-'));
  let serve: Awaited<ReturnType<typeof runServe>> | undefined;
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  try {
    // A terminal with its administrator and two more desks, then stopped: the cold start is a restart.
    serve = await runServe(dataDir, true);
    const setup = await ApiClient.connect(serve.url);
    await setup.call('auth.setup', { setupToken: serve.setupToken ?? undefined, ...ADMIN });
    for (const user of [MAKER, TAKER]) await setup.call('auth.users.create', { ...user, role: 'trader' });
    setup.close();
    await serve.stop();

    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    // tsx keeps function names with a helper that the page does not have.
    await page.addInitScript('window.__name = (fn) => fn;');
    const coldStarted = performance.now();
    serve = await runServe(dataDir, false);
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const coldStartMs = performance.now() - coldStarted;
    log(`cold start ${coldStartMs.toFixed(0)} ms`);

    await signIn(page, serve.url);
    // An hourly product that stays open for the whole run, so no gate closes under the benchmark.
    const lookup = await userClient(serve.url, ADMIN);
    const open = (await lookup.call('trading.products.list', {})).filter((p) => p.kind === 'hour' && p.openAt <= Date.now() && p.gateClosure > Date.now() + 30 * 60_000);
    lookup.close();
    const productId = open[0]?.id;
    if (!productId) throw new Error('no hourly product stays open for the next 30 minutes');
    const ticket = page.getByRole('form', { name: 'Order ticket' });
    await ticket.getByRole('combobox', { name: 'Product' }).selectOption(productId);
    await ticket.getByLabel('Price (€/MWh)').fill('-500.00');
    await ticket.getByLabel('Quantity (MW)').fill('0.1');
    await armOrderProbe(page);
    for (let i = 0; i < ORDERS; i++) {
      await ticket.getByLabel('Quantity (MW)').press('Enter');
      await page
        // The ticket takes the next Enter once the previous order's answer is back (no double sends).
        .waitForFunction(
          (n) => (window as unknown as { __latencies: number[] }).__latencies.length > n && !document.querySelector<HTMLButtonElement>('button[name=send]')?.disabled,
          i,
          { polling: 'raf', timeout: 10_000 },
        )
        .catch(async (err: unknown) => {
          throw new Error(`order ${i} never reached the blotter; the ticket says: ${await page.getByTestId('ticket-message').textContent().catch(() => '?')}`, { cause: err });
        });
    }
    const latencies = (await orderLatencies(page)).sort((a, b) => a - b);
    log(`order to blotter p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms over ${latencies.length}`);

    const maker = await userClient(serve.url, MAKER);
    const taker = await userClient(serve.url, TAKER);
    const book = await maker.call('trading.book.get', { productId, depth: 1 });
    const mid = book.bids[0]?.price ?? book.asks[0]?.price ?? 10_000;
    await page.waitForTimeout(500);
    const heapBefore = await heapMb(page);
    await watchFrames(page);
    // BENCH_UI_PROFILE=file.cpuprofile records the page's main thread during the soak.
    // BENCH_UI_ALLOC=file.heapprofile records where the page allocates during the soak (sampled).
    const profileTo = process.env['BENCH_UI_PROFILE'];
    const allocTo = process.env['BENCH_UI_ALLOC'];
    const cdp = profileTo || allocTo ? await page.context().newCDPSession(page) : null;
    if (cdp && profileTo) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    if (cdp && allocTo) await cdp.send('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    const perSec = await driveUpdates(maker, taker, productId, mid, SOAK_SECONDS);
    const frames = await stopFrames(page);
    if (cdp && profileTo) writeFileSync(profileTo, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    if (cdp && allocTo) writeFileSync(allocTo, JSON.stringify((await cdp.send('HeapProfiler.stopSampling')).profile));
    await page.waitForTimeout(500);
    const heapAfter = await heapMb(page);
    if (frames.long.length > 0) log(`frames over 50 ms (at ms, length ms): ${JSON.stringify(frames.long)}`);
    if (frames.longTasks.length > 0) log(`main-thread tasks over 50 ms (at ms, length ms): ${JSON.stringify(frames.longTasks)}`);
    log(`updates ${perSec.toFixed(0)}/s for ${SOAK_SECONDS} s, longest frame ${frames.max.toFixed(1)} ms, heap ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB`);
    maker.close();
    taker.close();

    // 100,000 orders of the user's, placed while the page is away, then the blotter opened with them.
    await page.goto('about:blank');
    const seeder = await userClient(serve.url, ADMIN);
    const seedRate = await seedOrders(seeder, productId, BLOTTER_ROWS - ORDERS);
    seeder.close();
    log(`seeded ${BLOTTER_ROWS - ORDERS} orders at ${seedRate.toFixed(0)}/s`);
    await signIn(page, serve.url);
    // Loaded once at sign-in; then away to the Trades tab and back: opening is rendering 100,000 rows.
    await page.locator('[aria-label="Blotter"] [data-testid=row-count]').filter({ hasText: `${BLOTTER_ROWS} of ${BLOTTER_ROWS}` }).waitFor({ timeout: 60_000 });
    await page.locator('button[name="tab-trades"]').click();
    const blotter100kOpenMs = await timeBlotterOpen(page, BLOTTER_ROWS);
    log(`blotter with ${BLOTTER_ROWS} rows opened in ${blotter100kOpenMs.toFixed(0)} ms`);
    await serve.stop();

    console.log(
      JSON.stringify({
        orderToBlotterMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), orders: latencies.length },
        updates: { perSec: Math.round(perSec), seconds: SOAK_SECONDS, maxFrameMs: round(frames.max), frames: frames.count, framesOver50Ms: frames.long.length, longTasks: frames.longTasks.length, heapGrowthMb: round(heapAfter - heapBefore) },
        blotter100kOpenMs: Math.round(blotter100kOpenMs),
        coldStartMs: Math.round(coldStartMs),
        seedOrdersPerSec: Math.round(seedRate),
      }),
    );
  } finally {
    // A failed run must not leave a terminal (and its simulator) running behind it.
    await serve?.stop();
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

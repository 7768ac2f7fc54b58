import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { formatMw } from '../../src-shared/domain/units';
import { SHOTS, sendTicket, createAdmin } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

const TRADER = { username: 'tom', displayName: 'Tom Trader', password: 'another long password', role: 'trader' };
const ticket = (page: Page) => page.getByRole('form', { name: 'Order ticket' });
const ladder = (page: Page) => page.getByRole('region', { name: 'Depth ladder' });

/**
 * Puts contract clients in the page, each on its own socket: the admin's (resuming the page's session)
 * and a second user's, so the test drives the core exactly as other terminals would.
 */
async function installClients(page: Page): Promise<void> {
  const created = await page.evaluate(async (trader) => {
    type Result = { ok: boolean; value?: unknown; error?: unknown };
    async function client() {
      const ws = new WebSocket(`ws://${location.host}/ws`);
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      let id = 0;
      return (method: string, input: unknown) =>
        new Promise<Result>((resolve) => {
          const mine = ++id;
          const onMessage = (event: MessageEvent) => {
            const message = JSON.parse(String(event.data)) as Result & { type: string; id: number };
            if (message.type !== 'result' || message.id !== mine) return;
            ws.removeEventListener('message', onMessage);
            resolve(message);
          };
          ws.addEventListener('message', onMessage);
          ws.send(JSON.stringify({ id: mine, method, input }));
        });
    }
    const admin = await client();
    await admin('auth.resume', { token: sessionStorage.getItem('griddesk.session') });
    const made = await admin('auth.users.create', trader);
    const other = await client();
    const login = await other('auth.login', { username: trader.username, password: trader.password });
    (window as unknown as { clients: unknown }).clients = [admin, other];
    return { made, login };
  }, TRADER);
  expect(created.made.ok, JSON.stringify(created.made.error)).toBe(true);
  expect(created.login.ok, JSON.stringify(created.login.error)).toBe(true);
}

type Send = (method: string, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>;

async function send(page: Page, user: number, method: string, input: unknown): Promise<{ ok: boolean; value?: unknown }> {
  return page.evaluate(([u, m, i]) => (window as unknown as { clients: Send[] }).clients[u as number]!(m as string, i), [user, method, input] as const);
}

interface Level {
  price: number;
  quantity: number;
}

/** What the ladder shows, top to bottom as [price, size] texts, next to the same levels of `trading.book.get`. */
async function ladderAndBook(page: Page, productId: string): Promise<{ shown: string[]; book: string[] }> {
  const shown = await ladder(page)
    .locator('.ladder-row')
    .evaluateAll((rows) => rows.map((r) => `${(r as HTMLElement).dataset['price']} ${r.querySelector('.ladder-size-text')?.textContent ?? ''}`));
  const answer = await send(page, 0, 'trading.book.get', { productId, depth: 20 });
  const book = answer.value as { bids: Level[]; asks: Level[] };
  const rows = [...[...book.asks].reverse(), ...book.bids].map((l) => `${l.price} ${formatMw(l.quantity)}`);
  return { shown, book: rows };
}

/** The ladder's rows that differ from the core's book, and a row count that differs; empty when they agree. */
async function mismatches(page: Page, productId: string): Promise<string[]> {
  const { shown, book } = await ladderAndBook(page, productId);
  return shown.filter((row, i) => row !== book[i]).concat(shown.length === book.length ? [] : [`${shown.length} rows, book ${book.length}`]);
}

test('the ladder equals the core book after random orders of two users while it switches products', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await installClients(page);
  await expect(ladder(page).locator('.ladder-row').first()).toBeVisible({ timeout: 15_000 });
  const select = ticket(page).getByRole('combobox', { name: 'Product' });
  const products = (await select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).slice(0, 2);
  expect(products).toHaveLength(2);

  // A seeded walk, so a failure can be replayed: orders near the touch by both users, cancels, switches.
  let seed = 13;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const live: Array<{ user: number; id: number }> = [];
  let shown = await select.inputValue();
  for (let step = 0; step < 60; step++) {
    const productId = products[Math.floor(random() * 2)]!;
    const roll = random();
    if (roll < 0.15) {
      const target = products.find((p) => p !== shown)!;
      // A refusal first: it changes no book and must not take the seq of the next change, which the
      // snapshot the switch fetches would then claim to hold already.
      await send(page, 0, 'trading.orders.place', { productId: target, side: 'buy', type: 'limit', price: 5_000, quantity: 150 });
      await select.selectOption(target);
      shown = target;
      await expect.poll(() => mismatches(page, target), { timeout: 5_000 }).toEqual([]);
      // The other user's order right after the switch: its delta must show on the snapshot just loaded.
      const answer = await send(page, 0, 'trading.book.get', { productId: target, depth: 1 });
      const bestBid = (answer.value as { bids: Level[] }).bids[0]?.price ?? 5_000;
      const placed = await send(page, 1, 'trading.orders.place', { productId: target, side: 'buy', type: 'limit', price: bestBid - 100 * (1 + Math.floor(random() * 3)), quantity: 100 });
      if (placed.ok) live.push({ user: 1, id: (placed.value as { id: number }).id });
      await expect.poll(() => mismatches(page, target), { timeout: 5_000 }).toEqual([]);
    } else if (roll < 0.4 && live.length > 0) {
      const [order] = live.splice(Math.floor(random() * live.length), 1);
      await send(page, order!.user, 'trading.orders.cancel', { orderId: order!.id });
    } else {
      const answer = await send(page, 0, 'trading.book.get', { productId, depth: 1 });
      const book = answer.value as { bids: Level[]; asks: Level[] };
      const side = random() < 0.5 ? 'buy' : 'sell';
      const user = Math.floor(random() * 2);
      // Now and then the engine refuses an order first (off the lot grid): a refusal changes no book.
      if (random() < 0.3) await send(page, 1 - user, 'trading.orders.place', { productId, side, type: 'limit', price: 5_000, quantity: 150 });
      const opposite = side === 'buy' ? book.asks[0]?.price : book.bids[0]?.price;
      if (opposite !== undefined && random() < 0.3) {
        // Takes liquidity at the far touch: the trade's delta must reach the ladder like any other.
        await send(page, user, 'trading.orders.place', { productId, side, type: 'ioc', price: opposite, quantity: 100 });
        if (productId === shown) await expect.poll(() => mismatches(page, productId), { timeout: 5_000 }).toEqual([]);
      } else {
        const touch = side === 'buy' ? (book.bids[0]?.price ?? 5_000) : (book.asks[0]?.price ?? 5_100);
        const away = Math.floor(random() * 5) * 100 * (side === 'buy' ? -1 : 1);
        const placed = await send(page, user, 'trading.orders.place', { productId, side, type: 'limit', price: touch + away, quantity: 100 * (1 + Math.floor(random() * 20)) });
        if (placed.ok) live.push({ user, id: (placed.value as { id: number }).id });
      }
    }
  }
  // Back and forth once more, then compare every visible level with the core's book.
  await select.selectOption(products[1]!);
  await select.selectOption(products[0]!);
  await expect.poll(() => mismatches(page, products[0]!), { timeout: 15_000 }).toEqual([]);
});

test('a prefilled quantity is selected, so what is typed replaces it', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const bestAsk = ladder(page).locator('.ladder-ask button.ladder-price').last();
  await expect(bestAsk).toBeVisible({ timeout: 15_000 });
  await ticket(page).getByLabel('Quantity (MW)').fill('1');
  await bestAsk.click();
  await expect(ticket(page).getByLabel('Quantity (MW)')).toBeFocused();
  await page.keyboard.type('5');
  await expect(ticket(page).getByLabel('Quantity (MW)')).toHaveValue('5');
  // F1 puts the cursor on the price the same way: typing replaces the prefilled one.
  await page.keyboard.press('F1');
  await page.keyboard.type('42');
  await expect(ticket(page).getByLabel('Price (€/MWh)')).toHaveValue('42');
});

test('the ticket counts down to the selected product gate', async ({ page }) => {
  await page.clock.install({ time: Date.now() });
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const productId = await ticket(page).getByRole('combobox', { name: 'Product' }).inputValue();
  const watchlistGate = page.getByTestId(`gate-${productId}`);
  await expect(watchlistGate).toHaveText(/^\d+:\d\d$/);
  const left = (await watchlistGate.textContent())!;
  await expect(ticket(page).getByTestId('ticket-gate')).toHaveText(/^Gate closes in \d+:\d\d$/);
  const [minutes, seconds] = left.split(':').map(Number) as [number, number];
  await page.clock.fastForward((minutes * 60 + seconds + 2) * 1000);
  await expect(ticket(page).getByTestId('ticket-gate')).toContainText('Gate closed');
  await page.screenshot({ path: join(SHOTS, 'ticket-gate-en-light.png') });
});

test('at 1600×1000 the blotter shows filled, status and cancel and the watchlist change, volume and position', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await expect(ladder(page).locator('.ladder-row').first()).toBeVisible({ timeout: 15_000 });
  await ticket(page).getByLabel('Price (€/MWh)').fill('1.00');
  await ticket(page).getByLabel('Quantity (MW)').fill('0.5');
  await sendTicket(page);
  const shots = [
    { language: 'en', theme: 'light', blotter: 'Blotter', watchlist: 'Watchlist', positions: 'Positions' },
    { language: 'ar', theme: 'dark', blotter: 'سجل الأوامر', watchlist: 'قائمة المراقبة', positions: 'المراكز' },
  ];
  for (const shot of shots) {
    const blotter = page.getByRole('table', { name: shot.blotter });
    const watchlist = page.getByRole('table', { name: shot.watchlist });
    if (shot.language === 'ar') {
      await page.getByLabel('Language').selectOption('ar');
      await page.getByRole('button', { name: 'المظهر' }).click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    }
    await expect(blotter.locator('.table-body [role=row]').first()).toBeVisible();
    for (const [table, columns] of [
      [blotter, ['filled', 'status', 'actions']],
      [watchlist, ['change', 'volume', 'position']],
    ] as const) {
      for (const column of columns) {
        const header = table.locator(`[role=columnheader][data-column="${column}"]`);
        await expect(header).toBeInViewport({ ratio: 1 });
      }
    }
    await page.screenshot({ path: join(SHOTS, `ladder-blotter-${shot.language}-${shot.theme}.png`) });
    // Positions shares the blotter's group: the own position and its value show without scrolling.
    await page.locator('.dv-tab', { hasText: shot.positions }).click();
    const positions = page.getByRole('table', { name: shot.positions });
    for (const column of ['side', 'netMw', 'total']) await expect(positions.locator(`[role=columnheader][data-column="${column}"]`)).toBeInViewport({ ratio: 1 });
    await page.locator('.dv-tab', { hasText: shot.blotter }).click();
  }
});

test('an IOC that fills part of its quantity says how much filled and that the rest was cancelled', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const bestAsk = ladder(page).locator('.ladder-ask button.ladder-price').last();
  await expect(bestAsk).toBeVisible({ timeout: 15_000 });
  await bestAsk.click();
  await page.keyboard.type('20');
  await ticket(page).getByRole('combobox', { name: 'Type' }).selectOption('ioc');
  await sendTicket(page);
  const row = page.getByRole('table', { name: 'Blotter' }).locator('.table-body [role=row]').first();
  await expect(row).toContainText(/Filled \d+\.\d of 20\.0 MW, rest cancelled/);
});

test('a working order is modified from the blotter, told whether it keeps its place in the queue', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await ticket(page).getByLabel('Price (€/MWh)').fill('1.00');
  await ticket(page).getByLabel('Quantity (MW)').fill('0.5');
  await sendTicket(page);
  const row = page.getByRole('table', { name: 'Blotter' }).locator('.table-body [role=row]').first();
  await row.getByRole('button', { name: 'Modify' }).click();
  const form = page.getByRole('form', { name: /^Modify order \d+$/ });
  await page.keyboard.type('0.2');
  await expect(form.getByTestId('modify-rule')).toHaveText('Keeps its place in the queue.');
  await form.getByRole('textbox', { name: 'Price' }).fill('1.50');
  await expect(form.getByTestId('modify-rule')).toHaveText('Goes to the back of the queue at its price.');
  await form.getByRole('button', { name: 'Modify' }).click();
  await expect(form).toHaveCount(0);
  await expect(row).toContainText('1.50');
  await expect(row).toContainText('0.2');
});

import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAdmin, SHOTS, signOut } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});
test.use({ viewport: { width: 1600, height: 1000 } });
mkdirSync(SHOTS, { recursive: true });

const TRADER = { username: 'tom', displayName: 'Tom Trader', password: 'another long password', role: 'trader' };
const VIEWER = { username: 'vera', displayName: 'Vera Viewer', password: 'vera watches the market', role: 'viewer' };

type Result = { ok: boolean; value?: unknown; error?: unknown };

/**
 * Contract clients inside the page, each on its own socket as another terminal would be: index 0 the
 * admin (resuming the page's session), then one per account in `accounts`, created and signed in.
 */
async function installClients(page: Page, accounts: ReadonlyArray<typeof TRADER>): Promise<void> {
  const outcome = await page.evaluate(async (list) => {
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
    const results: Result[] = [await admin('auth.resume', { token: sessionStorage.getItem('griddesk.session') })];
    const clients = [admin];
    for (const account of list) {
      results.push(await admin('auth.users.create', account));
      const other = await client();
      results.push(await other('auth.login', { username: account.username, password: account.password }));
      clients.push(other);
    }
    (window as unknown as { clients: unknown; client: unknown }).clients = clients;
    (window as unknown as { client: unknown }).client = client;
    return results;
  }, accounts);
  for (const result of outcome) expect(result.ok, JSON.stringify(result.error)).toBe(true);
}

async function send(page: Page, user: number, method: string, input: unknown): Promise<Result> {
  type Send = (method: string, input: unknown) => Promise<Result>;
  return page.evaluate(([u, m, i]) => (window as unknown as { clients: Send[] }).clients[u as number]!(m as string, i), [user, method, input] as const);
}

async function openPanel(page: Page, id: string): Promise<void> {
  await page.getByLabel('Open panel…').selectOption(id);
}

async function arabicDark(page: Page): Promise<void> {
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
}

test('a price alert already true fires at once, and alerts and rules survive a reload', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await installClients(page, [TRADER]);
  // A trade of our own gives the product a last price of 50.00 €/MWh.
  const products = (await send(page, 0, 'trading.products.list', {})).value as Array<{ id: string; kind: string; gateClosure: number }>;
  const product = products.find((p) => p.kind === 'hour' && p.gateClosure > Date.now() + 3 * 3_600_000)!;
  expect((await send(page, 0, 'trading.orders.place', { productId: product.id, side: 'sell', price: 5_000, quantity: 1_000 })).ok).toBe(true);
  expect((await send(page, 1, 'trading.orders.place', { productId: product.id, side: 'buy', price: 5_000, quantity: 1_000 })).ok).toBe(true);

  await openPanel(page, 'alerts');
  const panel = page.locator('.alerts-panel');
  await panel.locator('select[name=alertProduct]').selectOption(product.id);
  await panel.locator('select[name=alertDirection]').selectOption('below');
  await panel.getByLabel('Price (€/MWh)').fill('9000');
  await panel.getByRole('button', { name: 'Add price alert' }).click();
  const list = page.getByTestId('alerts-list');
  await expect(list).toContainText('already at');
  await expect(list).toContainText('the alert fired at once');
  // One that is not yet true is kept as a rule.
  await panel.locator('select[name=alertDirection]').selectOption('above');
  await panel.getByLabel('Price (€/MWh)').fill('9000');
  await panel.getByRole('button', { name: 'Add price alert' }).click();
  await expect(page.getByTestId('alert-rules')).toContainText('9000.00');
  await page.screenshot({ path: join(SHOTS, 'alerts-en-light.png') });

  await page.reload();
  await expect(page.getByTestId('current-user')).toBeVisible();
  if ((await page.getByTestId('alerts-list').count()) === 0) await openPanel(page, 'alerts');
  await expect(page.getByTestId('alerts-list')).toContainText('the alert fired at once');
  await expect(page.getByTestId('alert-rules')).toContainText('9000.00');
  await arabicDark(page);
  await expect(page.getByTestId('alerts-list')).toContainText('انطلق التنبيه فورًا');
  await page.screenshot({ path: join(SHOTS, 'alerts-ar-dark.png') });
});

test('a viewer has no way to send an order, and sees role names in words', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await expect(page.getByTestId('current-user')).toContainText('Ada Admin · Administrator');
  await installClients(page, [VIEWER]);
  await signOut(page);
  await page.getByLabel('User name').fill(VIEWER.username);
  await page.getByLabel('Password').fill(VIEWER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Vera Viewer · Viewer');
  if ((await page.getByTestId('ticket-view-only').count()) === 0) await openPanel(page, 'ticket');
  await expect(page.getByTestId('ticket-view-only')).toBeVisible();
  await openPanel(page, 'auction');
  await expect(page.getByTestId('auction-view-only')).toBeVisible();
  await expect(page.getByRole('button', { name: /^(Send|Buy|Sell|Cancel all)/ })).toHaveCount(0);
  // The workspace's trading keys say why instead of calling what the core would refuse.
  await page.keyboard.press('F8');
  await expect(page.getByTestId('hotkey-status')).toHaveText('You can follow the market but not place orders: your role is viewer.');
  await page.screenshot({ path: join(SHOTS, 'viewer-en-light.png') });
  await arabicDark(page);
  await expect(page.getByTestId('current-user')).toContainText('مشاهد');
  await page.screenshot({ path: join(SHOTS, 'viewer-ar-dark.png') });
});

import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ANVIL_CHAIN_ID, startAnvil, type Anvil } from '../chain/helpers/anvil';
import { deployContracts, type Deployed } from '../chain/helpers/deploy';
import { createAdmin, SHOTS, signOut } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

/**
 * The wallet panel's bar while the terminal catches up with the settlement contract's events far
 * behind the head. The node is anvil behind a relay that answers each eth_getLogs late, as a busy
 * provider does, so the catch-up's 2,000-block pages take long enough to be seen and photographed.
 */

/** Past the 1,000 blocks at which the bar shows: two pages (mining many more takes anvil minutes). */
const BEHIND = 2_600;
/** Under the terminal's 10 s answer timeout, long enough to take four screenshots on the first page. */
const LOGS_DELAY_MS = 8_000;

let serve: ServeProcess | undefined;
let anvil: Anvil | undefined;
let relay: Server | undefined;

test.afterEach(async ({ page: _page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.log(serve?.output());
  await serve?.stop();
  serve = undefined;
  await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  relay?.closeAllConnections();
  relay = undefined;
  await anvil?.stop();
  anvil = undefined;
});

/** Forwards JSON-RPC to anvil; eth_getLogs answers after LOGS_DELAY_MS. */
async function slowLogsRelay(target: string): Promise<string> {
  relay = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const slow = (JSON.parse(body) as { method?: string }).method === 'eth_getLogs';
      setTimeout(() => {
        const forward = request(target, { method: 'POST', headers: { 'content-type': 'application/json' } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
          answer.pipe(res);
        });
        forward.end(body);
      }, slow ? LOGS_DELAY_MS : 0);
    });
  });
  await new Promise<void>((resolve) => relay!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
}

/** The wallet panel is a trader's (and operator's): the administrator adds one, who signs in. */
const TRADER = { username: 'tom', displayName: 'Tom Trader', password: 'tom trades power daily' };

async function signInAsTrader(page: Page): Promise<void> {
  await page.getByLabel('Open panel…').selectOption('users');
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill(TRADER.username);
  await form.getByLabel('Full name').fill(TRADER.displayName);
  await form.getByLabel('Password').fill(TRADER.password);
  await form.getByLabel('Role').selectOption('trader');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator(`tr[data-username="${TRADER.username}"]`)).toContainText(TRADER.displayName);
  await signOut(page);
  await page.getByLabel('User name').fill(TRADER.username);
  await page.getByLabel('Password').fill(TRADER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(TRADER.displayName);
}

async function setNetwork(page: Page, rpcUrl: string, contracts: Deployed): Promise<void> {
  await page.getByLabel('Open panel…').selectOption('chainNetwork');
  const form = page.getByRole('form', { name: 'Chain network' });
  await form.getByLabel('RPC URL').fill(rpcUrl);
  await form.getByLabel('Chain id').fill(String(ANVIL_CHAIN_ID));
  await form.getByLabel('Energy token (ETK) address').fill(contracts.energy);
  await form.getByLabel('Payment token address').fill(contracts.payment);
  await form.getByLabel('Settlement contract address').fill(contracts.settlement);
  await form.getByRole('button', { name: 'Check and save' }).click();
  await expect(page.getByTestId('network-saved')).toContainText(`chain ${ANVIL_CHAIN_ID}`);
}

test('the wallet panel shows a bar with the block reached while the terminal catches up with the chain, in English and Arabic, light and dark', async ({ page }) => {
  test.setTimeout(180_000);
  const shots = process.env['SHOTS_DIR'] ?? SHOTS;
  mkdirSync(shots, { recursive: true });
  anvil = await startAnvil();
  const contracts = await deployContracts(anvil);
  await anvil.provider.send('anvil_mine', [`0x${BEHIND.toString(16)}`]);
  const rpcUrl = await slowLogsRelay(anvil.url);
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await setNetwork(page, rpcUrl, contracts);
  await signInAsTrader(page);
  await page.locator('.dv-tab', { hasText: /^Wallet$/ }).click();

  // The timer starts the catch-up within its interval of the network being set.
  const bar = page.getByTestId('catch-up-progress');
  await expect(bar).toBeVisible({ timeout: 30_000 });
  await expect(bar).toContainText(/^Catching up with the chain: block [\d,]+ of [\d,]+$/);
  const progressbar = page.getByRole('progressbar', { name: /Catching up with the chain/ });
  await expect(progressbar).toBeVisible();
  // After its first page (2,000 of the 2,600 blocks), while the second one is on its way.
  await expect.poll(() => progressbar.evaluate((p) => (p as HTMLProgressElement).value), { timeout: 20_000 }).toBeGreaterThan(1_000);
  await page.locator('.wallet-panel').screenshot({ path: join(shots, 'catchup-en-light.png') });
  await page.getByRole('button', { name: 'Theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.locator('.wallet-panel').screenshot({ path: join(shots, 'catchup-en-dark.png') });
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(bar).toContainText('جارٍ اللحاق بالسلسلة');
  await page.locator('.wallet-panel').screenshot({ path: join(shots, 'catchup-ar-dark.png') });
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.locator('.wallet-panel').screenshot({ path: join(shots, 'catchup-ar-light.png') });
  await page.screenshot({ path: join(shots, 'catchup-ar-light-full.png') });

  // Caught up, the bar goes.
  await expect(bar).toBeHidden({ timeout: 90_000 });
});

import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { SHOTS, createAdmin, sendTicket, signIn } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

function blotterRows(page: Page) {
  return page.getByRole('table', { name: 'Blotter' }).locator('.table-body [role=row]');
}

async function placeLimitOrder(page: Page, side: 'Buy' | 'Sell', price: string, quantity: string): Promise<void> {
  const ticket = page.getByRole('form', { name: 'Order ticket' });
  await ticket.getByRole('radio', { name: new RegExp(`^${side}`) }).click();
  await ticket.getByLabel('Price (€/MWh)').fill(price);
  await ticket.getByLabel('Quantity (MW)').fill(quantity);
  await sendTicket(page);
  await expect(page.getByTestId('ticket-message')).toContainText(/Order \d+/);
}

test('the terminal refuses first-run setup without the console link', async ({ page }) => {
  serve = await startServe();
  await page.goto(serve.url);
  await expect(page.getByRole('alert')).toContainText('one-time link');
  await expect(page.getByLabel('User name')).toHaveCount(0);
});

test('first run, order entry, blotter, and the order survives a restart', async ({ page }) => {
  serve = await startServe();
  expect(serve.setupLink).toBeTruthy();
  await createAdmin(page, serve.setupLink!);

  await placeLimitOrder(page, 'Buy', '-12.50', '1.5');
  const row = blotterRows(page).first();
  await expect(row).toContainText('-12.50');
  await expect(row).toContainText('1.5');
  await expect(row).toContainText('Working');
  await page.screenshot({ path: join(SHOTS, 'workspace-en-light.png') });

  const dataDir = serve.dataDir;
  expect(await serve.stop('SIGTERM')).toBe(0);
  serve = await startServe(dataDir);
  expect(serve.setupLink).toBeNull();
  await signIn(page, serve.url);
  await expect(blotterRows(page).first()).toContainText('-12.50');
});

test('the ticket shows an input error as the user types and sends nothing', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const ticket = page.getByRole('form', { name: 'Order ticket' });
  await ticket.getByLabel('Price (€/MWh)').fill('12.345');
  await expect(ticket.getByRole('alert')).toContainText('at most two decimals');
  await ticket.getByLabel('Quantity (MW)').fill('0');
  await expect(ticket.getByRole('button', { name: /Buy ⏎/ })).toBeDisabled();
  await expect(blotterRows(page)).toHaveCount(0);
});

test('Arabic flips the workspace to right-to-left, in light and dark', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('form', { name: 'بطاقة الأمر' })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'workspace-ar-light.png') });
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: join(SHOTS, 'workspace-ar-dark.png') });
  // The choice is the user's and follows them to the next session.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
});

test('the panel layout the user arranges is remembered', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Language').selectOption('en');
  await page.getByRole('button', { name: 'Theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: join(SHOTS, 'workspace-en-dark.png') });
  // Close the ticket panel: the blotter alone remains after a reload.
  const ticketTab = page.locator('.dv-tab', { hasText: 'Order ticket' });
  await ticketTab.hover();
  await ticketTab.locator('.dv-default-tab-action').click();
  await expect(page.getByRole('form', { name: 'Order ticket' })).toHaveCount(0);
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.getByRole('table', { name: 'Blotter' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Order ticket' })).toHaveCount(0);
  await page.getByLabel('Layouts').selectOption('__default');
  await expect(page.getByRole('form', { name: 'Order ticket' })).toBeVisible();
});

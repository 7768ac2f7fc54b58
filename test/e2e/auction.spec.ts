import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { SHOTS, createAdmin } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

test('the auction panel counts down to each quarter\'s auction and places a block order over consecutive quarters of the daily auction', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByRole('combobox', { name: 'Open panel…' }).selectOption('auction');
  const panel = page.getByRole('region', { name: 'Local market auctions' });
  const rows = panel.locator('.auction-table tbody tr');
  await expect(rows.first()).toBeVisible();
  // Quarters still in their call phase show a running countdown (mm:ss or h:mm:ss).
  await expect(rows.filter({ hasText: /\d:\d\d/ }).first()).toBeVisible();

  const form = panel.getByRole('form', { name: 'Order or block order' });
  await panel.getByRole('button', { name: 'Daily auction' }).click();
  await form.getByLabel('Quarters').fill('3');
  await form.getByLabel('Price (€/MWh)').fill('95.50');
  await form.getByLabel('Quantity per quarter (kW)').fill('4');
  await form.getByRole('button', { name: 'Place block' }).click();
  await expect(form.getByRole('status')).toContainText(/Block order \d+ placed on 3 quarters/);

  await form.getByLabel('Price (€/MWh)').fill('95.555');
  await form.getByRole('button', { name: 'Place block' }).click();
  await expect(form.getByRole('alert')).toContainText('two decimals');
  await page.screenshot({ path: join(SHOTS, 'auction-en-light.png') });
});

test('a block goes to the daily auction and closes no quarter for anybody; out-of-range quarters get an inline error and nothing is sent', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1400 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByRole('combobox', { name: 'Open panel…' }).selectOption('auction');
  const panel = page.getByRole('region', { name: 'Local market auctions' });
  const form = panel.getByRole('form', { name: 'Order or block order' });
  const firstQuarter = form.getByLabel('First quarter').locator('option');

  // The quarter-hour auctions take single orders only: there is no way to ask for a block there.
  await expect(firstQuarter.nth(1)).toBeAttached();
  await expect(form.getByLabel('Quarters')).toHaveCount(0);
  const openBefore = await firstQuarter.count();
  expect(openBefore).toBeGreaterThan(1);

  await panel.getByRole('button', { name: 'Daily auction' }).click();
  await expect(panel.locator('.auction-gate')).toContainText('Next daily auction');
  await form.getByLabel('Price (€/MWh)').fill('95.50');
  await form.getByLabel('Quantity per quarter (kW)').fill('4');
  // 200 quarters is not changed into something else: it is refused in place.
  await form.getByLabel('Quarters').fill('200');
  await expect(form.getByRole('alert')).toContainText('Enter a whole number of quarters from 1 to');
  await form.getByRole('button', { name: /Place/ }).click();
  await expect(form.getByRole('status')).toHaveCount(0);
  await form.getByLabel('Quarters').fill('0');
  await expect(form.getByRole('alert')).toContainText('from 1 to');
  await expect(form.getByLabel('Quarters')).toHaveValue('0');

  await form.getByLabel('Quarters').fill('16');
  await form.getByRole('button', { name: 'Place block' }).click();
  await expect(form.getByRole('status')).toContainText(/Block order \d+ placed on 16 quarters/);
  const mine = panel.getByRole('table', { name: 'My daily-auction orders' });
  await expect(mine).toContainText('Waiting for the auction');
  await page.locator('section.auction-panel').screenshot({ path: join(SHOTS, 'auction-daily-en-light.png') });

  // Back in the quarter-hour auctions every quarter is still open for everybody.
  await panel.getByRole('button', { name: 'Quarter-hour auctions' }).click();
  await expect(firstQuarter).toHaveCount(openBefore);

  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('button', { name: 'المزاد اليومي' }).click();
  await page.getByLabel('عدد الأرباع').fill('200');
  await page.locator('section.auction-panel').screenshot({ path: join(SHOTS, 'auction-daily-ar-dark.png') });
});

import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { SHOTS, createAdmin } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

test('the auction panel counts down to each quarter\'s auction and places a block order over consecutive quarters', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByRole('combobox', { name: 'Open panel…' }).selectOption('auction');
  const panel = page.getByRole('region', { name: 'Local market auctions' });
  const rows = panel.locator('.auction-table tbody tr');
  await expect(rows.first()).toBeVisible();
  // Quarters still in their call phase show a running countdown (mm:ss or h:mm:ss).
  await expect(rows.filter({ hasText: /\d:\d\d/ }).first()).toBeVisible();

  const form = panel.getByRole('form', { name: 'Order or block order' });
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

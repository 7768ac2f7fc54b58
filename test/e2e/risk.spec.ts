import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { createAdmin, SHOTS } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

test('a limit set in the limits panel refuses a larger order at the ticket, and a fill shows in positions', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('limits');
  await page.getByLabel('User id or portfolio name').fill('1');
  await page.getByRole('button', { name: 'Edit limits' }).click();
  await page.locator('input[name=maxOrderKw]').fill('1');
  await page.getByRole('button', { name: 'Save limits' }).click();
  await expect(page.locator('.risk-table')).toContainText('1');

  const ticket = page.getByRole('form', { name: 'Order ticket' });
  await ticket.getByLabel('Price (€/MWh)').fill('-10');
  await ticket.getByLabel('Quantity (MW)').fill('2');
  await ticket.getByLabel('Quantity (MW)').press('Enter');
  await expect(page.getByTestId('ticket-message')).toContainText(/max order quantity/i);

  // Within the limit, an order priced through the ask fills and becomes a position.
  const ask = page.getByRole('region', { name: 'Depth ladder' }).locator('.ladder-ask button.ladder-price').last();
  await expect(ask).toBeVisible({ timeout: 15_000 });
  const through = (Number((await ask.textContent())!.trim()) + 50).toFixed(2);
  await ticket.getByLabel('Price (€/MWh)').fill(through);
  await ticket.getByLabel('Quantity (MW)').fill('0.5');
  await ticket.getByLabel('Quantity (MW)').press('Enter');
  await expect(page.getByTestId('toast').filter({ hasText: /Bought 0\.5 MW/ })).toBeVisible({ timeout: 10_000 });
  await page.locator('.dv-tab', { hasText: /^Positions$/ }).click();
  await expect(page.getByRole('table', { name: 'Positions' }).locator('.table-body [role=row]')).toHaveCount(1);
  await page.screenshot({ path: join(SHOTS, 'risk-en-light.png') });
});

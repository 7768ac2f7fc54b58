import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { createAdmin, sendTicket, SHOTS } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;

const sendOrder = sendTicket;

test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

test('a limit set in the limits panel refuses a larger order at the ticket, and a fill shows in positions', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('limits');
  await page.getByLabel('Edit limits').selectOption({ label: 'ada' });
  await page.locator('input[name=maxOrderKw]').fill('1');
  await page.getByRole('button', { name: 'Save limits' }).click();
  await expect(page.getByRole('table', { name: 'Risk limits' })).toContainText('1');

  const ticket = page.getByRole('form', { name: 'Order ticket' });
  await ticket.getByLabel('Price (€/MWh)').fill('-10');
  await ticket.getByLabel('Quantity (MW)').fill('2');
  await sendOrder(page);
  await expect(page.getByTestId('ticket-message')).toContainText(/max order quantity/i);

  // Within the limit, an order priced through the ask fills and becomes a position.
  const ask = page.getByRole('region', { name: 'Depth ladder' }).locator('.ladder-ask button.ladder-price').last();
  await expect(ask).toBeVisible({ timeout: 15_000 });
  const through = (Number((await ask.textContent())!.trim()) + 50).toFixed(2);
  await ticket.getByLabel('Price (€/MWh)').fill(through);
  await ticket.getByLabel('Quantity (MW)').fill('0.5');
  await sendOrder(page);
  await expect(page.getByTestId('toast').filter({ hasText: /Bought 0\.5 MW/ })).toBeVisible({ timeout: 10_000 });
  await page.locator('.dv-tab', { hasText: /^Positions$/ }).click();
  await expect(page.getByRole('table', { name: 'Positions' }).locator('.table-body [role=row]')).toHaveCount(1);
  await page.screenshot({ path: join(SHOTS, 'risk-en-light.png') });
});

test('stopping the desk asks for the word and a reason; the stopped are listed and released; a fat finger is asked', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('limits');

  // A price far from the market and a large size are named before the order goes.
  const ask = page.getByRole('region', { name: 'Depth ladder' }).locator('.ladder-ask button.ladder-price').last();
  await expect(ask).toBeVisible({ timeout: 15_000 });
  const ticket = page.getByRole('form', { name: 'Order ticket' });
  await ticket.getByLabel('Price (€/MWh)').fill('3000');
  await ticket.getByLabel('Quantity (MW)').fill('60');
  await ticket.getByLabel('Quantity (MW)').press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Check this order' });
  await expect(confirm.getByTestId('guard-notes')).toContainText(/The price 3000\.00 €\/MWh is .* away from the/);
  await expect(confirm.getByTestId('guard-notes')).toContainText('60.0 MW is above your confirmation size of 50.0 MW');
  await page.screenshot({ path: join(SHOTS, 'risk-guard-en-light.png') });
  await confirm.getByRole('button', { name: 'Back' }).click();

  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: 'إيقاف المكتب' }).click();
  await page.screenshot({ path: join(SHOTS, 'risk-stops-ar-dark.png') });
  await page.getByRole('button', { name: 'رجوع' }).click();
  await page.getByLabel('اللغة').selectOption('en');
  await page.getByRole('button', { name: 'Theme' }).click();

  // One click only opens the confirmation: nothing is stopped yet.
  await page.getByRole('button', { name: 'Stop the desk' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Stop the whole desk?' });
  await expect(dialog).toContainText('cancels every working order');
  const stop = dialog.getByRole('button', { name: 'Stop the desk now' });
  await dialog.getByLabel('Reason (kept in the audit trail)').fill('feed outage');
  await expect(stop).toBeDisabled();
  await dialog.getByLabel('Type STOP to confirm').fill('STOP');
  await stop.click();
  await expect(page.getByText('The desk kill switch is on')).toBeVisible();

  const stopped = page.getByRole('table', { name: 'Stopped traders' });
  await expect(stopped).toContainText('feed outage');
  await expect(stopped).toContainText('ada (desk stop)');
  await page.screenshot({ path: join(SHOTS, 'risk-stops-en-light.png') });
  await page.getByRole('button', { name: 'Release the desk' }).click();
  await expect(stopped).toContainText('Nobody is stopped.');
});

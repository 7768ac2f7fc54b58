import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { createAdmin, sendTicket, SHOTS } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

const ticket = (page: Page) => page.getByRole('form', { name: 'Order ticket' });
const blotter = (page: Page) => page.locator('.data-table').filter({ has: page.getByRole('tab', { name: /^(Orders|الأوامر)$/ }) });
const rows = (page: Page) => blotter(page).locator('.table-body [role=row]');

async function order(page: Page, fields: { side: 'Buy' | 'Sell'; type: string; price?: string; quantity: string; stop?: string; peak?: string }): Promise<void> {
  const form = ticket(page);
  await form.getByRole('radio', { name: fields.side }).click();
  await form.locator('select[name=type]').selectOption(fields.type);
  if (fields.price !== undefined) await form.getByLabel('Price (€/MWh)').fill(fields.price);
  if (fields.stop !== undefined) await form.locator('input[name=stopPrice]').fill(fields.stop);
  if (fields.peak !== undefined) await form.locator('input[name=displayQuantity]').fill(fields.peak);
  await form.getByLabel('Quantity (MW)').fill(fields.quantity);
  const before = await rows(page).count();
  await sendTicket(page);
  await expect(rows(page)).toHaveCount(before + 1);
}

const headers = (page: Page) => blotter(page).locator('.table-head [role=columnheader]').allInnerTexts();

test('the blotter keeps refused orders with their reason, shows order details, and keeps the user\'s columns', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);

  // 2. An iceberg shows its peak and what is shown and hidden; a stop its trigger and state.
  await order(page, { side: 'Buy', type: 'iceberg', price: '1.00', quantity: '2', peak: '0.5' });
  const iceberg = rows(page).filter({ hasText: 'Iceberg peak 0.5 MW' });
  await expect(iceberg).toContainText('0.5 MW shown, 1.5 MW hidden');
  await order(page, { side: 'Buy', type: 'stop', stop: '2900.00', quantity: '0.3' });
  const stop = rows(page).filter({ hasText: 'Stop at 2900.00, waiting for trigger' });
  await expect(stop).toContainText('Waiting for trigger');
  // A click opens every field of the row, in MW and €/MWh.
  await iceberg.click();
  const detail = page.getByRole('region', { name: 'Order details' });
  await expect(detail.locator('[data-field=price] dd')).toHaveText('\u20661.00 €/MWh\u2069');
  await expect(detail.locator('[data-field=open] dd')).toHaveText('\u20662.0 MW\u2069');
  await expect(detail.locator('[data-field=type] dd')).toHaveText('Iceberg');

  // 1. Stopped, the next order is refused by the core: it stays as a row with its reason, worded.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Stop my trading' }).click();
  await expect(page.getByText('Your trading is stopped (kill switch).')).toBeVisible();
  await ticket(page).getByRole('radio', { name: 'Sell' }).click();
  await ticket(page).locator('select[name=type]').selectOption('limit');
  await ticket(page).getByLabel('Price (€/MWh)').fill('2800.00');
  await ticket(page).getByLabel('Quantity (MW)').fill('0.4');
  const before = await rows(page).count();
  await sendTicket(page);
  await expect(rows(page)).toHaveCount(before + 1);
  const refused = rows(page).filter({ hasText: /^.*Refused: / });
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText('2800.00');
  await expect(refused.locator('.col-status span')).toHaveAttribute('title', /^Refused: .+/);
  await refused.click();
  await expect(detail.locator('[data-field=id] dd')).toHaveText('None: the terminal refused it before it reached the market');
  const reason = (await detail.locator('[data-field=status] dd').innerText()).trim();
  expect(reason).toMatch(/^Refused: /);
  await blotter(page).locator('.table-head').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'blotter-details-en-light.png') });

  // 4. Columns: hide Type, put Status first; both survive a reload, as does the refused row.
  await blotter(page).getByText('Columns', { exact: true }).click();
  const chooser = blotter(page).getByRole('group', { name: 'Columns of the blotter' });
  await chooser.locator('input[name=column-type]').uncheck();
  for (let i = 0; i < 6; i++) await chooser.getByRole('button', { name: 'Move Status earlier' }).click();
  await expect(chooser.getByRole('button', { name: 'Move Status earlier' })).toBeDisabled();
  await page.screenshot({ path: join(SHOTS, 'blotter-columns-en-light.png') });
  expect((await headers(page))[0]).toMatch(/^Status/i);
  expect((await headers(page)).some((h) => /^Type/i.test(h))).toBe(false);
  await page.reload();
  await expect(rows(page).first()).toBeVisible();
  expect((await headers(page))[0]).toMatch(/^Status/i);
  expect((await headers(page)).some((h) => /^Type/i.test(h))).toBe(false);
  await expect(rows(page).filter({ hasText: reason.replace(/^Refused: /, '') })).toHaveCount(1);

  // The same in Arabic: the refusal is worded in Arabic, not in the core's English.
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const arabic = rows(page).filter({ hasText: 'مرفوض: ' });
  await expect(arabic).toHaveCount(1);
  await expect(arabic).not.toContainText('kill switch');
  await arabic.click();
  await expect(page.getByRole('region', { name: 'تفاصيل الأمر' })).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'blotter-details-ar-dark.png') });
});

import { expect, test, type Page } from '@playwright/test';
import { createAdmin } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

const SHOTS = '/tmp/shots-h13-trader';
const ticket = (page: Page) => page.getByRole('form', { name: 'Order ticket' });
const blotter = (page: Page) => page.getByRole('table', { name: 'Blotter' });

/** A limit order from the ticket, far from the market so it rests. */
async function rest(page: Page, side: 'Buy' | 'Sell', price: string, quantity: string): Promise<void> {
  await ticket(page).getByRole('radio', { name: side }).click();
  await ticket(page).getByLabel('Price (€/MWh)').fill(price);
  await ticket(page).getByLabel('Quantity (MW)').fill(quantity);
  // Waits for the new blotter row: the previous order's message must not pass for this one's answer.
  const rows = blotter(page).locator('.table-body [role=row]');
  const before = await rows.count();
  await ticket(page).getByLabel('Quantity (MW)').press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Check this order' });
  await expect(confirm.or(rows.nth(before))).toBeVisible();
  if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Send order' }).click();
  await expect(rows).toHaveCount(before + 1);
}

test('cancelling one side of the product takes only that side and says how many went', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await rest(page, 'Buy', '1.00', '0.5');
  await rest(page, 'Buy', '2.00', '0.5');
  await rest(page, 'Sell', '2900.00', '0.5');
  const working = blotter(page).locator('.table-body [role=row]', { hasText: 'Working' });
  await expect(working).toHaveCount(3);
  await page.getByRole('button', { name: 'Cancel buys in product' }).click();
  await expect(page.getByTestId('cancelled-count')).toHaveText('Orders cancelled: 2');
  await expect(working).toHaveCount(1);
  await expect(working.first()).toContainText('Sell2900.00');
  await page.screenshot({ path: `${SHOTS}/blotter-en-light.png` });
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('cancelled-count')).toHaveText('عدد الأوامر الملغاة: 2');
  await page.screenshot({ path: `${SHOTS}/blotter-ar-dark.png` });
});

const ladder = (page: Page) => page.getByRole('region', { name: 'Depth ladder' });

test('an own order is modified from its edit action on the ladder, told whether it keeps its place in the queue', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await expect(ladder(page).locator('.ladder-row').first()).toBeVisible({ timeout: 15_000 });
  await rest(page, 'Buy', '2.00', '0.3');
  const at = (ticks: number) => ladder(page).locator(`.ladder-row[data-price="${ticks}"]`);
  await expect(at(200).getByRole('button', { name: 'Cancel my orders at 2.00' })).toHaveText('0.3 ✕');

  await at(200).getByRole('button', { name: /^Modify my order at 2\.00/ }).click();
  const form = ladder(page).getByRole('form', { name: /^Modify order \d+$/ });
  await expect(form.getByTestId('modify-rule')).toHaveText(/^A smaller quantity keeps/);
  await page.keyboard.type('0.1');
  await expect(form.getByTestId('modify-rule')).toHaveText('Keeps its place in the queue.');
  await page.screenshot({ path: `${SHOTS}/ladder-en-light.png` });
  await form.getByRole('button', { name: 'Modify' }).click();
  await expect(form).toHaveCount(0);
  await expect(at(200).getByRole('button', { name: 'Cancel my orders at 2.00' })).toHaveText('0.1 ✕');
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The ladder's region is named in Arabic now; its rows keep their price attribute.
  await page.locator('.ladder-row[data-price="200"] .ladder-own button').nth(1).click();
  await expect(page.getByRole('form', { name: /^تعديل الأمر \d+$/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/ladder-ar-dark.png` });
});

test('an own order dragged on the ladder to another level of its side moves to that price', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await expect(ladder(page).locator('.ladder-row').first()).toBeVisible({ timeout: 15_000 });
  await rest(page, 'Buy', '1.00', '0.5');
  await rest(page, 'Buy', '2.00', '0.3');
  const at = (ticks: number) => ladder(page).locator(`.ladder-row[data-price="${ticks}"]`);
  await at(100).getByRole('button', { name: /^Modify my order at 1\.00/ }).dragTo(at(200));
  await expect(at(100)).toHaveCount(0);
  await expect(at(200).getByRole('button', { name: 'Cancel my orders at 2.00' })).toHaveText('0.8 ✕');
});

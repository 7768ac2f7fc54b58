import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { SHOTS, sendTicket, createAdmin, signIn } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});
test.use({ viewport: { width: 1600, height: 1000 } });

const ticket = (page: Page) => page.getByRole('form', { name: 'Order ticket' });
const matrix = (page: Page) => page.getByRole('table', { name: 'Matrix' });
const side = (page: Page, name: 'Buy' | 'Sell') => ticket(page).getByRole('radio', { name: new RegExp(`^${name}`) });

async function restingBuy(page: Page): Promise<void> {
  // Far below any simulated bid: it rests in the book until cancelled.
  await side(page, 'Buy').click();
  await ticket(page).getByLabel('Price (€/MWh)').fill('-400');
  await ticket(page).getByLabel('Quantity (MW)').fill('1');
  await sendTicket(page);
  await expect(page.getByTestId('ticket-message')).toContainText(/Order \d+/);
}

test('the matrix shows the books of today and tomorrow, and a price click fills the ticket for an order', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const ask = matrix(page).locator('.table-body button.quote.ask').first();
  await expect(ask).toBeVisible({ timeout: 15_000 });
  await expect(matrix(page).locator('.table-row.matrix-hour').first()).toBeVisible();
  await expect(matrix(page).locator('.table-row.matrix-quarter').first()).toBeVisible();
  const price = (await ask.textContent())!.trim();
  await ask.click();
  await expect(ticket(page).getByLabel('Price (€/MWh)')).toHaveValue(price);
  await expect(side(page, 'Buy')).toHaveAttribute('aria-checked', 'true');
  await expect(ticket(page).getByLabel('Quantity (MW)')).toBeFocused();
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-message')).toContainText(/Order \d+/);
  // The header's clock is on the market's zone.
  await expect(page.getByTestId('market-clock')).toContainText(/DE-LU \d\d:\d\d:\d\d CES?T/);
  await page.screenshot({ path: join(SHOTS, 'matrix-en-light.png') });
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  // The ticket's answer is reworded in the new language, not kept in the one it came in.
  await expect(page.getByTestId('ticket-message')).toContainText(/^الأمر/);
  // What the shell and the dock say around the panels is Arabic too: tab close buttons, the clock's zone.
  await expect(page.locator('.dv-default-tab-action[title="إغلاق مصفوفة المنتجات"]')).toHaveCount(1);
  await expect(page.getByTestId('market-clock')).toHaveAttribute('title', /ألمانيا–لوكسمبورغ/);
  await page.screenshot({ path: join(SHOTS, 'matrix-ar-dark.png') });
});

test('hotkeys act from outside the ticket: cancel all and next product with the focus on the blotter', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await expect(matrix(page).locator('.table-body button.quote.ask').first()).toBeVisible({ timeout: 15_000 });
  await restingBuy(page);
  const blotter = page.getByRole('table', { name: 'Blotter' });
  await blotter.locator('.table-body [role=row]').first().click();
  const product = await ticket(page).locator('select[name=product]').inputValue();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(ticket(page).locator('select[name=product]')).not.toHaveValue(product);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('hotkey-status')).toHaveText('Cancelled 1 orders.');
  await expect(blotter.locator('.table-body [role=row]').first()).toContainText('Cancelled');
  // F2 from the blotter turns the ticket to sell.
  await blotter.locator('.table-body [role=row]').first().click();
  await page.keyboard.press('F2');
  await expect(side(page, 'Sell')).toHaveAttribute('aria-checked', 'true');
});

test('a changed hotkey is refused when the browser needs it, and a free one persists across a reload', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.locator('body').press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Change the key for Buy (ticket, at the best ask)' }).click();
  await page.keyboard.press('Control+c');
  await expect(help.getByRole('alert')).toContainText('Ctrl+C is needed by the browser');
  await help.getByRole('button', { name: 'Change the key for Buy (ticket, at the best ask)' }).click();
  await page.keyboard.press('F2');
  await expect(help.getByRole('alert')).toContainText('already the key for “Sell');
  await help.getByRole('button', { name: 'Change the key for Buy (ticket, at the best ask)' }).click();
  await page.keyboard.press('F3');
  await expect(help.locator('tr[data-action=buy] kbd')).toHaveText('F3');
  await page.screenshot({ path: join(SHOTS, 'hotkeys-en-light.png') });
  await help.getByRole('button', { name: 'Close' }).click();
  await page.waitForTimeout(300);

  await page.reload();
  if (await page.getByLabel('User name').isVisible().catch(() => false)) await signIn(page, serve.url);
  await expect(page.getByTestId('current-user')).toBeVisible();
  await page.locator('body').press('F2');
  await expect(side(page, 'Sell')).toHaveAttribute('aria-checked', 'true');
  // Sell moved the focus into the ticket, where "?" is text: the help opens from outside a field.
  await page.getByRole('table', { name: 'Blotter' }).click();
  await page.keyboard.press('?');
  await expect(help.locator('tr[data-action=buy] kbd')).toHaveText('F3');
  await help.getByRole('button', { name: 'Close' }).click();
  await page.locator('body').press('F3');
  await expect(side(page, 'Buy')).toHaveAttribute('aria-checked', 'true');
});

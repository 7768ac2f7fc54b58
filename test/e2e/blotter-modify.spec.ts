import { expect, test, type Page } from '@playwright/test';
import { createAdmin, sendTicket } from './terminal';
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
  await sendTicket(page);
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

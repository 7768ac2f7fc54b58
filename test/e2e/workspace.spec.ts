import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, sendTicket, createAdmin, signIn } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

const ticket = (page: Page) => page.getByRole('form', { name: 'Order ticket' });
const blotterRows = (page: Page) => page.getByRole('table', { name: 'Blotter' }).locator('.table-body [role=row]');
const bestAsk = (page: Page) => page.getByRole('region', { name: 'Depth ladder' }).locator('.ladder-ask button.ladder-price').last();

async function placeLimit(page: Page, side: 'Buy' | 'Sell', price: string, quantity: string): Promise<void> {
  await ticket(page).getByRole('radio', { name: new RegExp(`^${side}`) }).click();
  await ticket(page).getByLabel('Price (€/MWh)').fill(price);
  await ticket(page).getByLabel('Quantity (MW)').fill(quantity);
  await sendTicket(page);
  await expect(page.getByTestId('ticket-message')).toContainText(/Order \d+/);
}

test('a new terminal shows a living market within seconds of first start', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const watchlist = page.getByRole('table', { name: 'Watchlist' });
  // Two-sided quotes in the watchlist and depth in the ladder, from the built-in simulator.
  await expect(watchlist.locator('.table-body button.quote.bid').first()).toBeVisible({ timeout: 15_000 });
  await expect(watchlist.locator('.table-body button.quote.ask').first()).toBeVisible();
  await expect(bestAsk(page)).toBeVisible();
  // And trades print: the tape fills without anyone at the desk.
  await page.locator('.dv-tab', { hasText: 'Time & sales' }).click();
  await expect(page.getByRole('table', { name: 'Time & sales' }).locator('.table-body [role=row]').first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: join(SHOTS, 'market-en-light.png') });
});

test('clicking a ladder price prefills the ticket, and a fill raises an alert', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await expect(bestAsk(page)).toBeVisible({ timeout: 15_000 });
  const askText = (await bestAsk(page).textContent())!.trim();
  await bestAsk(page).click();
  // Clicking an ask means lifting it: the ticket turns to buy at that price, cursor on quantity.
  await expect(ticket(page).getByRole('radio', { name: /^Buy/ })).toHaveAttribute('aria-checked', 'true');
  await expect(ticket(page).getByLabel('Price (€/MWh)')).toHaveValue(askText);
  await expect(ticket(page).getByLabel('Quantity (MW)')).toBeFocused();

  // A buy priced through the ask trades against the market maker at once.
  const through = (Number(askText) + 50).toFixed(2);
  await ticket(page).getByLabel('Price (€/MWh)').fill(through);
  await ticket(page).getByLabel('Quantity (MW)').fill('0.1');
  await sendTicket(page);
  await expect(page.getByTestId('toast').filter({ hasText: /Bought 0\.1 MW/ })).toBeVisible({ timeout: 10_000 });
  await page.getByLabel('Open panel…').selectOption('alerts');
  await expect(page.getByTestId('alerts-list')).toContainText('Bought 0.1 MW');
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page.getByTestId('alerts-list')).toContainText('No alerts.');
});

test('an order can be entered with the keyboard alone', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await ticket(page).getByLabel('Price (€/MWh)').focus();
  await page.keyboard.press('F2');
  await page.keyboard.type('3000.00');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0.3');
  await page.keyboard.press('Enter');
  // 3000 €/MWh is far from the market: the fat-finger check asks, with the focus on sending, so Enter confirms.
  const confirm = page.getByRole('alertdialog', { name: 'Check this order' });
  await expect(confirm.getByRole('button', { name: 'Send order' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-message')).toContainText(/Order \d+/);
  const row = blotterRows(page).first();
  await expect(row).toContainText('Sell');
  await expect(row).toContainText('3000.01');
  await expect(row).toContainText('0.3');
  await page.keyboard.press('Escape');
  await expect(ticket(page).getByLabel('Price (€/MWh)')).toHaveValue('');
});

test('the gate countdown closes a product and the ticket refuses it', async ({ page }) => {
  await page.clock.install({ time: Date.now() });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const productId = await ticket(page).getByRole('combobox', { name: 'Product' }).inputValue();
  const gate = page.getByTestId(`gate-${productId}`);
  await expect(gate).toHaveText(/^\d+:\d\d$/);
  const [minutes, seconds] = (await gate.textContent())!.split(':').map(Number) as [number, number];
  await ticket(page).getByLabel('Price (€/MWh)').fill('10');
  await ticket(page).getByLabel('Quantity (MW)').fill('0.1');
  await expect(ticket(page).getByRole('button', { name: /Buy ⏎/ })).toBeEnabled();
  // Jump to just past the gate: the countdown turns to "Closed" and the ticket stops sending.
  await page.clock.fastForward((minutes * 60 + seconds + 2) * 1000);
  await expect(gate).toHaveText('Closed');
  await expect(ticket(page).getByTestId('ticket-errors')).toContainText('past gate closure');
  await expect(ticket(page).getByRole('button', { name: /Buy ⏎/ })).toBeDisabled();
});

test('a saved layout survives a restart of the terminal', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const chartTab = page.locator('.dv-tab', { hasText: 'Chart' });
  await chartTab.hover();
  await chartTab.locator('.dv-default-tab-action').click();
  await expect(page.getByTestId('chart-panel')).toHaveCount(0);
  await page.getByLabel('Layouts').selectOption('__save');
  await page.getByLabel('Layout name').fill('Morning');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForTimeout(600);

  const dataDir = serve.dataDir;
  expect(await serve.stop('SIGTERM')).toBe(0);
  serve = await startServe(dataDir);
  await signIn(page, serve.url);
  await expect(page.getByRole('table', { name: 'Watchlist' })).toBeVisible();
  await expect(page.getByTestId('chart-panel')).toHaveCount(0);
  await expect(page.getByLabel('Layouts')).toHaveValue('Morning');
  // A closed panel comes back from the panels menu.
  await page.getByLabel('Open panel…').selectOption('chart');
  await expect(page.getByTestId('chart-panel')).toBeVisible();
});

test('the blotter exports exactly its rows to CSV and XLSX', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await placeLimit(page, 'Buy', '-10.50', '0.2');
  await placeLimit(page, 'Sell', '3000', '1.4');
  await placeLimit(page, 'Buy', '-11', '0.5');
  const table = page.getByRole('group', { name: 'Blotter' });
  await table.getByRole('searchbox', { name: 'Filter…' }).fill('buy');
  await expect(blotterRows(page)).toHaveCount(2);
  // Every cell but the actions (display only, so not exported).
  const shown = await blotterRows(page).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[role=cell]:not(.col-actions)')].map((c) => c.textContent ?? '')));

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: 'CSV ⤓' }).click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^griddesk-orders-.*\.csv$/);
  const csv = parse(readFileSync((await csvDownload.path())!, 'utf8').replace(/^\uFEFF/, '')) as string[][];
  expect(csv[0]).toEqual(['Time', 'Product', 'Side', 'Price', 'Qty (MW)', 'Filled', 'Status', 'Type', 'Details', 'Validity', 'Order']);
  // Numbers are exact numbers; the time is a full date-time with its offset, which reads as the time shown.
  const asShown = (cells: string[]) => cells.map((c, i) => (i === 10 || (i >= 3 && i <= 5) ? Number(c) : c)).slice(1);
  expect(csv.slice(1).map(asShown)).toEqual(shown.map(asShown));
  const shownTime = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toFormat('dd LLL, HH:mm');
  for (const cells of csv.slice(1)) expect(cells[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/);
  expect(csv.slice(1).map((cells) => shownTime(cells[0]!))).toEqual(shown.map((cells) => cells[0]));

  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: 'XLSX ⤓' }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await xlsxDownload.path())!);
  const sheet = workbook.getWorksheet('orders')!;
  const sheetRows = [2, 3].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
  expect(sheetRows.map((cells) => cells.slice(1).map((v) => (typeof v === 'number' ? v : String(v))))).toEqual(shown.map(asShown));
  // A spreadsheet date-time holds the wall time of the product's zone, the time on screen.
  expect(sheetRows.map((cells) => DateTime.fromJSDate(cells[0] as Date, { zone: 'utc' }).toFormat('dd LLL, HH:mm'))).toEqual(shown.map((cells) => cells[0]));
});

test('a price import reports every problem with its line and imports nothing, then a good file goes in', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('marketdata');
  const form = page.getByRole('form', { name: 'Import day-ahead prices' });
  const broken = 'delivery_start,price,currency,unit\n2023-10-28 00:00,84.60,EUR,EUR/MWh\n2023-10-28 01:00,abc,EUR,EUR/MWh\n2023-10-28 01:00,70.00,EUR,EUR/MWh\n';
  await form.getByLabel('File').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await form.getByRole('button', { name: 'Import' }).click();
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('Nothing was imported');
  await expect(errors).toContainText('line 3');

  await form.getByLabel('File').setInputFiles(join(import.meta.dirname, '../fixtures/market/smard-de-lu-2023-07-negative.csv'));
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-result')).toContainText(/Imported \d+ prices for DE/);
  await page.screenshot({ path: join(SHOTS, 'marketdata-en-light.png') });
});

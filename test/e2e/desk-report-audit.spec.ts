import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAdmin, SHOTS } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

async function addTrader(page: Page, username: string, name: string): Promise<void> {
  await page.getByLabel('Open panel…').selectOption('users');
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill(username);
  await form.getByLabel('Full name').fill(name);
  await form.getByLabel('Password').fill(`${username} trades power daily`);
  await form.getByLabel('Role').selectOption('trader');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator(`tr[data-username="${username}"]`)).toContainText(name);
}

/** Buys 0.5 MW 60 €/MWh through the simulator's best ask (so it fills), confirming the price check that this asks. */
async function buyHalfMw(page: Page): Promise<void> {
  // A product the simulator quotes: the first one listed may be seconds before its gate, its book empty.
  const product = page.getByRole('form', { name: 'Order ticket' }).getByRole('combobox', { name: 'Product' });
  const ask = page.getByRole('region', { name: 'Depth ladder' }).locator('.ladder-ask button.ladder-price').last();
  await expect(product.locator('option').first()).toBeAttached({ timeout: 15_000 });
  for (let next = 1; next <= 6; next++) {
    if (await ask.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
    await product.selectOption((await product.locator('option').nth(next).getAttribute('value'))!);
  }
  await expect(ask).toBeVisible({ timeout: 15_000 });
  const ticket = page.getByRole('form', { name: 'Order ticket' });
  await ticket.getByLabel('Price (€/MWh)').fill((Number((await ask.textContent())!.trim()) + 60).toFixed(2));
  await ticket.getByLabel('Quantity (MW)').fill('0.5');
  await ticket.getByLabel('Quantity (MW)').press('Enter');
  await page.getByRole('alertdialog', { name: 'Check this order' }).getByRole('button', { name: 'Send order' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: /Bought 0\.5 MW/ }).first()).toBeVisible({ timeout: 10_000 });
}

async function arabicDark(page: Page): Promise<void> {
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
}

test('books are picked by name, the desk shows everyone per delivery period, and the report downloads in Arabic', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await addTrader(page, 'tom', 'Tom Trader');
  await buyHalfMw(page);

  // Positions: another person's book by name, then the own book again.
  await page.getByLabel('Open panel…').selectOption('positions');
  const positions = page.getByRole('table', { name: 'Positions' });
  const scope = page.locator('select[name=scope]').first();
  // tom was added after the panel opened: the list is fetched again when the picker is opened.
  await scope.focus();
  await expect(scope.locator('option', { hasText: /^tom$/ })).toHaveCount(1);
  await scope.focus();
  await scope.selectOption({ label: 'tom' });
  await expect(positions).toContainText('No positions yet');
  await scope.selectOption({ label: 'My book' });
  await expect(positions.locator('.table-body [role=row]')).toHaveCount(1);

  // Limits: the same people by name; no id is typed anywhere.
  await page.getByLabel('Open panel…').selectOption('limits');
  await page.getByLabel('Edit limits').focus();
  await expect(page.getByLabel('Edit limits').locator('option', { hasText: /^tom$/ })).toHaveCount(1);

  // The desk: ada's 0.5 MW in its delivery period, with the desk's total; tom is on it with nothing yet.
  await page.getByLabel('Open panel…').selectOption('desk');
  const desk = page.getByRole('table', { name: 'Desk' });
  await expect(desk.locator('thead th[data-book="ada"]')).toBeVisible();
  await expect(desk.locator('thead th[data-book="tom"]')).toBeVisible();
  const row = desk.locator('tbody tr').first();
  await expect(row.locator('td[data-book="ada"]')).toContainText('0.5 MW');
  await expect(row.locator('td[data-book="desk"]')).toContainText('0.5 MW');
  await expect(row.locator('th')).toContainText(/^[HQ] \d{2}:\d{2}–\d{2}:\d{2} · /);
  await expect(row.locator('td[data-book="tom"]')).toHaveText('—');
  await expect(desk.locator('tfoot')).toContainText('Total P&L €');
  await page.screenshot({ path: join(SHOTS, 'desk-en-light.png') });

  // A portfolio is made only by asking for a new one and naming it; a bad name is refused, not half made.
  const assign = page.getByRole('form', { name: 'Portfolio of a trader' });
  await assign.getByLabel('Trader').selectOption({ label: 'tom' });
  await assign.getByLabel('Portfolio', { exact: true }).selectOption({ label: 'New portfolio…' });
  await assign.getByLabel('Name of the new portfolio').fill('north desk');
  await assign.getByRole('button', { name: 'Assign' }).click();
  await expect(assign.getByRole('alert')).toBeVisible();
  await assign.getByLabel('Name of the new portfolio').fill('north');
  await assign.getByRole('button', { name: 'Assign' }).click();
  await expect(assign.getByRole('status')).toHaveText('tom is now in portfolio north.');
  await page.locator('select[name=deskGrouping]').selectOption('portfolios');
  await expect(desk.locator('thead th[data-book="north"]')).toContainText('Portfolio north');
  await page.screenshot({ path: join(SHOTS, 'desk-portfolios-en-light.png') });
  await page.locator('select[name=deskGrouping]').selectOption('traders');

  // Live: another fill moves the desk without a reload.
  await buyHalfMw(page);
  await expect(row.locator('td[data-book="ada"]')).toContainText('1.0 MW');

  await arabicDark(page);
  await expect(page.getByRole('table', { name: 'المكتب' })).toContainText('ميغاواط');
  await page.screenshot({ path: join(SHOTS, 'desk-ar-dark.png') });

  // The daily report in the user's language: an Arabic PDF with its Arabic font embedded.
  await page.getByLabel('فتح لوحة…').selectOption('reports');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'تنزيل PDF' }).click();
  const download = await downloading;
  const file = join(SHOTS, 'report-ar.pdf');
  await download.saveAs(file);
  const pdf = readFileSync(file);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoNaskhArabic-Regular/);
  await expect(page.getByRole('status').filter({ hasText: download.suggestedFilename() })).toBeVisible();
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
});

test('the audit log filters by event, user and days, hides routine entries, words details and exports CSV with hashes', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await addTrader(page, 'tom', 'Tom Trader');
  // A layout save: routine, so hidden by default.
  await page.getByRole('button', { name: 'Theme' }).click();
  await page.getByRole('button', { name: 'Theme' }).click();

  await page.getByLabel('Open panel…').selectOption('audit');
  const audit = page.getByRole('table', { name: 'Audit log' });
  const rows = audit.locator('.table-body [role=row]');
  // The simulator trades all the time: look at what ada did.
  await page.getByLabel('User', { exact: true }).selectOption('ada');
  // (The filters' lists name every kind of entry, so rows are what is looked at.)
  const rowsOf = (text: string) => rows.filter({ hasText: text });
  await expect(rowsOf('User added')).toHaveCount(1);
  // Details in words and names: "User name: tom · Role: Trader", not a JSON object.
  await expect(rowsOf('User added')).toContainText('User name: tom · Role: Trader');
  await expect(rowsOf('{"')).toHaveCount(0);
  await expect(rowsOf('Layout or setting saved')).toHaveCount(0);
  await page.getByLabel('Show engine journal and layout saves').check();
  await expect(rowsOf('Layout or setting saved').first()).toBeVisible();

  await page.getByLabel('Event type').selectOption({ label: 'User added' });
  await expect(rows).toHaveCount(1);
  await page.getByLabel('Event type').selectOption({ label: 'All events' });
  await expect(rowsOf('Terminal set up')).toHaveCount(1);
  // An area narrows to its domain's entries: ada's user changes are there, her layout saves are not.
  await page.getByLabel('Area', { exact: true }).selectOption({ label: 'Users and sign-in' });
  await expect(rowsOf('User added')).toHaveCount(1);
  await expect(rowsOf('Layout or setting saved')).toHaveCount(0);
  await page.getByLabel('Area', { exact: true }).selectOption({ label: 'All areas' });

  // A day range that ends before today holds nothing; today's holds the entries.
  await page.getByLabel('To day').fill('2020-01-31');
  await expect(rows).toHaveCount(0);
  const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date()));
  await page.getByLabel('From day').fill(today);
  await page.getByLabel('To day').fill(today);
  await expect(rowsOf('User added')).toHaveCount(1);
  await page.screenshot({ path: join(SHOTS, 'audit-en-light.png') });

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'CSV with chain hashes' }).click();
  const download = await downloading;
  const file = join(SHOTS, 'audit.csv');
  await download.saveAs(file);
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  expect(header).toBe('seq,terminal_id,ts_ms,time,actor,type,payload,prev_hash,hash');
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((l) => /,ada,/.test(l) && /,[0-9a-f]{64},[0-9a-f]{64}$/.test(l))).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: download.suggestedFilename() })).toBeVisible();

  await arabicDark(page);
  await expect(page.getByRole('table', { name: 'سجل التدقيق' }).locator('.table-body [role=row]').filter({ hasText: 'إضافة مستخدم' })).toHaveCount(1);
  await page.screenshot({ path: join(SHOTS, 'audit-ar-dark.png') });
});

import { expect, test } from '@playwright/test';
import { startServe, type ServeProcess } from './serve-process';
import { createAdmin, signOut } from './terminal';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

test('an administrator adds a trader in the users panel, who can then sign in, and the audit log shows it', async ({ page }) => {
  serve = await startServe();
  await page.goto(serve.setupLink!);
  await page.getByLabel('User name').fill('ada');
  await page.getByLabel('Full name').fill('Ada Admin');
  await page.getByLabel('Password', { exact: true }).fill('a long enough password');
  await page.getByLabel('Repeat password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await page.getByLabel('Open panel…').selectOption('users');

  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill('tom');
  await form.getByLabel('Full name').fill('Tom Trader');
  await form.getByLabel('Password').fill('short');
  await form.getByLabel('Role').selectOption('trader');
  await form.getByRole('button', { name: 'Add user' }).click();
  // The core's own rule is shown and nothing is created.
  await expect(page.locator('.admin-panel [role=alert]')).toContainText(/password/i);
  await expect(page.locator('tr[data-username="tom"]')).toHaveCount(0);

  await form.getByLabel('Password').fill('tom trades power daily');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator('tr[data-username="tom"]')).toContainText('Tom Trader');

  await page.getByLabel('Open panel…').selectOption('audit');
  // By the admin's own entries, as an auditor would look: the simulated market writes hundreds of its own meanwhile.
  const audit = page.getByRole('table', { name: 'Audit log' });
  await page.getByRole('combobox', { name: 'User', exact: true }).selectOption('ada');
  await expect(audit).toContainText('users.create');
  await expect(audit).not.toContainText('sim-market-maker');

  await signOut(page);
  await page.getByLabel('User name').fill('tom');
  await page.getByLabel('Password').fill('tom trades power daily');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Tom Trader · Trader');
  // A trader has no users panel to open.
  await expect(page.getByLabel('Open panel…').locator('option[value="users"]')).toHaveCount(0);
});

test('the users panel shows a lock by failed sign-ins as it happens, and marks the simulator’s accounts as fixed', async ({ page, browser }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('users');
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill('tom');
  await form.getByLabel('Full name').fill('Tom Trader');
  await form.getByLabel('Password').fill('tom trades power daily');
  await form.getByRole('button', { name: 'Add user' }).click();
  const tom = page.locator('tr[data-username="tom"]');
  await expect(tom).toContainText('Active');

  // Someone else guesses tom's password in another browser until the account locks.
  const other = await browser.newPage();
  await other.goto(serve.url);
  for (let i = 0; i < 5; i++) {
    await other.getByLabel('User name').fill('tom');
    await other.getByLabel('Password').fill(`wrong guess ${i}`);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other.getByRole('alert')).toBeVisible();
  }
  await expect(tom).toContainText('Locked until', { timeout: 15_000 });
  await other.close();

  const simulated = page.locator('tr', { has: page.getByTestId('system-user') }).first();
  await expect(simulated).toContainText('Simulator');
  await expect(simulated.getByRole('combobox')).toBeDisabled();
});

test('an administrator puts people in portfolios from the users panel, a new one only by naming it, and a bad name is refused with the field named', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('users');
  const form = page.getByRole('form', { name: 'Add user' });
  for (const [username, fullName] of [['tom', 'Tom Trader'], ['ann', 'Ann Analyst']] as const) {
    await form.getByLabel('User name').fill(username);
    await form.getByLabel('Full name').fill(fullName);
    await form.getByLabel('Password').fill(`${username} trades power daily`);
    await form.getByLabel('Role').selectOption('trader');
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect(page.locator(`tr[data-username="${username}"]`)).toBeVisible();
  }

  const tom = page.locator('form[data-portfolio-of="tom"]');
  await tom.getByLabel('Portfolio of tom').selectOption({ label: 'New portfolio…' });
  await tom.getByLabel('Name of the new portfolio').fill('west power');
  await tom.getByRole('button', { name: 'Save portfolio' }).click();
  // A space is not allowed in a portfolio's name: refused in words, nothing made.
  await expect(page.locator('.admin-panel [role=alert]')).toHaveText('Portfolio name is not written in the expected form.');
  await expect(page.locator('form[data-portfolio-of="ann"] select option')).toHaveText(['No portfolio', 'New portfolio…']);

  await tom.getByLabel('Name of the new portfolio').fill('West');
  await tom.getByRole('button', { name: 'Save portfolio' }).click();
  await expect(tom.getByLabel('Portfolio of tom')).toHaveValue('West');
  // The new portfolio is offered to everyone else at once.
  const ann = page.locator('form[data-portfolio-of="ann"]');
  await ann.getByLabel('Portfolio of ann').selectOption('West');
  await ann.getByRole('button', { name: 'Save portfolio' }).click();
  await expect(ann.getByRole('button', { name: 'Save portfolio' })).toBeDisabled();

  // Kept by the core: still so after a reload; taken out again, Tom is in none.
  await page.reload();
  await page.getByLabel('Open panel…').selectOption('users');
  await expect(page.locator('form[data-portfolio-of="tom"] select')).toHaveValue('West');
  await expect(page.locator('form[data-portfolio-of="ann"] select')).toHaveValue('West');
  await page.locator('form[data-portfolio-of="tom"] select').selectOption('');
  await page.locator('form[data-portfolio-of="tom"]').getByRole('button', { name: 'Save portfolio' }).click();
  await expect(page.locator('form[data-portfolio-of="tom"] select')).toHaveValue('');
  await page.screenshot({ path: 'test-results/screens/users-portfolios-en-light.png' });
});

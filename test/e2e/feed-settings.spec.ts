import { expect, test, type Page } from '@playwright/test';
import { createAdmin } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

const feedForm = (page: Page) => page.getByRole('form', { name: 'Price feed settings' });

/** The market data panel after a reload: the feed form as a fresh screen reads it from the core. */
async function reopen(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('current-user')).toBeVisible();
  if ((await feedForm(page).count()) === 0) await page.getByLabel('Open panel…').selectOption('marketdata');
  await expect(feedForm(page)).toBeVisible();
}

test("the price feed's account survives saving and disabling the feed: the user name is shown, the password kept until removed on purpose", async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('marketdata');
  const form = feedForm(page);
  await form.getByLabel('Broker (mqtt://host:port)').fill('mqtt://127.0.0.1:1');
  await form.getByLabel('User name').fill('feed-gateway');
  await form.getByLabel('Password', { exact: true }).fill('gateway secret 42');
  await form.getByRole('button', { name: 'Enable feed' }).click();
  await expect(form.getByRole('button', { name: 'Disable feed' })).toBeVisible();

  await reopen(page);
  await expect(feedForm(page).getByLabel('User name')).toHaveValue('feed-gateway');
  await expect(feedForm(page).getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(feedForm(page).getByLabel('Password', { exact: true })).toHaveAttribute('placeholder', 'stored — leave empty to keep');
  // Disabling with the password box left empty keeps the account as it is.
  await feedForm(page).getByRole('button', { name: 'Disable feed' }).click();
  await expect(feedForm(page).getByRole('button', { name: 'Enable feed' })).toBeVisible();

  await reopen(page);
  await expect(feedForm(page).getByLabel('User name')).toHaveValue('feed-gateway');
  await feedForm(page).getByLabel('Remove the stored password').check();
  await feedForm(page).getByRole('button', { name: 'Enable feed' }).click();
  await expect(feedForm(page).getByLabel('Remove the stored password')).toHaveCount(0);
  await expect(feedForm(page).getByLabel('Password', { exact: true })).toHaveAttribute('placeholder', '');
});

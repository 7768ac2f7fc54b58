import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { createAdmin, SHOTS, signOut } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

/** Where the helper's own screenshots go, besides the suite's folder. */
const LOOKED_AT = process.env['SHOTS_DIR'] ?? SHOTS;

let serve: ServeProcess | undefined;
test.afterEach(async ({ page: _page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.log(serve?.output());
  await serve?.stop();
  serve = undefined;
});

async function setLook(page: Page, language: 'en' | 'ar' | 'fr', theme: 'light' | 'dark'): Promise<void> {
  const html = page.locator('html');
  await page.locator('.display-toggles select').first().selectOption(language);
  await expect(html).toHaveAttribute('lang', language);
  if ((await html.getAttribute('data-theme')) !== theme) await page.locator('.display-toggles button').first().click();
  await expect(html).toHaveAttribute('data-theme', theme);
}

test('an administrator sees the terminal’s version and data folder, checks integrity, backs up and verifies the audit trail; a trader has no such panel', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 1100 });
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption({ label: 'System health' });
  const panel = page.getByTestId('health-panel');
  await expect(panel.getByTestId('health-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(panel.getByTestId('health-data-dir')).toHaveText(serve.dataDir);

  await panel.getByRole('button', { name: 'Check integrity' }).click();
  await expect(panel.getByTestId('health-integrity-result')).toHaveText('No problems found.');
  await expect(panel.getByTestId('health-integrity-time')).toHaveText(/\d{2} \w{3}, \d{2}:\d{2}:\d{2}/);

  await expect(panel.getByTestId('health-backups')).toContainText('No backup has been taken yet.');
  await panel.getByRole('button', { name: 'Back up now' }).click();
  await expect(panel.getByTestId('health-backup-name')).toHaveText(/^griddesk-\d{8}-\d{6}$/);
  await expect(panel.getByTestId('health-backup-size')).toHaveText(/\d+(\.\d)? (kB|MB)/);

  await expect(panel.getByTestId('health-audit-chain')).toHaveText('Not verified since the terminal started.');
  await panel.getByRole('button', { name: 'Verify' }).click();
  await expect(panel.getByTestId('health-audit-chain')).toContainText(/^Intact up to entry \d+ \(verified /);

  for (const [language, theme] of [
    ['en', 'light'],
    ['en', 'dark'],
    ['ar', 'dark'],
    ['ar', 'light'],
    ['fr', 'light'],
  ] as const) {
    await setLook(page, language, theme);
    await panel.evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(LOOKED_AT, `health-${language}-${theme}.png`) });
    await panel.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await panel.screenshot({ path: join(LOOKED_AT, `health-${language}-${theme}-end.png`) });
  }
  await expect(panel.getByTestId('health-integrity-result')).toHaveText('Aucun problème trouvé.');
  await setLook(page, 'en', 'light');

  await page.getByLabel('Open panel…').selectOption('users');
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill('tom');
  await form.getByLabel('Full name').fill('Tom Trader');
  await form.getByLabel('Password').fill('tom trades power daily');
  await form.getByLabel('Role').selectOption('trader');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator('tr[data-username="tom"]')).toContainText('Tom Trader');
  await signOut(page);
  await page.getByLabel('User name').fill('tom');
  await page.getByLabel('Password').fill('tom trades power daily');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Tom Trader · Trader');
  await expect(page.getByLabel('Open panel…').locator('option[value="health"]')).toHaveCount(0);
});

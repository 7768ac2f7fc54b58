import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseKey, startChannel, type ReleaseChannel } from '../updates/release-channel';
import { createAdmin, SHOTS } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

// Read, not imported: Playwright loads specs as Node ES modules, which refuse a JSON import without an import attribute.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Signed self-updates through the settings console, against a real terminal and a real (loopback) release channel. */
const LOOKED_AT = process.env['SHOTS_DIR'] ?? SHOTS;
mkdirSync(LOOKED_AT, { recursive: true });

let serve: ServeProcess | undefined;
let channel: ReleaseChannel | undefined;
let keysDir: string | undefined;
test.afterEach(async ({ page: _page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.log(serve?.output());
  await serve?.stop();
  await channel?.close();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
  serve = channel = keysDir = undefined;
});
test.use({ viewport: { width: 1440, height: 900 } });

async function setLook(page: Page, language: 'en' | 'ar', theme: 'light' | 'dark') {
  await page.locator('.display-toggles select').first().selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  const html = page.locator('html');
  if ((await html.getAttribute('data-theme')) !== theme) await page.locator('.display-toggles button').first().click();
  await expect(html).toHaveAttribute('data-theme', theme);
}

test('an administrator points the terminal at a signed channel, checks, downloads and is told to restart', async ({ page }) => {
  test.setTimeout(120_000);
  const key = releaseKey();
  // The test's own release key reaches the terminal as --release-keys: only its public half.
  keysDir = mkdtempSync(join(tmpdir(), 'griddesk-release-keys-'));
  writeFileSync(join(keysDir, 'test-release.pem'), key.publicPem);
  channel = await startChannel();
  const release = randomBytes(2_000_000);
  // First the channel serves a manifest signed by someone else's key.
  channel.publish('0.2.0', release, releaseKey());
  serve = await startServe(undefined, ['--release-keys', keysDir]);
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('settings');
  const panel = page.getByTestId('settings-panel');
  // The console alone in the dock, so the pictures show it at a working size.
  for (let tab = page.locator('.dv-default-tab').filter({ hasNotText: 'Settings' }); (await tab.count()) > 0; ) await tab.first().locator('.dv-default-tab-action').dispatchEvent('click');
  await panel.getByRole('tab', { name: 'Updates' }).click();
  const updates = panel.getByTestId('updates-panel');
  await expect(updates.getByTestId('updates-current')).toContainText(version);
  await expect(updates.getByTestId('updates-result')).toHaveText('Updates are off. Enter a release channel address above to turn them on.');

  await updates.getByLabel('Release channel address').fill('ftp://releases.example/');
  await updates.getByRole('button', { name: 'Save' }).click();
  await expect(updates.locator('#updates-feed-error')).toContainText('must start with http:// or https://');

  await updates.getByLabel('Release channel address').fill(channel.url);
  await updates.getByRole('button', { name: 'Save' }).click();
  await expect(updates.getByRole('status').filter({ hasText: 'no restart is needed' })).toBeVisible();
  await updates.getByRole('button', { name: 'Check now' }).click();
  await expect(updates.getByTestId('updates-result')).toContainText('not from a trusted release key');
  await page.screenshot({ path: `${LOOKED_AT}/updates-refused-en-light.png` });

  channel.publish('0.2.0', release, key);
  await updates.getByRole('button', { name: 'Check now' }).click();
  await expect(updates.getByTestId('updates-result')).toContainText(/Version\W*0\.2\.0\W* is available, released on/);
  await page.screenshot({ path: `${LOOKED_AT}/updates-available-en-light.png` });
  await updates.getByRole('button', { name: /^Download version\W*0\.2\.0\W*$/ }).click();
  await expect(updates.getByTestId('updates-restart')).toHaveText(/^Version\W*0\.2\.0\W* is downloaded and verified\. Restart GridDesk to install it\.$/);

  // The area passes axe (WCAG 2.1 A/AA, serious and critical) in each look, as the console's other areas do.
  const findings: string[] = [];
  for (const [language, theme] of [['en', 'light'], ['en', 'dark'], ['ar', 'light'], ['ar', 'dark']] as const) {
    await setLook(page, language, theme);
    await expect(updates.getByTestId('updates-restart')).toBeVisible();
    await page.screenshot({ path: `${LOOKED_AT}/updates-restart-${language}-${theme}.png` });
    const result = await new AxeBuilder({ page }).include('[data-testid=settings-panel]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) findings.push(`${language}/${theme}: ${v.id} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }
  expect(findings).toEqual([]);
  await expect(updates.getByTestId('updates-restart')).toContainText('أعد تشغيل GridDesk');
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { ADMIN, createAdmin, SHOTS, signIn, signOut } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

/** The administrator's Settings console, driven as an administrator would, against a real terminal. */
const LOOKED_AT = process.env['SHOTS_DIR'] ?? SHOTS;
mkdirSync(LOOKED_AT, { recursive: true });

let serve: ServeProcess | undefined;
test.afterEach(async ({ page: _page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.log(serve?.output());
  await serve?.stop();
  serve = undefined;
});
test.use({ viewport: { width: 1440, height: 900 } });

async function openConsole(page: Page) {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('settings');
  const panel = page.getByTestId('settings-panel');
  await expect(panel).toBeVisible();
  return panel;
}

async function openArea(page: Page, name: string) {
  await page.getByTestId('settings-panel').getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/** Exports through the button, as a download, and returns the file's name and text. */
async function exportFile(page: Page): Promise<{ name: string; text: string }> {
  await openArea(page, 'Transfer');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export settings file' }).click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

async function pickFile(page: Page, text: string) {
  await page.getByLabel('Settings file').setInputFiles({ name: 'settings.json', mimeType: 'application/json', buffer: Buffer.from(text) });
}

async function setDefaultLanguage(page: Page, label: string) {
  await openArea(page, 'Appearance & language');
  await page.getByLabel('Default language').selectOption({ label });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The new defaults apply at once' })).toBeVisible();
}

test('the areas are one tab list: the arrow keys move between them and Home and End jump to the ends', async ({ page }) => {
  const panel = await openConsole(page);
  const tabs = panel.getByRole('tablist', { name: 'Settings' });
  await tabs.getByRole('tab', { name: 'Market & products' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(tabs.getByRole('tab', { name: 'Risk defaults' })).toBeFocused();
  await expect(panel.getByRole('tabpanel', { name: 'Risk defaults' })).toBeVisible();
  await page.keyboard.press('End');
  await expect(tabs.getByRole('tab', { name: 'Transfer' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(tabs.getByRole('tab', { name: 'Market & products' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(tabs.getByRole('tab', { name: 'Transfer' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tabs.getByRole('tab', { name: 'Market & products' })).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.getByRole('tab', { selected: false }).first()).toHaveAttribute('tabindex', '-1');
});

test('an administrator halts the market after confirming, every trading screen shows it, and resumes it', async ({ page, browser }) => {
  const panel = await openConsole(page);
  const state = panel.getByTestId('market-state');
  // A second screen of the terminal, open on the same console: it learns of the halt from the event alone.
  const other = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(other, serve!.url);
  await other.getByLabel('Open panel…').selectOption('settings');
  const otherState = other.getByTestId('settings-panel').getByTestId('market-state');
  await expect(otherState).toHaveText('The market is open: orders are matched.');
  await expect(state).toHaveText('The market is open: orders are matched.');
  await expect(panel.getByRole('table', { name: 'Products' })).toBeVisible();

  await panel.getByRole('button', { name: 'Halt the market…' }).click();
  const confirm = panel.getByRole('alertdialog', { name: /Halt the market for everyone/ });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(state).toHaveText('The market is open: orders are matched.');

  await panel.getByRole('button', { name: 'Halt the market…' }).click();
  await confirm.getByRole('button', { name: 'Halt now' }).click();
  await expect(state).toHaveText('The market is halted: no order is matched until it resumes.');
  // The top bar's banner is the one every trader sees; it follows the `trading.halted` event.
  await expect(page.getByRole('status').filter({ hasText: 'Market halted: no new orders.' })).toBeVisible();
  await expect(otherState).toHaveText('The market is halted: no order is matched until it resumes.');
  await expect(other.getByRole('status').filter({ hasText: 'Market halted: no new orders.' })).toBeVisible();

  await panel.getByRole('button', { name: 'Resume the market' }).click();
  await expect(state).toHaveText('The market is open: orders are matched.');
  await expect(page.getByText('Market halted: no new orders.')).toHaveCount(0);
  await expect(otherState).toHaveText('The market is open: orders are matched.');
  await other.context().close();
});

test('a time zone that does not exist is refused under its field and the defaults stay as they were', async ({ page }) => {
  const panel = await openConsole(page);
  await openArea(page, 'Appearance & language');
  const current = panel.getByTestId('defaults-current');
  const before = await current.textContent();
  const zone = panel.getByLabel('Default time zone');
  await zone.fill('Mars/Olympus_Mons');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await expect(zone).toHaveAccessibleDescription('There is no time zone of that name: use one such as Europe/Berlin.');
  await panel.screenshot({ path: `${LOOKED_AT}/settings-appearance-refused-en-light.png` });
  await expect(current).toHaveText(before ?? '');
  // Opened again, the area reads what the core holds: the zone it had.
  await openArea(page, 'Transfer');
  await openArea(page, 'Appearance & language');
  await expect(panel.getByLabel('Default time zone')).toHaveValue('Europe/Berlin');
});

test('an administrator schedules new market rules from the first day not listed; a gate after delivery start is refused under its field', async ({ page }) => {
  const panel = await openConsole(page);
  const de = panel.getByTestId('rules-DE');
  await expect(de.getByRole('heading', { name: 'Continuous market (DE)' })).toBeVisible();
  // The first day not listed, as the form names it ("Fri 04 Dec").
  const firstDay = ((await de.getByText('The earliest day a change can start:').textContent()) ?? '').replace(/^.*start: /, '').replace(/[\u2066\u2069.]/g, '');
  expect(firstDay).toMatch(/^\w{3} \d{2} \w{3}$/);
  await de.getByLabel('Tick (€/MWh)').fill('0.10');
  await de.getByLabel('Lowest price (€/MWh)').fill('-500.00');
  await de.getByLabel('Highest price (€/MWh)').fill('3000.00');
  const gate = de.getByLabel('Gate closure (minutes before delivery)');
  await gate.fill('-10');
  await de.getByRole('button', { name: 'Schedule the change' }).click();
  await expect(gate).toHaveAttribute('aria-invalid', 'true');
  await expect(gate).toHaveAccessibleDescription(/^The gate cannot close after delivery starts \(\u2066?10\u2069? minutes after\): energy already being delivered would still trade\.$/);
  await expect(de.getByText('No change is scheduled.')).toBeVisible();
  await panel.screenshot({ path: `${LOOKED_AT}/settings-rules-refused-en-light.png` });

  await gate.fill('30');
  await de.getByRole('button', { name: 'Schedule the change' }).click();
  await expect(de.getByRole('status')).toHaveText(`The change is scheduled from \u2066${firstDay}\u2069.`);
  const scheduled = de.locator('.settings-rules-scheduled li');
  await expect(scheduled).toHaveCount(1);
  await expect(scheduled).toContainText(firstDay);
  await expect(scheduled).toContainText('0.10');
  await expect(scheduled).toContainText('30');
  // The products listed now keep their 0.01 € tick.
  await expect(panel.locator('.settings-products .table-body')).toContainText('0.01');

  await scheduled.getByRole('button', { name: `Withdraw the change from \u2066${firstDay}\u2069` }).click();
  await expect(de.getByText('No change is scheduled.')).toBeVisible();
});

test("a user who never chose a language or theme opens in the terminal's defaults; one who chose keeps their own", async ({ page }) => {
  await openConsole(page);
  // The admin picks their own language first: their screens stay English whatever the defaults.
  await page.getByLabel('Language').selectOption('en');
  await openArea(page, 'Appearance & language');
  await page.getByLabel('Default language').selectOption({ label: 'Deutsch' });
  await page.getByLabel('Default theme').selectOption('dark');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The new defaults apply at once' })).toBeVisible();
  await page.getByLabel('Open panel…').selectOption('users');
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill('nina');
  await form.getByLabel('Full name').fill('Nina New');
  await form.getByLabel('Password').fill('nina trades power daily');
  await form.getByLabel('Role').selectOption('trader');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator('tr[data-username="nina"]')).toContainText('Nina New');
  await signOut(page);

  await page.getByLabel('User name').fill('nina');
  await page.getByLabel('Password').fill('nina trades power daily');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Nina New');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await page.getByRole('button', { name: 'Abmelden' }).click();

  // The browser keeps the last screen's language for the sign-in; the admin's own choice returns with them.
  await page.getByLabel('Benutzername').fill(ADMIN.username);
  await page.getByLabel('Passwort').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // They chose a language only: the theme is the terminal's default like everyone else's.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('an exported file, imported after the default language changed, previews the change back and applies it', async ({ page }) => {
  const panel = await openConsole(page);
  const file = await exportFile(page);
  expect(file.name).toMatch(/^griddesk-settings-[A-Za-z0-9._-]+-\d{4}-\d{2}-\d{2}\.json$/);
  await setDefaultLanguage(page, 'Deutsch');

  await openArea(page, 'Transfer');
  await pickFile(page, file.text);
  const preview = panel.getByRole('region', { name: 'Before you apply' });
  await expect(preview).toContainText(/This terminal \(/);
  const row = preview.getByRole('table', { name: /Changes the file would make: 1/ }).getByRole('row').nth(1);
  await expect(row).toHaveText(['Appearance & language', 'Default language', 'Deutsch', 'English'].join(''));
  await page.screenshot({ path: `${LOOKED_AT}/settings-transfer-preview-en-light.png` });
  await preview.getByRole('button', { name: 'Apply all' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'The file was applied. Settings changed: 1.' })).toBeVisible();

  await openArea(page, 'Appearance & language');
  await expect(panel.getByLabel('Default language')).toHaveValue('en');
});

test("the terminal's default maximum order set in the console refuses a new trader's bigger order at once", async ({ page }) => {
  const panel = await openConsole(page);
  await openArea(page, 'Risk defaults');
  const form = panel.getByRole('form', { name: 'Terminal risk defaults' });
  // A confirmation size above the maximum is refused under its own field, and nothing is kept.
  await form.getByLabel('Refuse orders above (MW)').fill('10');
  await form.getByRole('button', { name: 'Save defaults' }).click();
  const confirmSize = form.getByLabel('Confirm orders above (MW)');
  await expect(confirmSize).toHaveAttribute('aria-invalid', 'true');
  await expect(confirmSize).toHaveAccessibleDescription(/^The size that asks for confirmation \(.?50\.0 MW.?\) may not be above the maximum order size \(.?10\.0 MW.?\)\.$/);
  await confirmSize.fill('5');
  await form.getByRole('button', { name: 'Save defaults' }).click();
  await expect(form.getByRole('status')).toHaveText('Defaults saved; they apply to the next order.');
  // A person's own thresholds show the terminal's default where they set none.
  await panel.getByLabel('Person').selectOption({ label: 'ada' });
  await expect(panel.getByRole('form', { name: 'Fat-finger checks for ada' }).getByLabel('Refuse orders above (MW)')).toHaveAttribute('placeholder', 'default 10');
  // The console alone in the dock, so the pictures show the card at a working size.
  for (let tab = page.locator('.dv-default-tab').filter({ hasNotText: 'Settings' }); (await tab.count()) > 0; ) await tab.first().locator('.dv-default-tab-action').dispatchEvent('click');
  for (const [language, theme] of [['en', 'dark'], ['ar', 'light'], ['ar', 'dark'], ['en', 'light']] as const) {
    await setLook(page, language, theme);
    await panel.locator('.risk-defaults-form').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${LOOKED_AT}/settings-risk-defaults-${language}-${theme}.png` });
  }

  await page.getByLabel('Open panel…').selectOption('users');
  const add = page.getByRole('form', { name: 'Add user' });
  await add.getByLabel('User name').fill('nina');
  await add.getByLabel('Full name').fill('Nina New');
  await add.getByLabel('Password').fill('nina trades power daily');
  await add.getByLabel('Role').selectOption('trader');
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator('tr[data-username="nina"]')).toContainText('Nina New');
  await signOut(page);
  await page.getByLabel('User name').fill('nina');
  await page.getByLabel('Password').fill('nina trades power daily');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Nina New');

  const ticket = page.getByRole('form', { name: 'Order ticket' });
  await ticket.getByLabel('Price (€/MWh)').fill('-10');
  await ticket.getByLabel('Quantity (MW)').fill('12');
  await ticket.getByLabel('Quantity (MW)').press('Enter');
  const check = page.getByRole('alertdialog', { name: 'Check this order' });
  await expect(check.getByTestId('guard-notes')).toContainText(/above your confirmation size of .?5\.0 MW/);
  await check.getByRole('button', { name: 'Send order' }).click();
  await expect(page.getByTestId('ticket-message')).toContainText(/12\.0 MW.? is above your maximum order size of .?10\.0 MW/);
});

async function setBrokerPassword(page: Page, password: string) {
  await openArea(page, 'Broker');
  const form = page.getByRole('form', { name: 'External broker' });
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();
}

test("passwords travel only when asked, encrypted with a passphrase; the importing admin opens them with it, a wrong one is refused, and the preview never shows them", async ({ page }) => {
  const panel = await openConsole(page);
  await setBrokerPassword(page, 'broker password one');
  await openArea(page, 'Transfer');
  await panel.getByLabel('Include passwords and keys (encrypted)').check();
  await panel.getByLabel('Passphrase', { exact: true }).fill('handed over by phone 7');
  await panel.getByLabel('Repeat the passphrase').fill('handed over by phone 7');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export settings file' }).click()]);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text).toContain('"secrets"');
  expect(text).not.toContain('broker password one');

  await setBrokerPassword(page, 'broker password two');
  await openArea(page, 'Transfer');
  await pickFile(page, text);
  const unlock = panel.getByRole('form', { name: "Open the file's passwords" });
  await unlock.getByLabel('Passphrase').fill('not the passphrase 1');
  await unlock.getByRole('button', { name: 'Open and preview' }).click();
  await expect(panel.getByRole('alert')).toHaveText('The passphrase does not open the secrets in this settings file. Nothing was applied.');
  await unlock.getByLabel('Passphrase').fill('handed over by phone 7');
  await unlock.getByRole('button', { name: 'Open and preview' }).click();
  const preview = panel.getByRole('region', { name: 'Before you apply' });
  const row = preview.getByRole('row').filter({ hasText: 'MQTT broker' });
  await expect(row).toHaveText(['MQTT broker', 'Password', 'stored, not shown', "replaced by the file's (encrypted)"].join(''));
  await expect(preview).not.toContainText('broker password');
  await page.screenshot({ path: `${LOOKED_AT}/settings-transfer-secrets-en-light.png` });
  await preview.getByRole('button', { name: 'Apply all' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'The file was applied. Settings changed: 1.' })).toBeVisible();
});

test('a file edited after it was signed is refused with the signature named, and nothing is previewed', async ({ page }) => {
  const panel = await openConsole(page);
  const file = await exportFile(page);
  expect(file.text).toContain('"timeZone": "Europe/Berlin"');
  await pickFile(page, file.text.replace('"timeZone": "Europe/Berlin"', '"timeZone": "Europe/Paris"'));
  await expect(panel.getByRole('alert')).toHaveText("The settings file's signature does not match: it was changed after it was signed. Nothing was applied.");
  await expect(panel.getByRole('region', { name: 'Before you apply' })).toHaveCount(0);
});

test('"Test connection" asks the core to reach the broker typed in the form, and words why it could not', async ({ page }) => {
  const panel = await openConsole(page);
  await openArea(page, 'Broker');
  const form = panel.getByRole('form', { name: 'External broker' });
  await form.getByLabel('Host').fill('127.0.0.1');
  await form.getByLabel('Port').fill('1');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('alert')).toContainText(/The broker \W*127\.0\.0\.1\W*:\W*1\W* cannot be reached/);
  await form.getByLabel('Port').fill('not a port');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('alert')).toHaveText('A port from 1 to 65535.');
});

test('another terminal is trusted by its public key and a name; text that is not a key is refused with the reason', async ({ page }) => {
  const panel = await openConsole(page);
  await openArea(page, 'Transfer');
  const form = panel.getByRole('form', { name: 'Trust another terminal' });
  await form.getByLabel('Name').fill('Plant north');
  await form.getByLabel('Its public key').fill('AAAA');
  await form.getByRole('button', { name: 'Trust this key' }).click();
  await expect(form.getByRole('alert')).toHaveText("That is not a terminal's public key.");

  const theirs = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  await form.getByLabel('Its public key').fill(theirs);
  await form.getByRole('button', { name: 'Trust this key' }).click();
  const trusted = panel.getByRole('table', { name: 'Trusted terminals' });
  await expect(trusted.getByRole('row').nth(1)).toContainText('Plant north');
  await expect(trusted.getByRole('cell', { name: `${theirs.slice(0, 12)}…${theirs.slice(-12)}` })).toHaveAttribute('title', theirs);
  await expect(form.getByLabel('Its public key')).toHaveValue('');
});

async function setLook(page: Page, language: 'en' | 'ar', theme: 'light' | 'dark') {
  await page.locator('.display-toggles select').first().selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  const html = page.locator('html');
  if ((await html.getAttribute('data-theme')) !== theme) await page.locator('.display-toggles button').first().click();
  await expect(html).toHaveAttribute('data-theme', theme);
}

test('the console reads in Arabic right to left, every area named in Arabic, with the import preview worded too', async ({ page }) => {
  test.setTimeout(120_000);
  const panel = await openConsole(page);
  // The console alone in the dock, so the pictures show it at a working size.
  for (let tab = page.locator('.dv-default-tab').filter({ hasNotText: 'Settings' }); (await tab.count()) > 0; ) await tab.first().locator('.dv-default-tab-action').dispatchEvent('click');
  const file = await exportFile(page);
  await setDefaultLanguage(page, 'Deutsch');

  for (const [language, theme] of [['en', 'light'], ['en', 'dark'], ['ar', 'light'], ['ar', 'dark']] as const) {
    await setLook(page, language, theme);
    await panel.locator('#settings-tab-transfer').click();
    await panel.locator('input[name=settingsFile]').setInputFiles({ name: 'settings.json', mimeType: 'application/json', buffer: Buffer.from(file.text) });
    await expect(panel.locator('.settings-diff tbody tr')).toHaveCount(1);
    await page.screenshot({ path: `${LOOKED_AT}/settings-transfer-${language}-${theme}.png` });
    await panel.locator('#settings-tab-market').click();
    await expect(panel.locator('.settings-products .table-body')).toBeVisible();
    await page.screenshot({ path: `${LOOKED_AT}/settings-market-${language}-${theme}.png` });
    await panel.getByTestId('rules-LM').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${LOOKED_AT}/settings-rules-${language}-${theme}.png` });
    await panel.locator('#settings-tab-appearance').click();
    await expect(panel.getByTestId('defaults-current')).toBeVisible();
    await page.screenshot({ path: `${LOOKED_AT}/settings-appearance-${language}-${theme}.png` });
  }

  await expect(panel.getByRole('tablist')).toHaveCSS('direction', 'rtl');
  const names = await panel.getByRole('tab').allTextContents();
  expect(names).toEqual(['السوق والمنتجات', 'إعدادات المخاطر الافتراضية', 'الوسيط', 'موجز الأسعار', 'السلسلة والعقود', 'المزامنة', 'التحديثات', 'المظهر واللغة', 'النقل']);
  await panel.locator('#settings-tab-transfer').click();
  await panel.locator('input[name=settingsFile]').setInputFiles({ name: 'settings.json', mimeType: 'application/json', buffer: Buffer.from(file.text) });
  await expect(panel.locator('.settings-diff tbody tr td').nth(1)).toHaveText('اللغة الافتراضية');
});

test('every area of the console passes axe (WCAG 2.1 A/AA, serious and critical) in English and Arabic, light and dark', async ({ page }) => {
  test.setTimeout(180_000);
  const panel = await openConsole(page);
  const findings: string[] = [];
  for (const [language, theme] of [['en', 'light'], ['en', 'dark'], ['ar', 'light'], ['ar', 'dark']] as const) {
    await setLook(page, language, theme);
    for (const id of ['market', 'risk', 'broker', 'feed', 'chain', 'sync', 'updates', 'appearance', 'transfer']) {
      await panel.locator(`#settings-tab-${id}`).click();
      await expect(panel.getByRole('tabpanel').locator('h2')).toBeVisible();
      await page.waitForTimeout(200);
      const result = await new AxeBuilder({ page }).include('[data-testid=settings-panel]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        findings.push(`${language}/${theme}/${id}: ${v.id} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
  }
  expect(findings).toEqual([]);
});

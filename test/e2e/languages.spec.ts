import { expect, test, type Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServe, type ServeProcess } from './serve-process';
import { SHOTS, createAdmin } from './terminal';

const LOCALES = join(import.meta.dirname, '../../locales');
const LOOKED_AT = '/tmp/shots-h16-i18n';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

/** Every string of one language by key; a plural group under its base key, worded by its "other" form. */
function strings(language: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (tree: unknown, key: string) => {
    if (typeof tree === 'object' && tree !== null) {
      for (const [k, v] of Object.entries(tree)) walk(v, key ? `${key}.${k}` : k);
      return;
    }
    const plural = /_(zero|one|two|few|many|other)$/.exec(key);
    const base = plural ? key.slice(0, plural.index) : key;
    if (typeof tree === 'string' && (!out.has(base) || plural?.[1] === 'other')) out.set(base, tree);
  };
  for (const folder of readdirSync(LOCALES)) walk(JSON.parse(readFileSync(join(LOCALES, folder, `${language}.json`), 'utf8')), '');
  return out;
}

const english = strings('en');

/**
 * English texts that must not be on screen in `language`: every English string whose translation
 * differs, unless the same words are also a string of that language (a "Trader" is a "Trader" in
 * French too). Strings with values are left out: they never show as written.
 */
function englishOnly(language: string): Set<string> {
  const translated = strings(language);
  const own = new Set(translated.values());
  const out = new Set<string>();
  for (const [key, text] of english) {
    if (text.includes('{{') || !/[A-Za-z]{2}/.test(text)) continue;
    if (translated.get(key) !== text && !own.has(text)) out.add(text);
  }
  return out;
}

/** What a person sees or hears in `root`: visible text, and the labels, titles and placeholders of visible controls. */
async function visibleTexts(page: Page, root: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const texts: string[] = [];
    for (const scope of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        const text = node.textContent?.trim();
        if (!text || !parent) continue;
        const inSelect = parent.closest('select');
        if ((inSelect ?? parent).checkVisibility()) texts.push(text);
      }
      for (const element of scope.querySelectorAll('[aria-label], [title], [placeholder]')) {
        if (!element.checkVisibility()) continue;
        for (const name of ['aria-label', 'title', 'placeholder']) {
          const value = element.getAttribute(name)?.trim();
          if (value) texts.push(value);
        }
      }
    }
    return texts;
  }, root);
}

async function englishLeftovers(page: Page, language: string, root = 'body'): Promise<string[]> {
  const forbidden = englishOnly(language);
  return [...new Set((await visibleTexts(page, root)).filter((text) => forbidden.has(text)))];
}

const LANGUAGES = [
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'de', name: 'Deutsch' },
] as const;

test('in French, Spanish and German the workspace and the admin panels show no English, switched at run time and kept after a reload', async ({ page }) => {
  test.setTimeout(120_000);
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const watchlist = page.locator('.table-body button.quote.bid').first();
  await expect(watchlist).toBeVisible({ timeout: 15_000 });
  const picker = page.locator('.display-toggles select');
  await expect(picker.locator('option')).toHaveText(['English', 'العربية', 'Français', 'Español', 'Deutsch']);
  await page.screenshot({ path: join(LOOKED_AT, 'workspace-en-light.png') });

  for (const { code } of LANGUAGES) {
    const words = strings(code);
    await picker.selectOption(code);
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    // Panel titles follow without a reload: the dock's tabs are worded in the new language.
    for (const panel of ['ticket', 'blotter', 'ladder', 'watchlist']) {
      await expect(page.locator('.dv-tab', { hasText: words.get(`panels.${panel}`)! }).first()).toBeVisible();
    }
    await expect(page.getByRole('button', { name: words.get('common.signOut')! })).toBeVisible();
    expect(await englishLeftovers(page, code)).toEqual([]);
    await page.screenshot({ path: join(LOOKED_AT, `workspace-${code}-light.png`) });
    await page.screenshot({ path: join(SHOTS, `workspace-${code}-light.png`) });

    // The administrator's panels, opened from the panel menu in this language.
    for (const panel of ['users', 'audit']) {
      const menu = page.getByLabel(words.get('layouts.panels')!);
      if ((await page.locator('.dv-tab', { hasText: words.get(`panels.${panel}`)! }).count()) === 0) await menu.selectOption(panel);
      await page.locator('.dv-tab', { hasText: words.get(`panels.${panel}`)! }).first().click();
      await expect(page.locator('.admin-panel:visible')).toHaveCount(1);
      expect(await englishLeftovers(page, code, '.admin-panel')).toEqual([]);
    }
    await page.screenshot({ path: join(LOOKED_AT, `audit-${code}-light.png`) });
    await page.locator('.dv-tab', { hasText: words.get('panels.users')! }).first().click();
    await expect(page.locator('.admin-panel:visible')).toContainText(words.get('auth.roles.admin')!);
    await page.screenshot({ path: join(LOOKED_AT, `users-${code}-light.png`) });
    // Back to the workspace's own panels for the next language.
    await page.locator('.dv-tab', { hasText: words.get('panels.blotter')! }).first().click();
  }

  const german = strings('de');
  await page.locator('.display-toggles button').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await englishLeftovers(page, 'de')).toEqual([]);
  await page.screenshot({ path: join(LOOKED_AT, 'workspace-de-dark.png') });
  await page.screenshot({ path: join(SHOTS, 'workspace-de-dark.png') });
  // Arabic still turns the page right-to-left next to the three new left-to-right languages.
  await picker.selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.screenshot({ path: join(LOOKED_AT, 'workspace-ar-dark.png') });
  await picker.selectOption('de');

  // The choice is the user's preference: it is still German after a reload.
  await page.reload();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(picker).toHaveValue('de');
  await expect(page.locator('.dv-tab', { hasText: german.get('panels.ticket')! }).first()).toBeVisible();
});

/** The settings console's areas, by their tab ids. */
const CONSOLE_AREAS = ['market', 'risk', 'broker', 'feed', 'chain', 'sync', 'updates', 'appearance', 'transfer'];

for (const { code } of LANGUAGES) {
  test(`in ${code}, every panel an administrator opens and every area of the settings console show no English, light and dark`, async ({ page }) => {
    test.setTimeout(240_000);
    serve = await startServe();
    await createAdmin(page, serve.setupLink!);
    await page.locator('.display-toggles select').first().selectOption(code);
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    const menu = page.locator('select[name=openPanel]');
    const panels = await menu.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
    expect(panels.length).toBeGreaterThan(10);
    const leftovers: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      const html = page.locator('html');
      if ((await html.getAttribute('data-theme')) !== theme) await page.locator('.display-toggles button').first().click();
      await expect(html).toHaveAttribute('data-theme', theme);
      for (const panel of panels) {
        await menu.selectOption(panel);
        await page.waitForTimeout(250);
        leftovers.push(...(await englishLeftovers(page, code)).map((text) => `${theme}/${panel}: ${text}`));
        await page.screenshot({ path: join(SHOTS, `lang-${code}-${theme}-${panel}.png`) });
        if (panel !== 'settings') continue;
        for (const area of CONSOLE_AREAS) {
          await page.locator(`#settings-tab-${area}`).click();
          await page.waitForTimeout(250);
          leftovers.push(...(await englishLeftovers(page, code, '[data-testid=settings-panel]')).map((text) => `${theme}/settings/${area}: ${text}`));
          await page.screenshot({ path: join(SHOTS, `lang-${code}-${theme}-settings-${area}.png`) });
        }
      }
    }
    expect([...new Set(leftovers)]).toEqual([]);
  });
}

test('an Arabic reader may choose Arabic-Indic digits: every figure follows at once and the choice is kept after a reload', async ({ page }) => {
  test.setTimeout(90_000);
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  const bid = page.locator('.table-body button.quote.bid').first();
  await expect(bid).toBeVisible({ timeout: 15_000 });
  const picker = page.locator('.display-toggles select');
  // The choice is offered only where it means something: in Arabic.
  await expect(page.locator('input[name=arabicDigits]')).toHaveCount(0);
  await picker.selectOption('ar');
  await expect(bid).toHaveText(/^[0-9.-]+$/);
  await page.getByLabel('الأرقام الهندية (٣٤٥)').check();
  await expect(bid).toHaveText(/^[٠-٩٫-]+$/);
  await expect(page.locator('.table-body [role=row]').first()).toContainText(/H [٠-٩]{2}:[٠-٩]{2}/);
  await page.screenshot({ path: join(SHOTS, 'digits-ar-light.png') });
  await page.reload();
  await expect(page.locator('.table-body button.quote.bid').first()).toHaveText(/^[٠-٩٫-]+$/, { timeout: 15_000 });
  await page.getByLabel('الأرقام الهندية (٣٤٥)').uncheck();
  await expect(page.locator('.table-body button.quote.bid').first()).toHaveText(/^[0-9.-]+$/);
  // Another language writes Latin digits whatever the Arabic choice was, with its own decimal comma.
  await page.getByLabel('الأرقام الهندية (٣٤٥)').check();
  await picker.selectOption('fr');
  await expect(page.locator('.table-body button.quote.bid').first()).toHaveText(/^-?[0-9]+,[0-9]{2}$/);
  // A price clicked into the ticket in that form is read as the same price.
  const price = (await page.locator('.table-body button.quote.bid').first().textContent())!.trim();
  await page.locator('.table-body button.quote.bid').first().click();
  await expect(page.locator('input[name=price]')).toHaveValue(price);
});

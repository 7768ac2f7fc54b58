import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { SHOTS, createAdmin } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

/**
 * axe-core on every main screen, in English and Arabic, light and dark: no serious or critical
 * violation of WCAG 2.1 A/AA (colour contrast included). The sign-in screen, the default workspace and
 * every panel an administrator can open are checked, each panel as the active tab of its group.
 */
let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Finding {
  screen: string;
  rule: string;
  impact: string;
  targets: string[];
  summary: string;
}

async function check(page: Page, screen: string, findings: Finding[]): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  for (const v of result.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    findings.push({
      screen,
      rule: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
      summary: v.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ') ?? v.help,
    });
  }
}

async function setLook(page: Page, language: 'en' | 'ar', theme: 'light' | 'dark'): Promise<void> {
  await page.locator('.display-toggles select').first().selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  const html = page.locator('html');
  if ((await html.getAttribute('data-theme')) !== theme) await page.locator('.display-toggles button').first().click();
  await expect(html).toHaveAttribute('data-theme', theme);
}

for (const [language, theme] of [
  ['en', 'light'],
  ['en', 'dark'],
  ['ar', 'light'],
  ['ar', 'dark'],
] as const) {
  test(`every main screen passes axe in ${language}, ${theme}`, async ({ page }) => {
    test.setTimeout(420_000);
    serve = await startServe();
    const findings: Finding[] = [];
    await createAdmin(page, serve.setupLink!);
    await setLook(page, language, theme);
    await check(page, 'workspace', findings);
    const menu = page.locator('select[name=openPanel]');
    const panels = await menu.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
    expect(panels.length).toBeGreaterThan(10);
    for (const panel of panels) {
      await menu.selectOption(panel);
      await page.waitForTimeout(150);
      await check(page, `panel ${panel}`, findings);
    }
    await page.screenshot({ path: `${SHOTS}/axe-workspace-${language}-${theme}.png` });
    // The sign-in screen, in the same look (kept by the browser).
    await page.getByRole('button', { name: language === 'en' ? 'Sign out' : 'تسجيل الخروج' }).click();
    await expect(page.locator('input[name=password], input[type=password]').first()).toBeVisible();
    await check(page, 'sign-in', findings);
    expect(findings, JSON.stringify(findings, null, 1)).toEqual([]);
  });
}

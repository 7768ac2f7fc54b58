import { expect, test, type Locator } from '@playwright/test';
import { join } from 'node:path';
import { startServe, type ServeProcess } from './serve-process';
import { ADMIN, createAdmin, SHOTS } from './terminal';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

/** A message's own words, without the values set in it (names, numbers), which are isolated left-to-right. */
async function wordsOf(alert: Locator): Promise<string> {
  return (await alert.innerText()).replace(/\u2066[^\u2069]*\u2069/g, '');
}

test('the setup link pasted into an open tab shows the setup form without a reload', async ({ page }) => {
  serve = await startServe();
  await page.goto(serve.url);
  await expect(page.getByRole('alert')).toContainText('one-time link');
  // Only the hash changes: the page does not reload.
  await createAdmin(page, serve.setupLink!);
});

test('refusals of the core read in Arabic, with no English from the server', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Language').selectOption('ar');
  await page.getByLabel('فتح لوحة…').selectOption('users');
  const form = page.getByRole('form', { name: 'إضافة مستخدم' });
  const alert = page.locator('.admin-panel [role=alert]');

  await form.getByLabel('اسم المستخدم').fill(ADMIN.username);
  await form.getByLabel('الاسم الكامل').fill('Ada Again');
  await form.getByLabel('كلمة المرور').fill('another long password');
  await form.getByRole('button', { name: 'إضافة مستخدم' }).click();
  await expect(alert).toContainText('مستخدم بالفعل');
  await expect(alert).toContainText(ADMIN.username);
  expect(await wordsOf(alert)).not.toMatch(/[A-Za-z]/);
  await page.screenshot({ path: join(SHOTS, 'messages-taken-ar-light.png') });

  await form.getByLabel('اسم المستخدم').fill('tom');
  await form.getByLabel('كلمة المرور').fill('short');
  await form.getByRole('button', { name: 'إضافة مستخدم' }).click();
  await expect(alert).toContainText('على الأقل');
  expect(await wordsOf(alert)).not.toMatch(/[A-Za-z]/);
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: join(SHOTS, 'messages-short-ar-dark.png') });
});

import { expect, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { startServe, type ServeProcess } from './serve-process';
import { ADMIN, createAdmin, signOut } from './terminal';

/** Kept apart from the suites' shared folder, for the person reviewing these screens. */
const SHOTS = '/tmp/shots-h16-auth';

let serve: ServeProcess | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

const STEP_MS = 30_000;
/** What an authenticator app shows now for the key the enrolment screen printed. */
const codeNow = (key: string) => new TOTP({ secret: Secret.fromBase32(key.replace(/\s/g, '')), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() });

async function addUser(page: Page, username: string, displayName: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill(username);
  await form.getByLabel('Full name').fill(displayName);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator(`tr[data-username="${username}"]`)).toContainText(displayName);
}

async function darkArabic(page: Page): Promise<void> {
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
}

test('an administrator resets a password; the user signs in with the code, sets a new one, and the code works only once', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('users');
  await addUser(page, 'tom', 'Tom Trader', 'tom trades power daily');
  await page.getByRole('button', { name: 'Create a password reset code for tom' }).click();
  const code = (await page.getByTestId('reset-code').locator('.one-time-code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
  await page.locator('.admin-panel').screenshot({ path: `${SHOTS}/users-panel-en-light.png` });

  await signOut(page);
  await page.getByRole('button', { name: 'I have a reset code from an administrator' }).click();
  const reset = page.getByRole('form', { name: 'Set a new password' });
  await reset.getByLabel('User name').fill('tom');
  await reset.getByLabel('Reset code').fill(code);
  await reset.getByLabel('New password', { exact: true }).fill('tom picks a new one');
  await reset.getByLabel('Repeat the new password').fill('tom picks a new one');
  await page.screenshot({ path: `${SHOTS}/reset-code-en-light.png` });
  await reset.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Tom Trader');

  // Every user changes their own password from their account.
  await page.getByTestId('current-user').click();
  const dialog = page.getByRole('dialog', { name: 'Your account' });
  await dialog.getByLabel('Current password').fill('tom picks a new one');
  await dialog.getByLabel('New password', { exact: true }).fill('tom changes it again');
  await dialog.getByLabel('Repeat the new password').fill('tom changes it again');
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByRole('status')).toContainText('Your password has been changed');
  await page.screenshot({ path: `${SHOTS}/account-en-light.png` });
  await page.keyboard.press('Escape');
  await darkArabic(page);
  await page.getByTestId('current-user').click();
  await expect(page.getByRole('dialog', { name: 'حسابك' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/account-ar-dark.png` });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'تسجيل الخروج' }).click();

  // The same code a second time is refused, in the user's language.
  await page.getByRole('button', { name: 'لديّ رمز إعادة تعيين من المسؤول' }).click();
  await page.locator('input[name=username]').fill('tom');
  await page.locator('input[name=resetCode]').fill(code);
  await page.locator('input[name=newPassword]').fill('someone else tries');
  await page.locator('input[name=confirmPassword]').fill('someone else tries');
  await page.locator('form button.primary').click();
  await expect(page.getByRole('alert')).toContainText('استُخدم رمز إعادة التعيين هذا من قبل');
  await page.screenshot({ path: `${SHOTS}/reset-code-used-ar-dark.png` });
});

test('a user enrols in two-factor sign-in, signs in again with a code, and a replayed code is refused', async ({ page }) => {
  test.setTimeout(150_000);
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByTestId('current-user').click();
  const dialog = page.getByRole('dialog', { name: 'Your account' });
  await dialog.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(dialog.getByRole('img', { name: 'QR code to add this account to an authenticator app' })).toBeVisible();
  const key = (await dialog.getByTestId('totp-secret').textContent())!;
  await dialog.getByLabel('The six-digit code the app shows now').fill(codeNow(key));
  await page.screenshot({ path: `${SHOTS}/totp-scan-en-light.png` });
  const enrolledStep = Math.floor(Date.now() / STEP_MS);
  await dialog.getByRole('button', { name: 'Confirm and turn on' }).click();
  await expect(dialog.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await page.screenshot({ path: `${SHOTS}/totp-recovery-en-light.png` });
  await dialog.getByRole('button', { name: 'I have stored the recovery codes' }).click();
  await expect(dialog.getByTestId('totp-status')).toBeVisible();
  await page.keyboard.press('Escape');
  await signOut(page);

  // The enrolment used its step's code; a sign-in needs the next one.
  await expect.poll(() => Math.floor(Date.now() / STEP_MS), { timeout: 40_000, intervals: [500] }).toBeGreaterThan(enrolledStep);
  await page.getByLabel('User name').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const codeField = page.getByLabel('Sign-in code');
  await expect(codeField).toBeVisible();
  const code = codeNow(key);
  await codeField.fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);

  await signOut(page);
  await page.getByLabel('User name').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await codeField.fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('This code was used already');
  await page.screenshot({ path: `${SHOTS}/sign-in-code-replayed-en-light.png` });
});

test('when the administrators require two-factor sign-in, a user without it is sent to enrolment first', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('users');
  await addUser(page, 'tom', 'Tom Trader', 'tom trades power daily');
  await page.getByLabel('Two-factor sign-in required for').selectOption('everyone');
  // The administrator is held to it too, at once: the enrolment screen replaces the workspace.
  await expect(page.getByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible();
  await signOut(page);
  await page.getByLabel('User name').fill('tom');
  await page.getByLabel('Password').fill('tom trades power daily');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/totp-required-en-light.png` });
  await darkArabic(page);
  await page.getByRole('button', { name: 'إعداد تسجيل الدخول بخطوتين' }).click();
  const key = (await page.getByTestId('totp-secret').textContent())!;
  await page.locator('input[name=totpCode]').fill(codeNow(key));
  await page.screenshot({ path: `${SHOTS}/totp-required-scan-ar-dark.png` });
  await page.getByRole('button', { name: 'تأكيد وتفعيل' }).click();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await page.screenshot({ path: `${SHOTS}/totp-recovery-ar-dark.png` });
  await page.getByRole('button', { name: 'حفظتُ رموز الاسترداد' }).click();
  await expect(page.getByTestId('current-user')).toContainText('Tom Trader');
});

test('an administrator raises the minimum password length, and common passwords are refused in the user’s words', async ({ page }) => {
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('users');
  const policy = page.getByRole('form', { name: 'Minimum password length' });
  await policy.getByLabel('Minimum password length').fill('14');
  await policy.getByRole('button', { name: 'Save' }).click();
  await expect(policy.getByRole('status')).toContainText('at least 14 characters');
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill('tom');
  await form.getByLabel('Full name').fill('Tom Trader');
  await form.getByLabel('Password').fill('short but 13!');
  await form.getByRole('button', { name: 'Add user' }).click();
  // The number arrives isolated left to right inside the sentence.
  await expect(page.locator('.admin-panel [role=alert]')).toContainText(/at least \W?14\W? characters/);
  await form.getByLabel('Password').fill('Superman1234567!');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator('.admin-panel [role=alert]')).toContainText('among the most commonly used');
  await expect(page.locator('tr[data-username="tom"]')).toHaveCount(0);
  await page.locator('.admin-panel').screenshot({ path: `${SHOTS}/users-policy-en-light.png` });
  await darkArabic(page);
  await expect(page.locator('.admin-panel [role=alert]')).toContainText('من أكثر الكلمات شيوعًا');
  await page.screenshot({ path: `${SHOTS}/users-policy-ar-dark.png` });
});

import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Screenshots the suites take so people can look at the UI they change. */
export const SHOTS = join(import.meta.dirname, '../../test-results/screens');
mkdirSync(SHOTS, { recursive: true });

export const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'a long enough password' };

/** First run through the one-time setup link, as the console prints it. */
export async function createAdmin(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('User name').fill(ADMIN.username);
  await page.getByLabel('Full name').fill(ADMIN.displayName);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Repeat password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
}

/**
 * Signs out and waits for the sign-in screen. Filling "User name" any sooner can reach the workspace's
 * own forms (the Users panel has one) while the sign-out is still on its way.
 */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
}

export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('User name').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
}

/**
 * Sends the order ticket (Enter in the quantity); when the fat-finger guard asks, confirms it. A
 * message left from an earlier order is not taken for this one's answer: answers are numbered.
 */
export async function sendTicket(page: Page): Promise<void> {
  const ticket = page.getByRole('form', { name: 'Order ticket' });
  const message = page.getByTestId('ticket-message');
  const answered = async () => Number((await message.getAttribute('data-answer', { timeout: 100 }).catch(() => null)) ?? 0);
  const before = await answered();
  await ticket.getByLabel('Quantity (MW)').press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Check this order' });
  await expect.poll(async () => (await confirm.isVisible()) || (await answered()) > before).toBe(true);
  if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Send order' }).click();
}

import { expect, test } from '@playwright/test';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startPostgres, type TestPostgres } from '../sync/helpers/postgres';
import { createOrg, http, startSyncServer, type InProcessServer } from '../sync/helpers/sync-server';
import { createAdmin, SHOTS } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

/** Where the helper's own screenshots go, besides the suite's folder. */
const LOOKED_AT = process.env['SHOTS_DIR'] ?? SHOTS;

let serve: ServeProcess | undefined;
let server: InProcessServer | undefined;
let db: TestPostgres | undefined;

test.afterEach(async ({ page: _page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.log(serve?.output());
  await serve?.stop();
  await server?.close();
  await db?.close();
  serve = server = db = undefined;
});

test('an administrator enrols the terminal with a sync server, syncs, sees the server go away and the terminal catch up when it is back', async ({ page }) => {
  test.setTimeout(120_000);
  db = await startPostgres();
  server = await startSyncServer(db.url);
  const port = (server.app.server.address() as AddressInfo).port;
  const org = await createOrg(server.pool, 'plant-desk');
  const made = await http(server.url, 'POST', '/v1/admin/enrolment-codes', org.adminKey, {});
  await http(server.url, 'PUT', '/v1/admin/items', org.adminKey, { kind: 'risk_limits', key: 'user:ada', value: { maxOrderKw: 500_000 } });
  await http(server.url, 'PUT', '/v1/admin/items', org.adminKey, { kind: 'settings', key: 'theme', value: 'dark' });

  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await page.getByLabel('Open panel…').selectOption('sync');
  const form = page.getByRole('form', { name: 'Enrol with a sync server' });
  await expect(form).toBeVisible();
  await page.screenshot({ path: join(LOOKED_AT, 'sync-enrol-en-light.png') });

  await form.getByLabel('Server address').fill(server.url);
  await form.getByLabel('Enrolment code').fill('not-the-code');
  await form.getByRole('button', { name: 'Enrol' }).click();
  await expect(form.getByRole('alert')).toContainText('The enrolment code is wrong, already used or expired.');
  await form.getByLabel('Enrolment code').fill((made.body as { code: string }).code);
  await form.getByRole('button', { name: 'Enrol' }).click();
  const panel = page.getByTestId('sync-panel');
  await expect(panel).toContainText('plant-desk');

  await panel.getByRole('button', { name: 'Sync now' }).click();
  await expect(panel).toContainText('The server holds everything this terminal had at the last sync.');
  await expect(panel.locator('.sync-items')).toContainText('Risk limits');
  await expect(panel.locator('.sync-items')).toContainText('Applied');
  await expect(panel.locator('.sync-items')).toContainText('Recorded only');
  const stored = await server.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  expect(stored.rows[0]!.n).toBeGreaterThan(0);
  await page.screenshot({ path: join(LOOKED_AT, 'sync-ok-en-light.png') });

  await server.close();
  server = undefined;
  await panel.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-error')).toContainText('The sync server did not answer.');
  await expect(page.getByTestId('sync-progress')).toHaveCount(0);
  await page.screenshot({ path: join(LOOKED_AT, 'sync-offline-en-light.png') });

  await page.locator('.display-toggles button').click();
  await page.locator('.display-toggles select').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('sync-error')).toContainText('لم يرد خادم المزامنة');
  await page.screenshot({ path: join(LOOKED_AT, 'sync-offline-ar-dark.png') });

  server = await startSyncServer(db.url, port);
  await panel.getByRole('button', { name: 'زامن الآن' }).click();
  await expect(panel).toContainText('يحتفظ الخادم بكل ما كان لدى هذه المحطة عند آخر مزامنة.');
  await expect(page.getByTestId('sync-error')).toHaveCount(0);
  await page.screenshot({ path: join(LOOKED_AT, 'sync-ok-ar-dark.png') });
});

import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The path of the Electron binary when `npm install` could download it; null where it could not.
 * Read from electron's own path.txt: requiring the package would try to download the binary.
 */
function electronBinary(): string | null {
  const pkg = join(import.meta.dirname, '../../node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

test('the real Electron app opens the first-run screen', async () => {
  test.skip(binary === null, 'The Electron binary is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); the same UI is covered in Chromium by spine.spec.ts.');
  const userData = mkdtempSync(join(tmpdir(), 'griddesk-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(import.meta.dirname, '../../out/main/index.js'), `--user-data-dir=${userData}`],
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'Set up this terminal' })).toBeVisible();
  // Inside Electron the local window may set up without a link token.
  await expect(window.getByLabel('User name')).toBeVisible();
  expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  await app.close();
});

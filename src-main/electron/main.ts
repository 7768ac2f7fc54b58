import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, shell, utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { CoreBridge, type CoreProcess } from './core-bridge';
import { isOwnFrameUrl } from './frame-guard';
import { keychainKey } from './keychain-key';
import { wireIpc } from './ipc-wiring';
import { IPC_EVENT, type FromCore } from '../../src-shared/contract/wire';
import { installStagedUpdate } from './staged-install';
import { secureWebPreferences } from './window-options';

/**
 * The Electron adapter: window, menu, IPC wiring. The core (engine, store, services) runs in a
 * utility process so a heavy computation never freezes the window.
 */
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];

/** In development the Electron build of better-sqlite3 lives in .electron-native; packaged apps ship it. */
function nativeBindingPath(): string {
  return app.isPackaged
    ? join(process.resourcesPath, 'native/better_sqlite3.node')
    : join(app.getAppPath(), '.electron-native/better-sqlite3/build/Release/better_sqlite3.node');
}

function startCore(): UtilityProcess {
  const dataDir = app.getPath('userData');
  const core = utilityProcess.fork(join(import.meta.dirname, 'core-host.js'), ['--data', dataDir], {
    serviceName: 'GridDesk core',
    stdio: 'inherit',
    // The report's fonts ship as extra resources (electron-builder.yml); in development they are in the repository.
    env: { ...process.env, GRIDDESK_NATIVE_BINDING: nativeBindingPath(), GRIDDESK_RESOURCES: app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources') },
  });
  // Only the main process can reach the OS keychain; the key goes to the core as its first message,
  // not in its environment or arguments, which other processes of the user can read.
  // The core waits for this message before it opens the store; a keychain that fails leaves it the key file.
  void keychainKey(dataDir, safeStorage).then(
    (key) => core.postMessage({ type: 'unlock', key: key?.toString('base64') ?? null }),
    (err: unknown) => {
      console.error('[griddesk] the OS keychain did not answer; secrets use the key file:', err);
      core.postMessage({ type: 'unlock', key: null });
    },
  );
  return core;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'GridDesk',
    show: false,
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

function lockDownNavigation(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnFrameUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to documentation open in the user's browser, never inside the terminal.
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  lockDownNavigation();
  await app.whenReady();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: 'appMenu' as const },
      { role: 'editMenu' as const },
      { role: 'viewMenu' as const },
      { role: 'windowMenu' as const },
    ].filter((item) => process.platform === 'darwin' || item.role !== 'appMenu')),
  );

  const core = startCore();
  const bridge = new CoreBridge(core as unknown as CoreProcess, (windowId, name, payload) => {
    BrowserWindow.getAllWindows()
      .find((w) => w.webContents.id === windowId)
      ?.webContents.send(IPC_EVENT, name, payload);
  });
  core.on('message', (message: FromCore) => {
    if (message.type === 'fatal') {
      dialog.showErrorBox('GridDesk cannot start', message.message);
      app.quit();
    }
  });
  core.on('exit', (code) => {
    bridge.failAll('The GridDesk core stopped unexpectedly.');
    if (code !== 0) app.quit();
  });
  wireIpc(ipcMain, bridge, (url) => isOwnFrameUrl(url, devServerUrl));

  const window = createWindow();
  const contentsId = window.webContents.id;
  window.on('closed', () => bridge.windowClosed(contentsId));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => core.kill());
  // A verified update staged by the core installs as the app goes (see staged-install.ts, untested here: no Electron binary).
  app.on('will-quit', () => {
    try {
      const outcome = installStagedUpdate(app.getPath('userData'));
      if (outcome !== 'nothing') console.log(`[griddesk] staged update: ${outcome}`);
    } catch (err) {
      console.error('[griddesk] the staged update could not be installed:', err);
    }
  });
}

void main();

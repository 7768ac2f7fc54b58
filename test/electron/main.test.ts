import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for the parts of Electron the adapter touches; the real binary cannot run here. */
const electron = vi.hoisted(() => {
  const state = {
    windows: [] as Array<{ options: Record<string, unknown>; loaded: string | null; handlers: Map<string, () => void> }>,
    ipcHandlers: new Map<string, unknown>(),
    appHandlers: new Map<string, (...args: unknown[]) => void>(),
    forked: [] as Array<{ modulePath: string; args: string[] }>,
    posted: [] as unknown[],
  };
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = { id: 11, send: () => {} };
    private readonly record;
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: null as string | null, handlers: new Map<string, () => void>() };
      state.windows.push(this.record);
    }
    once(event: string, handler: () => void) {
      this.record.handlers.set(event, handler);
    }
    on(event: string, handler: () => void) {
      this.record.handlers.set(event, handler);
    }
    show() {}
    loadFile(path: string) {
      this.record.loaded = path;
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.record.loaded = url;
      return Promise.resolve();
    }
  }
  const module = {
    app: {
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => '/tmp/griddesk-user-data',
      getAppPath: () => '/repo',
      isPackaged: false,
      on: (event: string, handler: (...args: unknown[]) => void) => state.appHandlers.set(event, handler),
      quit: () => {},
    },
    BrowserWindow,
    dialog: { showErrorBox: () => {} },
    // No keychain in this stand-in: the core is told to use its own key file.
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    ipcMain: { handle: (channel: string, handler: unknown) => state.ipcHandlers.set(channel, handler) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => {} },
    shell: { openExternal: vi.fn() },
    utilityProcess: {
      fork: (modulePath: string, args: string[]) => {
        state.forked.push({ modulePath, args });
        return { on: () => {}, postMessage: (message: unknown) => state.posted.push(message), kill: () => {} };
      },
    },
  };
  return { state, module };
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

describe('Electron adapter', () => {
  beforeEach(async () => {
    await import('../../src-main/electron/main');
    await vi.waitFor(() => expect(electron.state.windows.length).toBe(1));
  });

  it('opens the window with context isolation, sandbox and no Node', () => {
    const prefs = electron.state.windows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('runs the core in a utility process with the user data folder', () => {
    expect(electron.state.forked[0]).toMatchObject({ args: ['--data', '/tmp/griddesk-user-data'] });
    expect(electron.state.forked[0]!.modulePath).toMatch(/core-host\.js$/);
  });

  it('sends the core its secrets key first: none when no real OS keychain is available', () => {
    expect(electron.state.posted[0]).toEqual({ type: 'unlock', key: null });
  });

  it('answers calls on the typed IPC channel only', () => {
    expect([...electron.state.ipcHandlers.keys()]).toEqual(['griddesk:call']);
  });

  it('blocks navigation away from our page and every new window', () => {
    const created = electron.state.appHandlers.get('web-contents-created')!;
    const contentsHandlers = new Map<string, (event: { preventDefault: () => void }, url: string) => void>();
    let openHandler: (details: { url: string }) => { action: string } = () => ({ action: 'allow' });
    created({}, {
      on: (event: string, handler: (event: { preventDefault: () => void }, url: string) => void) => contentsHandlers.set(event, handler),
      setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    });
    const preventDefault = vi.fn();
    contentsHandlers.get('will-navigate')!({ preventDefault }, 'https://evil.example/');
    expect(preventDefault).toHaveBeenCalled();
    expect(openHandler({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(electron.module.shell.openExternal).toHaveBeenCalledWith('https://docs.example/');
  });
});

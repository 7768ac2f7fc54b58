import { describe, expect, it, vi } from 'vitest';
import type { GridDeskBridge } from '../../src-shared/contract/bridge';

const exposed = vi.hoisted(() => ({ api: null as unknown, invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() }));

vi.mock('electron', () => {
  const module = {
    contextBridge: { exposeInMainWorld: (_key: string, api: unknown) => (exposed.api = api) },
    ipcRenderer: { invoke: exposed.invoke, on: exposed.on, removeListener: exposed.removeListener },
  };
  return { ...module, default: module };
});

describe('preload bridge', () => {
  it('exposes only call and on, never ipcRenderer itself', async () => {
    await import('../../src-preload/index');
    expect(Object.keys(exposed.api as object).sort()).toEqual(['call', 'on']);
  });

  it('forwards contract calls over the one IPC channel', async () => {
    await import('../../src-preload/index');
    exposed.invoke.mockResolvedValue({ ok: true, value: [] });
    await (exposed.api as GridDeskBridge).call('trading.orders.list', { scope: 'own' });
    expect(exposed.invoke).toHaveBeenCalledWith('griddesk:call', 'trading.orders.list', { scope: 'own' });
  });

  it('refuses a method outside the contract without touching IPC', async () => {
    await import('../../src-preload/index');
    exposed.invoke.mockClear();
    const result = await (exposed.api as { call: (m: string, i: unknown) => Promise<unknown> }).call('shell.exec', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(exposed.invoke).not.toHaveBeenCalled();
  });

  it('refuses to subscribe to an event stream outside the contract', async () => {
    await import('../../src-preload/index');
    expect(() => (exposed.api as { on: (n: string, l: () => void) => void }).on('everything', () => {})).toThrow(/unknown event/);
  });
});

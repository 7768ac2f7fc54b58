import { contextBridge, ipcRenderer } from 'electron';
import type { GridDeskBridge } from '../src-shared/contract/bridge';
import { EVENT_NAMES, isMethod, type EventName } from '../src-shared/contract';
import { IPC_CALL, IPC_EVENT } from '../src-shared/contract/wire';

/**
 * Only the contract's calls and events cross into the page: no raw ipcRenderer, no Node. The main
 * process checks the sender frame again, so this is a convenience, not the only guard.
 */
const bridge: GridDeskBridge = {
  call: (method, input) => {
    if (!isMethod(method)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no call named "${String(method)}".` } });
    }
    return ipcRenderer.invoke(IPC_CALL, method, input);
  },
  on: (name, listener) => {
    if (!EVENT_NAMES.includes(name)) throw new Error(`unknown event stream ${String(name)}`);
    const wrapped = (_event: unknown, eventName: EventName, payload: unknown) => {
      if (eventName === name) listener(payload as Parameters<typeof listener>[0]);
    };
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('griddesk', bridge);

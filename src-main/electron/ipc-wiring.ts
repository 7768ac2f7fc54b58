import type { CallResult } from '../../src-shared/domain/errors';
import { IPC_CALL } from '../../src-shared/contract/wire';

/** The slice of Electron's IpcMainInvokeEvent the wiring reads. */
export interface InvokeEvent {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

export interface CallForwarder {
  call(windowId: number, method: string, input: unknown): Promise<CallResult<unknown>>;
}

const FOREIGN: CallResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This page is not allowed to use the terminal.' },
};

/** Forwards calls from our own frames to the core; anything else is refused before it reaches it. */
export function wireIpc(
  ipcMain: IpcMainLike,
  forwarder: CallForwarder,
  isOwnFrame: (url: string | undefined) => boolean,
): void {
  ipcMain.handle(IPC_CALL, async (event, method, input) => {
    // A frame that navigated away or was destroyed mid-call has no senderFrame: never trust it.
    if (!event.senderFrame || !isOwnFrame(event.senderFrame.url)) return FOREIGN;
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'BAD_REQUEST', message: 'A call needs a method name.' } };
    }
    return forwarder.call(event.sender.id, method, input);
  });
}

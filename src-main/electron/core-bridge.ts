import type { CallResult } from '../../src-shared/domain/errors';
import type { FromCore, ToCore } from '../../src-shared/contract/wire';

/** The part of Electron's UtilityProcess the bridge needs; tests pass a fake. */
export interface CoreProcess {
  postMessage(message: ToCore): void;
  on(event: 'message', listener: (message: FromCore) => void): unknown;
}

export type EventSink = (windowId: number, name: string, payload: unknown) => void;

/** Matches replies from the core process to pending calls and routes pushed events to windows. */
export class CoreBridge {
  private nextRequestId = 1;
  private readonly pending = new Map<number, (result: CallResult<unknown>) => void>();

  constructor(
    private readonly core: CoreProcess,
    private readonly sink: EventSink,
  ) {
    core.on('message', (message) => this.receive(message));
  }

  call(windowId: number, method: string, input: unknown): Promise<CallResult<unknown>> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve) => {
      this.pending.set(requestId, resolve);
      this.core.postMessage({ type: 'call', requestId, windowId, method, input });
    });
  }

  windowClosed(windowId: number): void {
    this.core.postMessage({ type: 'window-closed', windowId });
  }

  /** The core died: every waiting call gets an answer instead of hanging the UI. */
  failAll(message: string): void {
    for (const [id, resolve] of this.pending) {
      resolve({ ok: false, error: { code: 'INTERNAL', message } });
      this.pending.delete(id);
    }
  }

  private receive(message: FromCore): void {
    if (message.type === 'result') {
      const resolve = this.pending.get(message.requestId);
      this.pending.delete(message.requestId);
      resolve?.(message.result);
    } else if (message.type === 'event') {
      this.sink(message.windowId, message.name, message.payload);
    }
  }
}

import { systemClock } from '../core/clock';
import { Core } from '../core/core';
import { describeStoreWarning } from '../store/head-marker';
import type { CoreConnection } from '../api/connection';
import type { FromCore, ToCore } from '../../src-shared/contract/wire';

/**
 * Runs the core inside Electron's utility process, off the window's event loop. Each window gets its
 * own connection; windows of our own app are local, so first-run setup needs no link token there.
 */
interface ParentPort {
  on(event: 'message', listener: (event: { data: ToCore }) => void): void;
  postMessage(message: FromCore): void;
}

const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;
const dataFlag = process.argv.indexOf('--data');
const dataDir = dataFlag >= 0 ? process.argv[dataFlag + 1] : undefined;

/** Messages go to the core once it runs; the main process sends 'unlock' before any window exists. */
let handle: ((data: ToCore) => void) | null = null;

/** Starts the core once the main process sent the key (see ToCore 'unlock'). */
function start(keychainKey: string | null): void {
  if (!dataDir) {
    parentPort.postMessage({ type: 'fatal', message: 'No data folder was given to the core.' });
    return;
  }
  let core: Core;
  try {
    const keySource = keychainKey === null ? { kind: 'key-file' as const, dir: dataDir } : { kind: 'os-keychain' as const, key: Buffer.from(keychainKey, 'base64') };
    core = Core.open({ dataDir, clock: systemClock, nativeBinding: process.env['GRIDDESK_NATIVE_BINDING'], keySource });
  } catch (err) {
    parentPort.postMessage({ type: 'fatal', message: (err as Error).message });
    return;
  }
  // stdio is inherited from the Electron main process: the warnings reach its log.
  for (const warning of core.storeWarnings()) console.error(describeStoreWarning(warning));
  const connections = new Map<number, CoreConnection>();
  const connectionFor = (windowId: number): CoreConnection => {
    let connection = connections.get(windowId);
    if (!connection) {
      connection = core.connect({ trustedLocal: true }, (name, payload) =>
        parentPort.postMessage({ type: 'event', windowId, name, payload }),
      );
      connections.set(windowId, connection);
    }
    return connection;
  };
  handle = (data) => {
    if (data.type === 'unlock') return;
    if (data.type === 'window-closed') {
      connections.get(data.windowId)?.close();
      connections.delete(data.windowId);
      return;
    }
    void connectionFor(data.windowId)
      .call(data.method, data.input)
      .then((result) => parentPort.postMessage({ type: 'result', requestId: data.requestId, result }));
  };
  process.on('exit', () => core.close());
  parentPort.postMessage({ type: 'ready', setupRequired: core.pendingSetupToken() !== null });
}

let started = false;
parentPort.on('message', ({ data }) => {
  if (data.type === 'unlock' && !started) {
    started = true;
    start(data.key);
    return;
  }
  handle?.(data);
});

import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keccak256 } from 'ethers';

export interface Relay {
  url: string;
  /** JSON-RPC methods cut off unanswered, as by a node that went away at that request. */
  drop: Set<string>;
  /** Hashes of signed transactions whose eth_sendRawTransaction is cut off every time: lost on the way, they never reach the node. */
  lost: Set<string>;
  /** While true every request is cut off: the node is unreachable. */
  down: boolean;
  close(): Promise<void>;
}

/** Forwards JSON-RPC to `target` (anvil), so a test can take the node away and give it back. */
export async function startRelay(target: string): Promise<Relay> {
  const state = { down: false };
  const drop = new Set<string>();
  const lost = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { method = '', params = [] } = JSON.parse(body) as { method?: string; params?: unknown[] };
      const lostTx = method === 'eth_sendRawTransaction' && typeof params[0] === 'string' && lost.has(keccak256(params[0]));
      if (state.down || drop.has(method) || lostTx) return void res.socket?.destroy();
      const forward = request(target, { method: 'POST', headers: { 'content-type': 'application/json' } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
        answer.pipe(res);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    drop,
    lost,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

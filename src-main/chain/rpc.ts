/**
 * A minimal JSON-RPC client for reads and checks against the node: every answer is parsed with zod
 * before use (the node is outside the terminal's trust), and each way a node can fail is told
 * apart by its own code, so the screens can say which: nothing listens, it took too long, or what
 * came back was not a JSON-RPC answer. Sending transactions goes through ethers (see signer.ts).
 */
import { z } from 'zod';

export type RpcFault = 'RPC_UNREACHABLE' | 'RPC_TIMEOUT' | 'RPC_GARBAGE' | 'RPC_ERROR';

export class RpcError extends Error {
  constructor(
    readonly fault: RpcFault,
    message: string,
    /** A JSON-RPC error's data: for a reverted call, the revert's encoded custom error. */
    readonly data?: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

const Answer = z.union([
  z.object({ jsonrpc: z.literal('2.0'), id: z.number(), result: z.unknown() }),
  z.object({ jsonrpc: z.literal('2.0'), id: z.number(), error: z.object({ code: z.number(), message: z.string().max(2_000), data: z.unknown().optional() }) }),
]);

/** A hex quantity as the node writes it (0x-prefixed, no leading zeros required). */
export const HexQuantity = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/).transform((hex) => BigInt(hex));
/** Hex data of any length (code, call results). */
export const HexData = z.string().regex(/^0x([0-9a-fA-F]{2})*$/);

/** Bounded, since a hostile node could stream without end. */
const MAX_ANSWER_BYTES = 1_048_576;

let nextId = 1;

export async function rpc<T>(url: string, method: string, params: unknown[], schema: z.ZodType<T>, timeoutMs: number): Promise<T> {
  const id = nextId++;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new RpcError('RPC_TIMEOUT', `The node at ${url} did not answer ${method} within ${timeoutMs} ms.`);
    throw new RpcError('RPC_UNREACHABLE', `The node at ${url} could not be reached.`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new RpcError('RPC_TIMEOUT', `The node at ${url} did not finish answering ${method} within ${timeoutMs} ms.`);
    throw new RpcError('RPC_UNREACHABLE', `The node at ${url} dropped the connection.`);
  }
  if (text.length > MAX_ANSWER_BYTES) throw new RpcError('RPC_GARBAGE', `The node at ${url} answered ${method} with more than ${MAX_ANSWER_BYTES} bytes.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RpcError('RPC_GARBAGE', `The node at ${url} answered ${method} with something that is not JSON (HTTP ${response.status}).`);
  }
  const answer = Answer.safeParse(json);
  if (!answer.success || answer.data.id !== id) throw new RpcError('RPC_GARBAGE', `The node at ${url} answered ${method} with something that is not a JSON-RPC answer.`);
  if ('error' in answer.data) {
    const { message, data } = answer.data.error;
    throw new RpcError('RPC_ERROR', `The node refused ${method}: ${message}`, typeof data === 'string' ? data : undefined);
  }
  const result = schema.safeParse(answer.data.result);
  if (!result.success) throw new RpcError('RPC_GARBAGE', `The node at ${url} answered ${method} with a result of the wrong shape.`);
  return result.data;
}

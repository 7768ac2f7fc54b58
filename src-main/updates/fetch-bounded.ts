import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { CallFailure, fail } from '../../src-shared/domain/errors';

/**
 * The two ways the updater reads its channel: a small file read whole under a size cap (the
 * manifest, its signature) and a large one streamed to disk while it is hashed. Both time out, and
 * both stop reading the moment a body passes its cap, so a hostile or broken server can neither hang
 * the terminal nor fill its disk.
 */

export interface FetchLimits {
  /** Until the answer's headers arrive, and then between two chunks of its body. */
  timeoutMs: number;
}

/** How the channel failed, as the locales word it (`UPDATE_FEED_UNREACHABLE_<context>`). */
type Unreachable = 'timeout' | 'no_connection' | 'connection_lost' | 'http';

function unreachable(url: string, context: Unreachable, status?: number): never {
  fail('REJECTED', `The release channel did not answer (${status === undefined ? context : `HTTP ${status}`}).`, {
    reason: 'UPDATE_FEED_UNREACHABLE',
    params: { url, context, ...(status === undefined ? {} : { status }) },
  });
}

/** A GET whose headers must arrive within the timeout; any error, timeout or non-2xx answer is UPDATE_FEED_UNREACHABLE. */
async function open(url: string, limits: FetchLimits, abort: AbortController): Promise<Response> {
  const timer = setTimeout(() => abort.abort(), limits.timeoutMs);
  try {
    const response = await fetch(url, { signal: abort.signal, redirect: 'follow', headers: { accept: '*/*' } });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      unreachable(url, 'http', response.status);
    }
    return response;
  } catch (err) {
    if (err instanceof CallFailure) throw err;
    unreachable(url, abort.signal.aborted ? 'timeout' : 'no_connection');
  } finally {
    clearTimeout(timer);
  }
}

/** Reads the body chunk by chunk, each within the timeout; `onChunk` may refuse (throw) and the read stops there. */
async function readBody(url: string, response: Response, limits: FetchLimits, abort: AbortController, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const reader = response.body!.getReader();
  try {
    for (;;) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const next = await Promise.race([
        reader.read(),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), limits.timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
      if (next === 'timeout') unreachable(url, 'timeout');
      if (next.done) return;
      onChunk(next.value);
    }
  } catch (err) {
    if (err instanceof CallFailure) throw err;
    unreachable(url, 'connection_lost');
  } finally {
    abort.abort();
    reader.releaseLock();
  }
}

/** A small file read whole; past `maxBytes` it is refused with `tooLarge`, unread beyond that. */
export async function fetchSmall(url: string, maxBytes: number, limits: FetchLimits, tooLarge: () => never): Promise<Buffer> {
  const abort = new AbortController();
  const response = await open(url, limits, abort);
  const chunks: Uint8Array[] = [];
  let total = 0;
  await readBody(url, response, limits, abort, (chunk) => {
    total += chunk.byteLength;
    if (total > maxBytes) tooLarge();
    chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

/**
 * Streams a file into `target` (created 0600, never over an existing file) while hashing it with
 * sha512; stops as soon as more than `expectedBytes` arrive. Answers the digest (base64, as
 * electron-builder writes it) and the bytes written; the caller compares and renames.
 */
export async function downloadTo(
  url: string,
  target: string,
  expectedBytes: number,
  limits: FetchLimits,
  progress: (received: number) => void,
): Promise<{ sha512: string; bytes: number }> {
  const abort = new AbortController();
  const response = await open(url, limits, abort);
  const hash = createHash('sha512');
  const fd = openSync(target, 'wx', 0o600);
  let bytes = 0;
  try {
    await readBody(url, response, limits, abort, (chunk) => {
      bytes += chunk.byteLength;
      if (bytes > expectedBytes) fail('REJECTED', 'The file is larger than the manifest says.', { reason: 'UPDATE_FILE_TOO_LARGE', params: { expected: expectedBytes } });
      hash.update(chunk);
      writeSync(fd, chunk);
      progress(bytes);
    });
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { sha512: hash.digest('base64'), bytes };
}

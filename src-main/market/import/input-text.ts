import { type IssueSink } from './issues';
import { DEFAULT_MAX_BYTES } from './types';

/** Raw file content as read from disk (Buffer is a Uint8Array) or already decoded text. */
export type ImportInput = Uint8Array | string;

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** Size in UTF-8 bytes; exact counting only when the cheap bounds (1–3 bytes per UTF-16 unit) cannot decide. */
export function inputByteLength(input: ImportInput, limit: number): number {
  if (typeof input !== 'string') return input.byteLength;
  if (input.length > limit || input.length * 3 <= limit) return input.length;
  return utf8Length(input);
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The size guard runs first so a huge file is refused before it is decoded or parsed, which
 * is what would exhaust memory; then bytes are decoded strictly as UTF-8, because a silently
 * replaced character in a timestamp or price would turn into a confusing later error.
 */
export function readInputText(input: ImportInput, maxBytes: number | undefined, sink: IssueSink): string | null {
  const limit = maxBytes ?? DEFAULT_MAX_BYTES;
  const size = inputByteLength(input, limit);
  if (size > limit) {
    const shown = typeof input === 'string' && input.length > limit ? `more than ${formatSize(limit)}` : formatSize(size);
    sink.add({ code: 'too_large', message: `file is ${shown}; the limit is ${formatSize(limit)} (${limit} bytes)` });
    return null;
  }
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    sink.add({ code: 'bad_encoding', message: 'file is not valid UTF-8 text' });
    return null;
  }
}

import type { Socket } from 'node:net';

/**
 * The few MQTT wire pieces the lean load tools (RawPublisher, bench's NullSubscriber) write and read
 * by hand; the terminal itself speaks MQTT through mqtt.js.
 */

export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** MQTT's variable byte integer: 7 bits a byte, high bit set while more follow. */
export function varint(n: number): Buffer {
  const out = Buffer.alloc(varintSize(n));
  writeVarint(out, 0, n);
  return out;
}

export function varintSize(n: number): number {
  return n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4;
}

export function writeVarint(out: Buffer, at: number, n: number): number {
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out[at++] = byte;
  } while (n > 0);
  return at;
}

/** Reads a variable byte integer at `at` (at most 4 bytes); `complete` is false when bytes are missing. */
export function readVarint(data: Buffer, at: number): { value: number; end: number; complete: boolean } {
  let value = 0;
  let multiplier = 1;
  for (let i = at; i < at + 4 && i < data.length; i++) {
    const byte = data[i]!;
    value += (byte & 0x7f) * multiplier;
    multiplier *= 128;
    if ((byte & 0x80) === 0) return { value, end: i + 1, complete: true };
  }
  return { value, end: at, complete: false };
}

/** The fixed header at `at`: where the packet's body starts and how long it is; null when incomplete. */
export function readFixedHeader(data: Buffer, at: number): { bodyAt: number; length: number } | null {
  if (data.length - at < 2) return null;
  const length = readVarint(data, at + 1);
  return length.complete ? { bodyAt: length.end, length: length.value } : null;
}

/** Sends DISCONNECT and closes; a peer that does not let go within a second is cut off. */
export function disconnect(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.end(Buffer.from([0xe0, 0x00]), () => resolve());
    setTimeout(() => {
      socket.destroy();
      resolve();
    }, 1_000).unref();
  });
}

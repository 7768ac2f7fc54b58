import { connect, type Socket } from 'node:net';
import { disconnect, u16, varint, varintSize, writeVarint } from './mqtt-wire';

/**
 * A minimal MQTT 3.1.1 client that only publishes at QoS 1 and counts the broker's PUBACKs, for load
 * generation. A full client (mqtt.js) spends ~25 µs of CPU per publish; on a two-core machine that
 * shares one core with the broker and the terminal, it, not the terminal, would cap the benchmark.
 * The wire traffic is the same: real CONNECT, PUBLISH with packet ids, PUBACK from the broker.
 */
export class RawPublisher {
  private nextId = 1;
  private readonly waiting = new Map<number, (err?: Error) => void>();
  private buffered = Buffer.alloc(0);
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.fail(new Error('connection closed')));
    socket.on('error', () => undefined);
  }

  /** Connects with a clean session and no keepalive (a benchmark run is shorter than any timeout). */
  static connect(host: string, port: number, clientId: string): Promise<RawPublisher> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('connect', () => {
        const id = Buffer.from(clientId, 'utf8');
        const body = Buffer.concat([Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 0]), u16(id.length), id]);
        socket.write(Buffer.concat([Buffer.from([0x10]), varint(body.length), body]));
        socket.once('data', (chunk: Buffer) => {
          // CONNACK: 0x20, length 2, flags, return code 0 = accepted.
          if (chunk.length < 4 || chunk[0] !== 0x20 || chunk[3] !== 0) {
            socket.destroy();
            reject(new Error(`connection refused (${chunk.toString('hex')})`));
            return;
          }
          socket.off('error', reject);
          const publisher = new RawPublisher(socket);
          if (chunk.length > 4) publisher.onData(chunk.subarray(4));
          resolve(publisher);
        });
      });
    });
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  /**
   * Sends QoS 1 PUBLISHes in one write (a device flushing a few buffered samples); `done` runs once per
   * message when the broker acknowledges it or the connection fails.
   */
  publish(topic: Buffer, payloads: readonly string[], done: (err?: Error) => void): void {
    if (this.closed) {
      for (let i = 0; i < payloads.length; i++) done(new Error('connection closed'));
      return;
    }
    const bodies = payloads.map((p) => Buffer.from(p, 'utf8'));
    let size = 0;
    for (const body of bodies) {
      const length = 2 + topic.length + 2 + body.length;
      size += 1 + varintSize(length) + length;
    }
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (const body of bodies) {
      const id = this.allocateId();
      this.waiting.set(id, done);
      out[at++] = 0x32;
      at = writeVarint(out, at, 2 + topic.length + 2 + body.length);
      at = out.writeUInt16BE(topic.length, at);
      at += topic.copy(out, at);
      at = out.writeUInt16BE(id, at);
      at += body.copy(out, at);
    }
    this.socket.write(out);
  }

  end(): Promise<void> {
    this.closed = true;
    return disconnect(this.socket);
  }

  private allocateId(): number {
    for (let i = 0; i < 65_535; i++) {
      const id = this.nextId;
      this.nextId = id === 65_535 ? 1 : id + 1;
      if (!this.waiting.has(id)) return id;
    }
    throw new Error('65535 publishes in flight on one connection');
  }

  private onData(chunk: Buffer): void {
    let data = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    // The broker sends this client nothing but 4-byte PUBACKs (0x40, 2, id).
    while (data.length >= 4) {
      if (data[0] === 0x40 && data[1] === 2) {
        const id = data.readUInt16BE(2);
        const done = this.waiting.get(id);
        this.waiting.delete(id);
        done?.();
      }
      data = data.subarray(4);
    }
    this.buffered = data.length === 0 ? Buffer.alloc(0) : Buffer.from(data);
  }

  private fail(err: Error): void {
    this.closed = true;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const done of waiting) done(err);
  }
}

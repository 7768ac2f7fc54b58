import { connect, type Socket } from 'node:net';

/**
 * The cheapest possible QoS 1 subscriber: it acknowledges every PUBLISH (all acknowledgements of one
 * socket read in one write, as the terminal does) and counts them, without looking at the payload.
 * Put in the terminal's place, it shows what the load generator and Mosquitto alone can move on this
 * machine: the ceiling any terminal's ingest figure is measured under.
 */
export class NullSubscriber {
  received = 0;
  firstAt = 0;
  lastAt = 0;
  private buffered = Buffer.alloc(0);

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
  }

  /** MQTT 3.1.1, clean session (nothing is queued for it once it leaves), QoS 1 subscription to `filter`. */
  static connect(host: string, port: number, filter: string): Promise<NullSubscriber> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('connect', () => {
        const id = Buffer.from(`bench-null-${process.pid}`, 'utf8');
        const connectBody = Buffer.concat([Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 0]), u16(id.length), id]);
        const topic = Buffer.from(filter, 'utf8');
        const subscribeBody = Buffer.concat([u16(1), u16(topic.length), topic, Buffer.from([1])]);
        socket.write(Buffer.concat([Buffer.from([0x10, connectBody.length]), connectBody, Buffer.from([0x82, subscribeBody.length]), subscribeBody]));
        let handshake = Buffer.alloc(0);
        const onHandshake = (chunk: Buffer) => {
          handshake = Buffer.concat([handshake, chunk]);
          // CONNACK (4 bytes) then SUBACK (5 bytes: 0x90, 3, id, granted QoS).
          if (handshake.length < 9) return;
          socket.off('data', onHandshake);
          socket.off('error', reject);
          if (handshake[0] !== 0x20 || handshake[3] !== 0 || handshake[4] !== 0x90 || handshake[8] !== 1) {
            socket.destroy();
            reject(new Error(`subscription refused (${handshake.toString('hex')})`));
            return;
          }
          const subscriber = new NullSubscriber(socket);
          if (handshake.length > 9) subscriber.onData(handshake.subarray(9));
          resolve(subscriber);
        };
        socket.on('data', onHandshake);
      });
    });
  }

  end(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.end(Buffer.from([0xe0, 0x00]), () => resolve());
      setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, 1_000).unref();
    });
  }

  private onData(chunk: Buffer): void {
    const data = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const acks: number[] = [];
    let at = 0;
    for (;;) {
      // Fixed header: type/flags byte, then the remaining length in 1–4 bytes.
      if (data.length - at < 2) break;
      let length = 0;
      let multiplier = 1;
      let headerEnd = at + 1;
      let complete = false;
      for (let i = 0; i < 4 && headerEnd < data.length; i++) {
        const byte = data[headerEnd++]!;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || data.length < headerEnd + length) break;
      const type = data[at]! >> 4;
      const qos = (data[at]! >> 1) & 3;
      if (type === 3 && qos === 1) {
        const topicLength = data.readUInt16BE(headerEnd);
        acks.push(data.readUInt16BE(headerEnd + 2 + topicLength));
      }
      at = headerEnd + length;
    }
    this.buffered = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
    if (acks.length === 0) return;
    const out = Buffer.allocUnsafe(acks.length * 4);
    for (let i = 0; i < acks.length; i++) {
      out[i * 4] = 0x40;
      out[i * 4 + 1] = 2;
      out.writeUInt16BE(acks[i]!, i * 4 + 2);
    }
    this.socket.write(out);
    const now = Date.now();
    if (this.received === 0) this.firstAt = now;
    this.received += acks.length;
    this.lastAt = now;
  }
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

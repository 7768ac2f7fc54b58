import { connect, type Socket } from 'node:net';
import { disconnect, readFixedHeader, readVarint, u16, varint } from '../../src-main/devices/simulator/mqtt-wire';

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
  private subscribed: ((error?: Error) => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.subscribed?.(err));
  }

  /**
   * MQTT 5 with clean start (nothing is queued for it once it leaves) and the terminal's receive
   * maximum: Mosquitto looks acknowledgements up in its in-flight list, so an unbounded window would
   * make the broker slower for this subscriber than for the terminal. QoS 1 subscription to `filter`.
   */
  static connect(host: string, port: number, filter: string, receiveMaximum: number): Promise<NullSubscriber> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        const subscriber = new NullSubscriber(socket);
        subscriber.subscribed = (error) => {
          subscriber.subscribed = null;
          if (error) {
            socket.destroy();
            reject(error);
          } else resolve(subscriber);
        };
        const id = Buffer.from(`bench-null-${process.pid}`, 'utf8');
        const properties = Buffer.from([0x21, receiveMaximum >> 8, receiveMaximum & 0xff]);
        const connectBody = Buffer.concat([Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 5, 0x02, 0, 0, properties.length]), properties, u16(id.length), id]);
        const topic = Buffer.from(filter, 'utf8');
        const subscribeBody = Buffer.concat([u16(1), Buffer.from([0]), u16(topic.length), topic, Buffer.from([1])]);
        socket.write(Buffer.concat([Buffer.from([0x10]), varint(connectBody.length), connectBody, Buffer.from([0x82]), varint(subscribeBody.length), subscribeBody]));
      });
    });
  }

  end(): Promise<void> {
    return disconnect(this.socket);
  }

  private onData(chunk: Buffer): void {
    const data = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const acks: number[] = [];
    let at = 0;
    for (;;) {
      const header = readFixedHeader(data, at);
      if (header === null || data.length < header.bodyAt + header.length) break;
      const type = data[at]! >> 4;
      const { bodyAt } = header;
      if (type === 3 && ((data[at]! >> 1) & 3) === 1) {
        const topicLength = data.readUInt16BE(bodyAt);
        acks.push(data.readUInt16BE(bodyAt + 2 + topicLength));
      } else if (type === 2 && data[bodyAt + 1] !== 0) {
        this.subscribed?.(new Error(`connection refused, reason ${data[bodyAt + 1]}`));
      } else if (type === 9) {
        // SUBACK: packet id, properties, then one reason code per filter (1 = granted QoS 1).
        const properties = readVarint(data, bodyAt + 2);
        const granted = data[properties.end + properties.value];
        this.subscribed?.(granted === 1 ? undefined : new Error(`subscription refused, reason ${granted}`));
      }
      at = bodyAt + header.length;
    }
    this.buffered = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
    if (acks.length === 0) return;
    // MQTT 5 allows the 4-byte PUBACK without reason code for success.
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

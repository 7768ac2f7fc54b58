import type { CancelCommand, Command, ModifyCommand, PlaceCommand } from '../engine';

/**
 * The journal's text for one engine command. The hot commands (place, cancel, modify) are written as
 * positional JSON arrays, a third of the bytes of the object form: the journal's throughput is bound
 * by the bytes SQLite writes and checkpoints, not by the engine. Trailing absent fields are left off;
 * the engine treats a missing optional field and null alike. Every other command, and every journal
 * written before this form existed, is the plain command object.
 *
 *   place:  ["P", seq, ts, orderId, owner, productId, side, orderType, quantity, price, stopPrice,
 *            tif, expireAt, peak, allOrNone, clientOrderId, stp]
 *   cancel: ["C", seq, ts, orderId, owner]
 *   modify: ["M", seq, ts, orderId, owner, price, quantity, stopPrice]
 */
export function encodeCommand(cmd: Command): string {
  switch (cmd.type) {
    case 'place':
      return encodePlace(cmd);
    case 'cancel':
      return `["C",${cmd.seq},${cmd.ts},${cmd.orderId},${cmd.owner}]`;
    case 'modify':
      return `["M",${cmd.seq},${cmd.ts},${cmd.orderId},${cmd.owner},${num(cmd.price)},${num(cmd.quantity)},${num(cmd.stopPrice)}]`;
    default:
      return JSON.stringify(cmd);
  }
}

function num(value: number | null | undefined): string {
  return value === undefined || value === null ? 'null' : String(value);
}

/** JSON text of the strings that recur in every order (product ids, sides, types), made once each. */
const quoted = new Map<string, string>();
function quote(text: string): string {
  let json = quoted.get(text);
  if (json === undefined) {
    json = JSON.stringify(text);
    // Product ids come and go with the days; the cache only needs the ones trading now.
    if (quoted.size > 4_096) quoted.clear();
    quoted.set(text, json);
  }
  return json;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

function encodePlace(cmd: PlaceCommand): string {
  const head = `["P",${cmd.seq},${cmd.ts},${cmd.orderId},${cmd.owner},${quote(cmd.productId)},${quote(cmd.side)},${quote(cmd.orderType)},${cmd.quantity}`;
  // Optional fields in wire order; the common limit order stops after its price.
  let last = 0;
  if (present(cmd.stp)) last = 8;
  else if (present(cmd.clientOrderId)) last = 7;
  else if (present(cmd.allOrNone)) last = 6;
  else if (present(cmd.peak)) last = 5;
  else if (present(cmd.expireAt)) last = 4;
  else if (present(cmd.tif)) last = 3;
  else if (present(cmd.stopPrice)) last = 2;
  else if (present(cmd.price)) last = 1;
  if (last === 0) return `${head}]`;
  if (last === 1) return `${head},${cmd.price}]`;
  const tail: unknown[] = [cmd.price, cmd.stopPrice, cmd.tif, cmd.expireAt, cmd.peak, cmd.allOrNone, cmd.clientOrderId, cmd.stp];
  let out = head;
  for (let i = 0; i < last; i++) out += `,${JSON.stringify(tail[i] ?? null)}`;
  return `${out}]`;
}

type Field = string | number | boolean | null | undefined;

/** Reads back what encodeCommand wrote (or an older object-form entry). */
export function decodeCommand(payload: unknown): Command {
  if (!Array.isArray(payload)) return payload as Command;
  const f = payload as Field[];
  const at = (i: number): Field => (i < f.length ? f[i] : null);
  switch (f[0]) {
    case 'P': {
      const cmd: PlaceCommand = {
        type: 'place',
        seq: f[1] as number,
        ts: f[2] as number,
        orderId: f[3] as number,
        owner: f[4] as number,
        productId: f[5] as string,
        side: f[6] as PlaceCommand['side'],
        orderType: f[7] as PlaceCommand['orderType'],
        quantity: f[8] as number,
        price: at(9) as number | null,
        stopPrice: at(10) as number | null,
        tif: (at(11) ?? undefined) as PlaceCommand['tif'],
        expireAt: at(12) as number | null,
        peak: at(13) as number | null,
        allOrNone: at(14) === true,
        clientOrderId: at(15) as string | null,
        stp: at(16) as PlaceCommand['stp'],
      };
      return cmd;
    }
    case 'C': {
      const cmd: CancelCommand = { type: 'cancel', seq: f[1] as number, ts: f[2] as number, orderId: f[3] as number, owner: f[4] as number };
      return cmd;
    }
    case 'M': {
      const cmd: ModifyCommand = {
        type: 'modify',
        seq: f[1] as number,
        ts: f[2] as number,
        orderId: f[3] as number,
        owner: f[4] as number,
        price: at(5) as number | null,
        quantity: at(6) as number | null,
        stopPrice: at(7) as number | null,
      };
      return cmd;
    }
    default:
      throw new Error(`The engine journal holds an entry it cannot read: ${JSON.stringify(payload).slice(0, 80)}`);
  }
}

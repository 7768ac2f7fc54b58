import type { Command } from '../engine';
import { StoreOpenError, type Db } from '../store/database';
import { chainHash, chainHeadReader, type ChainHead } from '../store/event-chain';
import { decodeCommand, encodeCommand } from './command-codec';

/**
 * The engine's durable memory: commands live in the one event log (type 'engine.cmd'), snapshots of
 * the books in engine_snapshots. On start: the newest snapshot, then every command logged after it.
 */
export const ENGINE_COMMAND = 'engine.cmd';

export interface StoredSnapshot {
  eventSeq: number;
  commandCount: number;
  state: unknown;
}

/** A kept snapshot, parsed only when tried: a damaged one must not stop the older one being used. */
export interface SnapshotRow {
  eventSeq: number;
  parse(): StoredSnapshot;
}

/**
 * A journaled command that cannot be read back. Replay cannot skip it (every later book state
 * depends on it), so the terminal refuses to start; the message names the event and nothing of its
 * payload, which holds order details.
 */
export class JournalDamagedError extends StoreOpenError {
  constructor(readonly seq: number) {
    super(
      `The engine journal is damaged at event ${seq}: the order books cannot be rebuilt past it. ` +
        'The data files have not been changed; restore them from a backup taken together, or contact support with this event number.',
    );
    this.name = 'JournalDamagedError';
  }
}

/** Rows per multi-row INSERT: 8 columns each, well under SQLite's 32,766 bound parameters. */
const ROWS_PER_INSERT = 64;
/** Commands per journal row at most: a row of them stays within about one database page. */
const COMMANDS_PER_ROW = 32;
const COLUMNS = 8;

function insertSql(rows: number): string {
  return `INSERT INTO events (seq, terminal_id, ts, actor, type, payload, prev_hash, hash) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
}

export class EngineJournal {
  private readonly latest;
  private readonly insert;
  private readonly prune;
  private readonly after;
  private readonly chainHead: () => ChainHead;
  /** Prepared multi-row INSERTs by row count, made when first needed. */
  private readonly inserts = new Map<number, ReturnType<Db['prepare']>>();
  /** Last seq written or buffered in the open transaction; -1 when it must be read again. */
  private head = -1;
  /** The hash chain's head with it (event-chain.ts): the hash the next row extends. */
  private headHash: Buffer = Buffer.alloc(0);
  /** Buffered rows, flattened, waiting for one multi-row INSERT. */
  private buffer: unknown[] = [];
  /** Consecutive commands of one actor not yet in a row: they share one (see appendCommand). */
  private pack: string[] = [];
  private packTs = 0;
  private packActor: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly terminalId = '',
  ) {
    this.latest = db.prepare('SELECT seq, state FROM engine_snapshots ORDER BY seq DESC');
    this.insert = db.prepare('INSERT OR REPLACE INTO engine_snapshots (seq, ts, state) VALUES (?, ?, ?)');
    // Two snapshots are kept: if the newest were ever unreadable, the previous one plus the log still rebuilds.
    this.prune = db.prepare('DELETE FROM engine_snapshots WHERE seq NOT IN (SELECT seq FROM engine_snapshots ORDER BY seq DESC LIMIT 2)');
    this.after = db.prepare(`SELECT seq, payload FROM events WHERE type = '${ENGINE_COMMAND}' AND seq > ? ORDER BY seq`);
    this.chainHead = chainHeadReader(db);
  }

  /**
   * Appends one event-log row in the open write transaction, with the next gap-free seq. The seq is
   * counted here rather than read with MAX per row, and rows go to disk in multi-row INSERTs: call
   * `sync()` before anyone else appends to the log in this transaction and before it commits, and
   * `forget()` whenever a transaction begins or is rolled back.
   */
  append(ts: number, actor: string | null, type: string, payload: unknown): number {
    this.closePack();
    return this.appendText(ts, actor, type, JSON.stringify(payload ?? null));
  }

  /**
   * Journals an engine command in its compact form (see command-codec.ts). Consecutive commands of
   * one actor with nothing else logged between them share one row, a JSON array of up to
   * COMMANDS_PER_ROW commands: a burst of orders costs a few row inserts instead of one each. The
   * row is written by the next append, sync() or when it is full; replay reads the commands in order.
   */
  appendCommand(ts: number, actor: string | null, command: Command): void {
    if (this.pack.length > 0 && (actor !== this.packActor || this.pack.length === COMMANDS_PER_ROW)) this.closePack();
    if (this.pack.length === 0) {
      this.packTs = ts;
      this.packActor = actor;
    }
    this.pack.push(encodeCommand(command));
  }

  private closePack(): void {
    const pack = this.pack;
    if (pack.length === 0) return;
    this.pack = [];
    this.appendText(this.packTs, this.packActor, ENGINE_COMMAND, pack.length === 1 ? pack[0]! : `[${pack.join(',')}]`);
  }

  private appendText(ts: number, actor: string | null, type: string, json: string): number {
    if (!this.db.inTransaction) throw new Error('EngineJournal.append must run inside the write transaction');
    if (this.head < 0) {
      const head = this.chainHead();
      this.head = head.seq;
      this.headHash = head.hash;
    }
    const seq = ++this.head;
    const prevHash = this.headHash;
    this.headHash = chainHash(prevHash, { seq, terminalId: this.terminalId, ts, actor, type, payload: json });
    this.buffer.push(seq, this.terminalId, ts, actor, type, json, prevHash, this.headHash);
    if (this.buffer.length === ROWS_PER_INSERT * COLUMNS) this.write();
    return seq;
  }

  /** Writes buffered rows, so that other writers of the log (which read MAX(seq)) see them. */
  sync(): void {
    this.closePack();
    if (this.buffer.length > 0) this.write();
  }

  /** Another writer appended, or the transaction ended: the counted seq may be stale. */
  forget(): void {
    this.head = -1;
    this.buffer = [];
    this.pack = [];
  }

  private write(): void {
    const rows = this.buffer;
    this.buffer = [];
    const count = rows.length / COLUMNS;
    let statement = this.inserts.get(count);
    if (statement === undefined) {
      statement = this.db.prepare(insertSql(count));
      this.inserts.set(count, statement);
    }
    statement.run(rows);
  }

  /** The kept snapshots, newest first. */
  snapshots(): SnapshotRow[] {
    return (this.latest.all() as Array<{ seq: number; state: string }>).map((row) => ({
      eventSeq: row.seq,
      parse: () => {
        const parsed = JSON.parse(row.state) as { commandCount?: unknown; state?: unknown };
        if (!Number.isInteger(parsed.commandCount) || typeof parsed.state !== 'object' || parsed.state === null) {
          throw new Error(`snapshot at event ${row.seq} has no engine state`);
        }
        return { eventSeq: row.seq, commandCount: parsed.commandCount as number, state: parsed.state };
      },
    }));
  }

  saveSnapshot(eventSeq: number, ts: number, commandCount: number, state: unknown): void {
    this.insert.run(eventSeq, ts, JSON.stringify({ commandCount, state }));
    this.prune.run();
  }

  /** Every journaled command after a seq, in order; a row that cannot be decoded throws JournalDamagedError. */
  *commandsAfter(eventSeq: number): Generator<{ seq: number; command: Command }> {
    for (const row of this.after.iterate(eventSeq) as Iterable<{ seq: number; payload: string }>) {
      yield* decodeRow(row.seq, row.payload);
    }
  }
}

function decodeRow(seq: number, text: string): Array<{ seq: number; command: Command }> {
  let commands: Command[];
  try {
    const payload = JSON.parse(text) as unknown;
    // One command is an object or an array starting with its tag; a row of several is an array of those.
    const entries = Array.isArray(payload) && payload.length > 0 && typeof payload[0] !== 'string' ? (payload as unknown[]) : [payload];
    commands = entries.map((entry) => decodeCommand(entry));
  } catch {
    throw new JournalDamagedError(seq);
  }
  if (commands.some((command) => typeof command !== 'object' || command === null || typeof command.type !== 'string')) throw new JournalDamagedError(seq);
  return commands.map((command) => ({ seq, command }));
}

import type { Db } from '../store/database';

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

export class EngineJournal {
  private readonly latest;
  private readonly insert;
  private readonly prune;
  private readonly after;

  constructor(db: Db) {
    this.latest = db.prepare('SELECT seq, state FROM engine_snapshots ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare('INSERT OR REPLACE INTO engine_snapshots (seq, ts, state) VALUES (?, ?, ?)');
    // Two snapshots are kept: if the newest were ever unreadable, the previous one plus the log still rebuilds.
    this.prune = db.prepare('DELETE FROM engine_snapshots WHERE seq NOT IN (SELECT seq FROM engine_snapshots ORDER BY seq DESC LIMIT 2)');
    this.after = db.prepare(`SELECT seq, payload FROM events WHERE type = '${ENGINE_COMMAND}' AND seq > ? ORDER BY seq`);
  }

  latestSnapshot(): StoredSnapshot | null {
    const row = this.latest.get() as { seq: number; state: string } | undefined;
    if (!row) return null;
    const parsed = JSON.parse(row.state) as { commandCount: number; state: unknown };
    return { eventSeq: row.seq, commandCount: parsed.commandCount, state: parsed.state };
  }

  saveSnapshot(eventSeq: number, ts: number, commandCount: number, state: unknown): void {
    this.insert.run(eventSeq, ts, JSON.stringify({ commandCount, state }));
    this.prune.run();
  }

  *commandsAfter(eventSeq: number): Generator<{ seq: number; command: unknown }> {
    for (const row of this.after.iterate(eventSeq) as Iterable<{ seq: number; payload: string }>) {
      yield { seq: row.seq, command: JSON.parse(row.payload) as unknown };
    }
  }
}

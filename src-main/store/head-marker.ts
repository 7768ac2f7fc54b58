import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A small file beside the database naming the terminal and the last event-log sequence it had
 * committed when the file was written (about once a second, at checkpoints and at a clean stop).
 * Every commit is fsynced to the WAL before its sequence can reach this file, so the marker never
 * runs ahead of what SQLite made durable; a database whose log ends before the marker lost
 * committed rows (a truncated or deleted WAL, an older copy restored) that SQLite cannot report.
 * The marker itself is written without fsync: losing an update only narrows what is detected.
 */
export const HEAD_MARKER_FILE = 'griddesk.head';

const MarkerSchema = z.object({ terminalId: z.string().min(1).max(64), seq: z.number().int().min(0) }).strict();
export type HeadMarker = z.infer<typeof MarkerSchema>;

export function readHeadMarker(dir: string): HeadMarker | null {
  const file = join(dir, HEAD_MARKER_FILE);
  if (!existsSync(file)) return null;
  try {
    const parsed = MarkerSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written whole or not at all: a new file renamed over the old one. */
export function writeHeadMarker(dir: string, marker: HeadMarker): void {
  const file = join(dir, HEAD_MARKER_FILE);
  const next = `${file}.next`;
  writeFileSync(next, JSON.stringify(marker), { mode: 0o600 });
  renameSync(next, file);
}

/** What the log lost, as start-up found it; also what the core reports as its store's health. */
export type StoreWarning =
  | { code: 'EVENTS_MISSING'; terminalId: string; lastKnownSeq: number; foundSeq: number }
  | { code: 'OTHER_TERMINAL'; markerTerminalId: string; terminalId: string };

/** Compares the database's log head with the marker; null when nothing is known to be missing. */
export function checkAgainstMarker(marker: HeadMarker | null, terminalId: string, head: number): StoreWarning | null {
  if (marker === null) return null;
  if (marker.terminalId !== terminalId) return { code: 'OTHER_TERMINAL', markerTerminalId: marker.terminalId, terminalId };
  if (head < marker.seq) return { code: 'EVENTS_MISSING', terminalId, lastKnownSeq: marker.seq, foundSeq: head };
  return null;
}

export function describeStoreWarning(warning: StoreWarning): string {
  if (warning.code === 'EVENTS_MISSING') {
    const lost = warning.lastKnownSeq - warning.foundSeq;
    return (
      `WARNING: the event log ends at sequence ${warning.foundSeq}, but this terminal had committed up to ${warning.lastKnownSeq}: ` +
      `events ${warning.foundSeq + 1}–${warning.lastKnownSeq} (${lost}) are missing, with the orders, trades and changes they recorded. ` +
      'The write-ahead log (griddesk.sqlite-wal) was probably truncated or deleted, or an older copy of the database was restored. ' +
      'Check the blotter against your counterparties; restore the database and its -wal file together if you have them.'
    );
  }
  return (
    `WARNING: this data folder last held terminal ${warning.markerTerminalId}, but its database belongs to terminal ${warning.terminalId}: ` +
    'a database from another folder was copied in. Missing events cannot be checked for this start.'
  );
}

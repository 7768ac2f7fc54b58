/**
 * Filtered reads of the event log for the audit screen and its CSV export. The filters become SQL
 * (the trail can hold millions of engine journal rows; filtering a page in the screen would show
 * an empty page where matching entries exist further back).
 */
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { AUDIT_AREAS, AUDIT_CALL_TYPES, AUDIT_ROUTINE_TYPES, type AuditArea, type AuditFilter } from '../../src-shared/contract/audit';
import { HOME_AREA, zoneOfArea } from '../../src-shared/domain/market-areas';
import type { AuditEntry } from '../../src-shared/domain/schemas';
import type { Db } from '../store/database';

interface Where {
  sql: string;
  params: Array<string | number>;
}

/** Entries of the areas: their domains' types, and the router's entries for calls of their domains. */
function areasClause(areas: readonly AuditArea[]): Where {
  const matches: string[] = [];
  const params: Array<string | number> = [];
  for (const area of areas) {
    for (const prefix of AUDIT_AREAS[area]) {
      // Prefixes are constants of the contract; `substr` compares them without LIKE's wildcards.
      if (prefix.endsWith('.')) {
        matches.push('substr(type, 1, ?) = ?');
        params.push(prefix.length, prefix);
      } else {
        matches.push('type = ?');
        params.push(prefix);
      }
    }
    matches.push(`(type IN (${AUDIT_CALL_TYPES.map(() => '?').join(', ')}) AND substr(json_extract(payload, '$.method'), 1, ?) = ?)`);
    params.push(...AUDIT_CALL_TYPES, area.length + 1, `${area}.`);
  }
  return { sql: `(${matches.join(' OR ')})`, params };
}

function whereOf(filter: AuditFilter, beforeSeq?: number): Where {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  if (beforeSeq !== undefined) {
    clauses.push('seq < ?');
    params.push(beforeSeq);
  }
  if (filter.types && filter.types.length > 0) {
    clauses.push(`type IN (${filter.types.map(() => '?').join(', ')})`);
    params.push(...filter.types);
  }
  if (filter.areas && filter.areas.length > 0) {
    const areas = areasClause(filter.areas);
    clauses.push(areas.sql);
    params.push(...areas.params);
  }
  if (filter.hideRoutine) {
    clauses.push(`type NOT IN (${AUDIT_ROUTINE_TYPES.map(() => '?').join(', ')})`);
    params.push(...AUDIT_ROUTINE_TYPES);
  }
  if (filter.actor !== undefined) {
    clauses.push('actor = ?');
    params.push(filter.actor);
  }
  if (filter.fromTs !== undefined) {
    clauses.push('ts >= ?');
    params.push(filter.fromTs);
  }
  if (filter.toTs !== undefined) {
    clauses.push('ts < ?');
    params.push(filter.toTs);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

interface Row {
  seq: number;
  terminal_id: string;
  ts: number;
  actor: string | null;
  type: string;
  payload: string;
  prev_hash: Buffer | null;
  hash: Buffer | null;
}

const entryOf = (row: Row): AuditEntry => ({ seq: row.seq, terminalId: row.terminal_id, ts: row.ts, actor: row.actor, type: row.type, payload: JSON.parse(row.payload) as unknown });

/** The newest `limit` matching entries before `beforeSeq`, newest first. */
export function listTrail(db: Db, filter: AuditFilter, beforeSeq: number | undefined, limit: number): AuditEntry[] {
  const where = whereOf(filter, beforeSeq);
  const rows = db.prepare(`SELECT seq, terminal_id, ts, actor, type, payload FROM events ${where.sql} ORDER BY seq DESC LIMIT ?`).all(...where.params, limit) as Row[];
  return rows.map(entryOf);
}

export function trailFacets(db: Db): { types: string[]; actors: string[] } {
  // events_type (type, seq) makes the first a scan of the index only.
  const types = db.prepare('SELECT DISTINCT type FROM events ORDER BY type').pluck().all() as string[];
  const actors = db.prepare('SELECT DISTINCT actor FROM events WHERE actor IS NOT NULL ORDER BY actor').pluck().all() as string[];
  return { types, actors };
}

/** The day of an instant on the desk's clock (YYYY-MM-DD). */
export const deskDay = (ts: number): string => DateTime.fromMillis(ts, { zone: zoneOfArea(HOME_AREA) }).toISODate() ?? '';

export const AUDIT_CSV_COLUMNS = ['seq', 'terminal_id', 'ts_ms', 'time', 'actor', 'type', 'payload', 'prev_hash', 'hash'] as const;

/**
 * The matching entries oldest first as CSV. `payload` is the stored JSON text byte for byte and
 * `ts_ms` the stored number, so with `prev_hash` and `hash` each row's hash can be recomputed
 * (canonicalBytes in store/event-chain.ts); `time` is the same instant on the desk's clock, for people.
 */
export function trailCsv(db: Db, filter: AuditFilter, maxRows: number): { csv: string; rows: number } {
  const where = whereOf(filter);
  const rows = db.prepare(`SELECT seq, terminal_id, ts, actor, type, payload, prev_hash, hash FROM events ${where.sql} ORDER BY seq LIMIT ?`).all(...where.params, maxRows) as Row[];
  const zone = zoneOfArea(HOME_AREA);
  const records = rows.map((row) => [
    row.seq,
    row.terminal_id,
    row.ts,
    DateTime.fromMillis(row.ts, { zone }).toISO({ includeOffset: true }) ?? '',
    row.actor ?? '',
    row.type,
    row.payload,
    row.prev_hash?.toString('hex') ?? '',
    row.hash?.toString('hex') ?? '',
  ]);
  return { csv: stringify(records, { header: true, columns: [...AUDIT_CSV_COLUMNS] }), rows: rows.length };
}

/**
 * The risk defaults row is read with the calls' schemas: a value nobody could have set through
 * `risk.defaults.set` (a hand-edited or damaged row) stops the read with the column named, rather
 * than being taken as "no limit".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RiskStore } from '../../src-main/risk/risk-store';
import { openDatabase, type Db } from '../../src-main/store/database';
import { CallFailure } from '../../src-shared/domain/errors';

let db: Db | undefined;
afterEach(() => db?.close());

function storeWith(guard: string, limits: string): RiskStore {
  db = openDatabase(':memory:');
  db.prepare('INSERT INTO risk_defaults (id, guard, limits, updated_at, updated_by) VALUES (1, ?, ?, 0, ?)').run(guard, limits, 'admin');
  return new RiskStore(db);
}

function refusal(read: () => unknown): CallFailure['error'] | null {
  try {
    read();
    return null;
  } catch (err) {
    if (err instanceof CallFailure) return err.error;
    throw err;
  }
}

describe('reading the stored risk defaults', () => {
  it('reads a row the call wrote, nulls left out', () => {
    const store = storeWith('{"maxOrderKw":10000,"confirmSizeKw":null}', '{"creditLimitMoney":0}');
    expect(store.defaults()).toEqual({ guard: { maxOrderKw: 10_000 }, limits: { creditLimitMoney: 0 }, updatedAt: 0, updatedBy: 'admin' });
  });

  it('refuses a threshold no call accepts, naming the guard column', () => {
    const store = storeWith('{"maxOrderKw":-5}', '{}');
    expect(refusal(() => store.defaults())).toMatchObject({ code: 'INTERNAL', reason: 'RISK_DEFAULTS_DAMAGED', field: 'guard' });
  });

  it('refuses limits that are not JSON, naming the limits column', () => {
    const store = storeWith('{}', '{"maxOrderKw":');
    expect(refusal(() => store.defaults())).toMatchObject({ code: 'INTERNAL', reason: 'RISK_DEFAULTS_DAMAGED', field: 'limits' });
  });
});

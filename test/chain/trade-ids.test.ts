import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { onChainTradeId, terminalPrefix } from '../../src-main/chain/trade-ids';
import { openDatabase } from '../../src-main/store/database';
import { MIGRATIONS } from '../../src-main/store/migrations';
import { migration0020 } from '../../src-main/store/migrations/0020-chain-trade-ids';
import { removeDir, tempDir } from '../helpers/core';

describe("a trade's on-chain id", () => {
  it('differs between terminals for the same local trade id, and keeps the local id in its low 64 bits', () => {
    const a = onChainTradeId(terminalPrefix('terminal-a'), 1);
    const b = onChainTradeId(terminalPrefix('terminal-b'), 1);
    expect(a).not.toBe(b);
    expect(a & ((1n << 64n) - 1n)).toBe(1n);
    expect(b & ((1n << 64n) - 1n)).toBe(1n);
  });

  it("is the same for one terminal's trade every time, and its consecutive trades share the contract's bitmap word", () => {
    const prefix = terminalPrefix('terminal-a');
    expect(onChainTradeId(terminalPrefix('terminal-a'), 7)).toBe(onChainTradeId(prefix, 7));
    expect(onChainTradeId(prefix, 1) >> 8n).toBe(onChainTradeId(prefix, 255) >> 8n);
  });

  it('refuses a local id that is not a positive integer below 2^64', () => {
    const prefix = terminalPrefix('terminal-a');
    expect(() => onChainTradeId(prefix, 0)).toThrow(RangeError);
    expect(() => onChainTradeId(prefix, 1.5)).toThrow(RangeError);
  });
});

describe('a trade queued before on-chain ids carried the terminal', () => {
  it('keeps its bare local id, the one the contract may know it by already', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'griddesk.db');
      const old = new Database(file);
      for (const step of MIGRATIONS.slice(0, migration0020.version - 1)) {
        old.exec(step.sql);
        step.run?.(old);
      }
      old.pragma(`user_version = ${migration0020.version - 1}`);
      old.prepare("INSERT INTO chain_settlements (trade_id, product_id, seller_id, buyer_id, energy_wh, payment_units, status, updated_at) VALUES (42, 'LM-x', 1, 2, 1000, 100000, 'confirmed', 0)").run();
      old.close();
      const db = openDatabase(file);
      expect(db.prepare('SELECT chain_trade_id FROM chain_settlements WHERE trade_id = 42').pluck().get()).toBe('42');
      db.close();
    } finally {
      removeDir(dir);
    }
  });
});

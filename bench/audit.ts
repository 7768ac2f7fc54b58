/**
 * Audit-trail benchmark, on a real Core and SQLite file in a temporary folder:
 * - a burst of refused calls from one viewer, and how long another client's call waits behind it;
 * - hash-chained appends through the EventLog (one transaction per 1,000 rows), and
 * - verifying the whole chain, as `audit.verify` and `npm run audit:verify` do.
 * Human-readable lines first; the LAST line is one JSON object.
 *
 *   npx tsx bench/audit.ts       (npm run bench:audit)
 */
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ManualClock } from '../src-main/core/clock';
import { Core } from '../src-main/core/core';
import { verifyChain } from '../src-main/store/chain-verify';
import { openDatabase } from '../src-main/store/database';
import { EventLog } from '../src-main/store/event-log';

const BURST = 2_000;
const APPENDS = 10_000;

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

async function refusalBurst(): Promise<{ otherCallMs: number; burstMs: number; refusalBatches: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'griddesk-bench-audit-'));
  const core = Core.open({ dataDir, clock: new ManualClock(Date.UTC(2026, 10, 23, 9)) });
  try {
    const admin = core.connect({ trustedLocal: true }, () => {});
    await admin.call('auth.setup', { username: 'admin', displayName: 'Ada', password: 'correct horse battery' });
    await admin.call('auth.users.create', { username: 'vera', displayName: 'Vera', password: 'vera-password-123', role: 'viewer' });
    const viewer = core.connect({ trustedLocal: false }, () => {});
    await viewer.call('auth.login', { username: 'vera', password: 'vera-password-123' });
    const batches = core.refusalBatches;
    const t0 = process.hrtime.bigint();
    const burst = Array.from({ length: BURST }, () => viewer.call('auth.users.list', {}));
    const other = admin.call('prefs.set', { key: 'theme', value: 'dark' }).then(() => ms(t0));
    const otherCallMs = await other;
    await Promise.all(burst);
    const burstMs = ms(t0);
    core.checkpoint();
    return { otherCallMs, burstMs, refusalBatches: core.refusalBatches - batches };
  } finally {
    core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function chain(): Promise<{ appendMs: number; verifyMs: number; ok: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'griddesk-bench-chain-'));
  const db = openDatabase(join(dir, 'griddesk.sqlite'));
  try {
    const log = new EventLog(db, 'bench');
    const t0 = process.hrtime.bigint();
    for (let done = 0; done < APPENDS; done += 1_000) {
      db.transaction(() => {
        for (let i = 0; i < 1_000; i++) log.append(done + i, 'bench', 'bench.entry', { n: done + i, text: 'an entry of typical size' });
      })();
    }
    const appendMs = ms(t0);
    const t1 = process.hrtime.bigint();
    const verdict = await verifyChain(db, []);
    return { appendMs, verifyMs: ms(t1), ok: verdict.ok && verdict.checkedTo === APPENDS };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const burst = await refusalBurst();
console.log(`${BURST} refused calls: answered in ${burst.burstMs.toFixed(0)} ms, written in ${burst.refusalBatches} transaction(s); another client's call answered after ${burst.otherCallMs.toFixed(0)} ms`);
const chained = await chain();
console.log(`${APPENDS} chained appends: ${chained.appendMs.toFixed(0)} ms; verifying them: ${chained.verifyMs.toFixed(0)} ms (${chained.ok ? 'intact' : 'NOT intact'})`);
console.log(
  JSON.stringify({
    refusedCalls: BURST,
    refusedBurstMs: Math.round(burst.burstMs),
    refusalTransactions: burst.refusalBatches,
    otherCallMs: Math.round(burst.otherCallMs),
    chainedAppends: APPENDS,
    appendMs: Math.round(chained.appendMs),
    verifyMs: Math.round(chained.verifyMs),
    verifiedIntact: chained.ok,
  }),
);

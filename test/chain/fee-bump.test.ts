import { Transaction } from 'ethers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bumpedFees, initialFees, isStuck } from '../../src-main/chain/fee-bump';
import { Settlement__factory } from '../../src-main/chain/contracts';
import { withStore } from '../helpers/core';
import { startAnvil, type Anvil } from './helpers/anvil';
import { auctionTrade, auditOf, balances, closeDesk, openDesk, PASSWORD, type Desk } from './helpers/desk';
import { startRelay, type Relay } from './helpers/relay';

/**
 * Stuck settlement transactions replaced with higher fees, against a real anvil reached through a
 * relay that loses chosen transactions on the way: the first one never reaches the node, however
 * often it is broadcast again (the core's own timer does so too), while blocks pass without it.
 */

const GWEI = 1_000_000_000n;
/** Stuck after two blocks; time alone never (but for the tests that ask for it). */
const BY_BLOCKS = { feeBump: { afterBlocks: 2, afterMs: 365 * 24 * 3_600_000 } };
const BY_TIME = { feeBump: { afterBlocks: 1_000, afterMs: 120_000 } };

let anvil: Anvil;
let relay: Relay;
beforeAll(async () => {
  anvil = await startAnvil();
  relay = await startRelay(anvil.url);
}, 60_000);
afterAll(async () => {
  await relay?.close();
  await anvil?.stop();
});
afterEach(() => {
  relay.drop.clear();
  relay.lost.clear();
});

interface Attempt {
  txHash: string;
  rawTx: string;
  status: string;
  replacedBy: string | null;
}
const attempts = (desk: Desk): Attempt[] =>
  withStore(desk.harness, (db) => db.prepare('SELECT tx_hash AS txHash, raw_tx AS rawTx, status, replaced_by AS replacedBy FROM chain_batch_txs ORDER BY rowid').all() as Attempt[]);

const mine = async (blocks: number) => {
  for (let i = 0; i < blocks; i++) await anvil.provider.send('evm_mine', []);
};

const open = (options: Parameters<typeof openDesk>[1] = {}) => openDesk(anvil, { rpcUrl: relay.url, ...options });

/** A batch signed and stored whose transaction is lost on the way to the node: on record, never mined as it is. */
async function stuckBatch(desk: Desk): Promise<{ tradeId: number; txHash: string }> {
  const tradeId = await auctionTrade(desk, desk.quarters[0]!, 4);
  // An empty block after the approvals (sent at the tip cap): anvil then suggests its 1 gwei tip, under the cap, so there is room to raise it.
  await mine(1);
  relay.drop.add('eth_sendRawTransaction');
  const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 1 });
  const txHash = run.sent[0]!.txHash;
  relay.lost.add(txHash);
  relay.drop.delete('eth_sendRawTransaction');
  return { tradeId, txHash };
}

/** Tracks with every broadcast cut off, so the replacement it signs is stored and lost too; its hash. */
async function bumpLost(desk: Desk): Promise<string> {
  relay.drop.add('eth_sendRawTransaction');
  await desk.olga.ok('chain.settlement.track', {});
  const replacement = attempts(desk).at(-1)!.txHash;
  relay.lost.add(replacement);
  relay.drop.delete('eth_sendRawTransaction');
  return replacement;
}

describe('the fees of a settlement transaction', () => {
  it('raises both fees of a replacement by at least an eighth, rounding up', () => {
    const answer = bumpedFees({ maxFeePerGas: 3n * GWEI + 1n, maxPriorityFeePerGas: GWEI }, { maxFeePerGas: 50n * GWEI, maxPriorityFeePerGas: 2n * GWEI });
    expect(answer).toEqual({ ok: true, fees: { maxFeePerGas: 3_375_000_002n, maxPriorityFeePerGas: 1_125_000_000n } });
  });

  it('raises a zero tip to one wei, so the replacement still outbids it', () => {
    const answer = bumpedFees({ maxFeePerGas: GWEI, maxPriorityFeePerGas: 0n }, { maxFeePerGas: 50n * GWEI, maxPriorityFeePerGas: 2n * GWEI });
    expect(answer.ok && answer.fees.maxPriorityFeePerGas).toBe(1n);
  });

  it('refuses a raise that passes either cap, naming FEE_CAP_REACHED with what it wanted', () => {
    const answer = bumpedFees({ maxFeePerGas: GWEI, maxPriorityFeePerGas: 2n * GWEI }, { maxFeePerGas: 50n * GWEI, maxPriorityFeePerGas: 2n * GWEI });
    expect(answer).toMatchObject({ ok: false, reason: 'FEE_CAP_REACHED', params: { wanted: { maxPriorityFeePerGas: 2_250_000_000n } } });
  });

  it('starts at the suggested tip and twice the base fee on top, kept under the caps', () => {
    const caps = { maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: 2n * GWEI };
    expect(initialFees(GWEI, GWEI, caps)).toEqual({ maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: GWEI });
    expect(initialFees(20n * GWEI, 5n * GWEI, caps)).toEqual({ maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: 2n * GWEI });
  });

  it('counts a transaction stuck after the blocks or the time of the policy, whichever comes first', () => {
    const policy = { afterBlocks: 3, afterMs: 60_000 };
    expect(isStuck({ sentAt: 0, sentBlock: 10 }, 12, 59_999, policy)).toBe(false);
    expect(isStuck({ sentAt: 0, sentBlock: 10 }, 13, 0, policy)).toBe(true);
    expect(isStuck({ sentAt: 0, sentBlock: 10 }, 10, 60_000, policy)).toBe(true);
    expect(isStuck({ sentAt: 0, sentBlock: null }, 1_000, 59_999, policy)).toBe(false);
  });
});

describe('a settlement transaction stuck unmined', () => {
  it('is replaced after the blocks of the policy: same nonce and call, both fees an eighth higher, the old one marked replaced by the new', async () => {
    const desk = await open({ chain: BY_BLOCKS });
    try {
      const { txHash: first } = await stuckBatch(desk);
      await mine(1);
      await desk.olga.ok('chain.settlement.track', {});
      expect(attempts(desk)).toHaveLength(1);
      await mine(1);
      const view = await desk.olga.ok('chain.settlement.track', {});
      const [old, replacement] = attempts(desk);
      expect(old).toMatchObject({ txHash: first, status: 'replaced', replacedBy: replacement!.txHash });
      expect(replacement).toMatchObject({ replacedBy: null });
      expect(view.batches[0]!.txHash).toBe(replacement!.txHash);
      const [a, b] = [Transaction.from(old!.rawTx), Transaction.from(replacement!.rawTx)];
      expect(b.nonce).toBe(a.nonce);
      expect(b.data).toBe(a.data);
      expect(b.maxFeePerGas! * 8n).toBeGreaterThanOrEqual(a.maxFeePerGas! * 9n);
      expect(b.maxPriorityFeePerGas! * 8n).toBeGreaterThanOrEqual(a.maxPriorityFeePerGas! * 9n);
    } finally {
      closeDesk(desk);
    }
  });

  it('is replaced after the time of the policy on the terminal clock, with no block mined', async () => {
    const desk = await open({ chain: BY_TIME });
    try {
      await stuckBatch(desk);
      desk.harness.clock.advance(119_999);
      await desk.olga.ok('chain.settlement.track', {});
      expect(attempts(desk)).toHaveLength(1);
      desk.harness.clock.advance(1);
      await desk.olga.ok('chain.settlement.track', {});
      expect(attempts(desk).map((a) => a.status)[0]).toBe('replaced');
      expect(attempts(desk)).toHaveLength(2);
    } finally {
      closeDesk(desk);
    }
  });

  it('settles its trades once through the replacement, confirmed under the replacement hash', async () => {
    const desk = await open({ chain: BY_BLOCKS });
    try {
      const before = await balances(anvil, desk);
      const { tradeId } = await stuckBatch(desk);
      await mine(2);
      await desk.olga.ok('chain.settlement.track', {});
      const replacement = attempts(desk)[1]!.txHash;
      await desk.olga.ok('chain.settlement.track', {});
      await mine(1);
      await desk.olga.ok('chain.settlement.track', {});
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: [tradeId] })).toMatchObject([{ status: 'confirmed', txHash: replacement }]);
      expect((await anvil.provider.getTransactionReceipt(replacement))?.status).toBe(1);
      expect((await balances(anvil, desk)).tomEnergy - before.tomEnergy).toBe(1_000n);
      expect(attempts(desk).map((a) => a.status)).toEqual(['replaced', 'mined']);
    } finally {
      closeDesk(desk);
    }
  });

  it('takes back the transaction it replaced when that one is mined instead: the batch has its hash, the replacement is the replaced one', async () => {
    const desk = await open({ chain: BY_BLOCKS });
    try {
      const before = await balances(anvil, desk);
      const { tradeId, txHash: first } = await stuckBatch(desk);
      const firstRaw = attempts(desk)[0]!.rawTx;
      await mine(2);
      const replacement = await bumpLost(desk);
      // The first one reaches the node after all (from another node's pool, say) and is mined.
      await anvil.provider.send('eth_sendRawTransaction', [firstRaw]);
      const view = await desk.olga.ok('chain.settlement.track', {});
      expect(view.batches[0]).toMatchObject({ txHash: first, status: 'mined' });
      expect(attempts(desk)).toMatchObject([
        { txHash: first, status: 'mined', replacedBy: null },
        { txHash: replacement, status: 'replaced', replacedBy: first },
      ]);
      await mine(1);
      await desk.olga.ok('chain.settlement.track', {});
      expect(await desk.tom.ok('chain.settlement.trades', { tradeIds: [tradeId] })).toMatchObject([{ status: 'confirmed', txHash: first }]);
      expect((await balances(anvil, desk)).tomEnergy - before.tomEnergy).toBe(1_000n);
      expect(auditOf(desk, 'chain.settlement.replaced_by_earlier')).toMatchObject([{ txHash: first, replacedTxHash: replacement }]);
    } finally {
      closeDesk(desk);
    }
  });

  it('is refused a raise past the network fee cap: FEE_CAP_REACHED on the batch, audited once, and the transaction kept', async () => {
    // The tip cap equals anvil's suggested tip (1 gwei): the first transaction has it, a raise would pass it.
    const desk = await open({ chain: BY_BLOCKS, maxPriorityFeeGwei: 1 });
    try {
      const { txHash } = await stuckBatch(desk);
      await mine(2);
      const view = await desk.olga.ok('chain.settlement.track', {});
      expect(view.batches[0]).toMatchObject({ txHash, status: 'sent', error: 'FEE_CAP_REACHED' });
      await mine(1);
      await desk.olga.ok('chain.settlement.track', {});
      expect(attempts(desk)).toHaveLength(1);
      expect(auditOf(desk, 'chain.settlement.bump_refused')).toMatchObject([{ txHash, reason: 'FEE_CAP_REACHED', capMaxPriorityFeePerGas: '1000000000', wantedMaxPriorityFeePerGas: '1125000000' }]);
    } finally {
      closeDesk(desk);
    }
  });

  it('waits while the sender wallet is locked, and is replaced once its owner unlocks it', async () => {
    const desk = await open({ chain: BY_BLOCKS });
    try {
      await stuckBatch(desk);
      // Locked before the blocks pass, so the core's own timer cannot replace it either.
      await desk.olga.ok('chain.wallet.lock', {});
      await mine(2);
      await desk.olga.ok('chain.settlement.track', {});
      expect(attempts(desk)).toHaveLength(1);
      await desk.olga.ok('chain.wallet.unlock', { password: PASSWORD });
      await desk.olga.ok('chain.settlement.track', {});
      expect(attempts(desk)).toHaveLength(2);
    } finally {
      closeDesk(desk);
    }
  });

  it('audits each replacement with who asked, the sender, the nonce, both hashes and the fees, and no key material', async () => {
    const desk = await open({ chain: BY_TIME });
    try {
      const { txHash } = await stuckBatch(desk);
      // Advanced and tracked in one turn, so the replacement is olga's call, not the timer's.
      desk.harness.clock.advance(120_000);
      await desk.olga.ok('chain.settlement.track', {});
      const [old, replacement] = attempts(desk);
      const [a, b] = [Transaction.from(old!.rawTx), Transaction.from(replacement!.rawTx)];
      const entries = auditOf(desk, 'chain.settlement.bumped');
      expect(entries).toEqual([
        {
          batchId: 1,
          sender: anvil.signer(0).address,
          nonce: b.nonce,
          replacedTxHash: txHash,
          txHash: replacement!.txHash,
          maxFeePerGas: b.maxFeePerGas!.toString(),
          maxPriorityFeePerGas: b.maxPriorityFeePerGas!.toString(),
          previousMaxFeePerGas: a.maxFeePerGas!.toString(),
          previousMaxPriorityFeePerGas: a.maxPriorityFeePerGas!.toString(),
        },
      ]);
      expect(withStore(desk.harness, (db) => db.prepare("SELECT actor FROM events WHERE type = 'chain.settlement.bumped'").pluck().get())).toBe('olga');
      expect(JSON.stringify(entries)).not.toContain(anvil.signer(0).privateKey.slice(2));
    } finally {
      closeDesk(desk);
    }
  });
});

describe('a replaced batch whose nonce a transaction that is not ours took', () => {
  it('marks every one of its transactions replaced, queues its trades again, and the next run re-sends and settles them once', async () => {
    const desk = await open({ chain: BY_BLOCKS });
    try {
      const before = await balances(anvil, desk);
      const { tradeId, txHash: first } = await stuckBatch(desk);
      await mine(2);
      await bumpLost(desk);
      // Another program with the settler's key spends the nonce on something else.
      const nonce = Transaction.from(attempts(desk)[0]!.rawTx).nonce;
      await (await anvil.signer(0).sendTransaction({ to: anvil.signer(9).address, value: 1n, nonce })).wait();
      const view = await desk.olga.ok('chain.settlement.track', {});
      expect(view.batches[0]).toMatchObject({ status: 'failed', error: 'replaced' });
      expect(attempts(desk).map((a) => a.status)).toEqual(['replaced', 'replaced']);
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: [tradeId] })).toMatchObject([{ status: 'queued', error: 'replaced' }]);

      const again = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 1 });
      expect(again.sent[0]!.txHash).not.toBe(first);
      expect(Transaction.from(withStore(desk.harness, (db) => db.prepare('SELECT raw_tx FROM chain_batches WHERE id = 2').pluck().get() as string)).nonce).toBe(nonce + 1);
      await desk.olga.ok('chain.settlement.track', {});
      await mine(1);
      await desk.olga.ok('chain.settlement.track', {});
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: [tradeId] })).toMatchObject([{ status: 'confirmed', txHash: again.sent[0]!.txHash }]);
      expect((await balances(anvil, desk)).tomEnergy - before.tomEnergy).toBe(1_000n);
      const chainTradeId = withStore(desk.harness, (db) => db.prepare('SELECT chain_trade_id FROM chain_settlements WHERE trade_id = ?').pluck().get(tradeId) as string);
      expect(await Settlement__factory.connect(desk.contracts.settlement, anvil.provider).settledOf([BigInt(chainTradeId)])).toEqual([true]);
    } finally {
      closeDesk(desk);
    }
  });
});

describe('a batch behind a nonce gap after a restart', () => {
  it('is signed again at the next free nonce, the old one marked replaced by it, and its trade settles once', async () => {
    const desk = await open({ chain: BY_BLOCKS });
    try {
      const before = await balances(anvil, desk);
      await auctionTrade(desk, desk.quarters[0]!, 4);
      const second = await auctionTrade(desk, desk.quarters[1]!, 4);
      relay.drop.add('eth_sendRawTransaction');
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 1, maxBatches: 2 });
      for (const sent of run.sent) relay.lost.add(sent.txHash);
      relay.drop.delete('eth_sendRawTransaction');
      // The database the terminal restarts with lost the first batch (given up, its trade queued again): its nonce is a gap.
      withStore(desk.harness, (db) => {
        db.prepare("UPDATE chain_batches SET status = 'failed', error = 'lost' WHERE id = 1").run();
        db.prepare("UPDATE chain_settlements SET status = 'queued', batch_id = NULL WHERE batch_id = 1").run();
      });
      const gapNonce = Transaction.from(attempts(desk)[0]!.rawTx).nonce;
      await desk.olga.ok('chain.settlement.track', {});
      const batch2 = withStore(desk.harness, (db) => db.prepare('SELECT tx_hash AS txHash, nonce FROM chain_batches WHERE id = 2').get() as { txHash: string; nonce: number });
      expect(batch2.nonce).toBe(gapNonce);
      expect(auditOf(desk, 'chain.settlement.nonce_gap_closed')).toMatchObject([{ batchId: 2, previousNonce: gapNonce + 1, nonce: gapNonce, replacedTxHash: run.sent[1]!.txHash, txHash: batch2.txHash }]);
      await desk.olga.ok('chain.settlement.track', {});
      await mine(1);
      await desk.olga.ok('chain.settlement.track', {});
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: [second] })).toMatchObject([{ status: 'confirmed', txHash: batch2.txHash }]);
      expect((await balances(anvil, desk)).tomEnergy - before.tomEnergy).toBe(1_000n);
    } finally {
      closeDesk(desk);
    }
  });
});

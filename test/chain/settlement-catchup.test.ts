import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Settlement__factory } from '../../src-main/chain/contracts';
import { onChainTradeId, terminalPrefix } from '../../src-main/chain/trade-ids';
import { openHarness, withStore } from '../helpers/core';
import { startAnvil, type Anvil } from './helpers/anvil';
import { auctionTrade, auditOf, CHAIN, closeDesk, openDesk, type Desk } from './helpers/desk';

/**
 * The catch-up with the Settlement contract's TradeSettled events, through the real core against
 * anvil: trades the store knew only as queued are found settled on chain (settled here by the
 * contracts' admin, as another terminal's queue or a lost run would), with confirmations = 2.
 */

let anvil: Anvil;
beforeAll(async () => {
  anvil = await startAnvil();
}, 60_000);
afterAll(async () => {
  await anvil?.stop();
});

const chainTradeIdOf = (desk: Desk, tradeId: number): bigint =>
  BigInt(withStore(desk.harness, (db) => db.prepare('SELECT chain_trade_id FROM chain_settlements WHERE trade_id = ?').pluck().get(tradeId) as string));

const cursorOf = (desk: Desk): number | undefined =>
  withStore(desk.harness, (db) => db.prepare('SELECT last_block FROM chain_event_cursor WHERE settlement = ?').pluck().get(desk.contracts.settlement) as number | undefined);

/** Settles `chainTradeId` on chain outside this terminal (ann to tom, 1,000 Wh for 0.10 €); its transaction and block. */
async function settleElsewhere(desk: Desk, chainTradeId: bigint): Promise<{ txHash: string; block: number }> {
  const settlement = Settlement__factory.connect(desk.contracts.settlement, anvil.signer(0));
  const receipt = (await (await settlement.settle([{ tradeId: chainTradeId, seller: anvil.signer(1).address, buyer: anvil.signer(2).address, energyAmount: 1_000n, paymentAmount: 100_000n }])).wait())!;
  return { txHash: receipt.hash, block: receipt.blockNumber };
}

describe('catching up with the settlement contract events', () => {
  it('marks a queued trade settled with the transaction that settled it on chain, once that block is as deep as the confirmations ask', async () => {
    const desk = await openDesk(anvil);
    try {
      const tradeId = await auctionTrade(desk, desk.quarters[0]!, 4);
      await desk.olga.ok('chain.settlement.status', {});
      const { txHash, block } = await settleElsewhere(desk, chainTradeIdOf(desk, tradeId));
      await desk.olga.ok('chain.settlement.track', {});
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: [tradeId] })).toMatchObject([{ status: 'queued' }]);
      await anvil.provider.send('evm_mine', []);
      await desk.olga.ok('chain.settlement.track', {});
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: [tradeId] })).toEqual([{ tradeId, status: 'confirmed', txHash, blockNumber: block, error: null }]);
      expect(desk.tom.eventsOf('chain.settlement.changed').at(-1)!.trades).toMatchObject([{ tradeId, status: 'confirmed', txHash }]);
      expect(auditOf(desk, 'chain.settlement.caught_up')).toEqual([{ settlement: desk.contracts.settlement, txHash, block, tradeIds: [tradeId] }]);
    } finally {
      closeDesk(desk);
    }
  });

  it('reads each block once: passes after the one that found an event record nothing more and move the cursor to the head less the confirmations', async () => {
    const desk = await openDesk(anvil);
    try {
      const tradeId = await auctionTrade(desk, desk.quarters[0]!, 4);
      await desk.olga.ok('chain.settlement.status', {});
      await settleElsewhere(desk, chainTradeIdOf(desk, tradeId));
      await anvil.provider.send('evm_mine', []);
      await desk.olga.ok('chain.settlement.track', {});
      await anvil.provider.send('evm_mine', []);
      await desk.olga.ok('chain.settlement.track', {});
      await desk.olga.ok('chain.settlement.track', {});
      expect(auditOf(desk, 'chain.settlement.caught_up')).toHaveLength(1);
      expect(cursorOf(desk)).toBe((await anvil.provider.getBlockNumber()) - 1);
    } finally {
      closeDesk(desk);
    }
  });

  it("ignores the events of another terminal's trade ids, even one with the same local id", async () => {
    const desk = await openDesk(anvil);
    try {
      const tradeId = await auctionTrade(desk, desk.quarters[0]!, 4);
      await desk.olga.ok('chain.settlement.status', {});
      const { block } = await settleElsewhere(desk, onChainTradeId(terminalPrefix('another-terminal'), tradeId));
      await anvil.provider.send('evm_mine', []);
      await desk.olga.ok('chain.settlement.track', {});
      expect(cursorOf(desk)).toBeGreaterThanOrEqual(block);
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: [tradeId] })).toMatchObject([{ status: 'queued', txHash: null }]);
      expect(auditOf(desk, 'chain.settlement.caught_up')).toEqual([]);
    } finally {
      closeDesk(desk);
    }
  });

  it("leaves a trade settled by its own batch to the batch's tracking: confirmed under the batch, nothing caught up", async () => {
    const desk = await openDesk(anvil);
    try {
      const tradeId = await auctionTrade(desk, desk.quarters[0]!, 4);
      const run = await desk.olga.ok('chain.settlement.run', { batchSize: 100, maxBatches: 1 });
      await desk.olga.ok('chain.settlement.track', {});
      for (let i = 0; i < 3; i++) await anvil.provider.send('evm_mine', []);
      const view = await desk.olga.ok('chain.settlement.track', {});
      expect(view.batches[0]).toMatchObject({ status: 'confirmed', txHash: run.sent[0]!.txHash });
      expect(await desk.ann.ok('chain.settlement.trades', { tradeIds: [tradeId] })).toMatchObject([{ status: 'confirmed', txHash: run.sent[0]!.txHash }]);
      expect(auditOf(desk, 'chain.settlement.caught_up')).toEqual([]);
    } finally {
      closeDesk(desk);
    }
  });

  it('on start, reads on from the last processed block: a trade settled while the terminal was closed is found settled when it opens', async () => {
    let desk = await openDesk(anvil);
    try {
      const tradeId = await auctionTrade(desk, desk.quarters[0]!, 4);
      await desk.olga.ok('chain.settlement.track', {});
      const processed = cursorOf(desk)!;
      const chainTradeId = chainTradeIdOf(desk, tradeId);
      desk.harness.close();

      const { txHash } = await settleElsewhere(desk, chainTradeId);
      await anvil.provider.send('evm_mine', []);
      const harness = openHarness(desk.harness.dataDir, desk.harness.clock, { chain: CHAIN });
      const ann = harness.connect();
      await ann.ok('auth.login', { username: 'ann', password: 'ann-password-123' });
      desk = { ...desk, harness, ann };
      // The start's catch-up runs in the background; the screens would see it land.
      const deadline = Date.now() + 10_000;
      let view = await ann.ok('chain.settlement.status', {});
      while (view.counts.confirmed === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        view = await ann.ok('chain.settlement.status', {});
      }
      expect(await ann.ok('chain.settlement.trades', { tradeIds: [tradeId] })).toMatchObject([{ status: 'confirmed', txHash }]);
      expect(view.catchUp).toMatchObject({ fromBlock: processed + 1, running: false });
    } finally {
      closeDesk(desk);
    }
  });

  it('tells the screens its progress page by page while more than a thousand blocks behind, up to the head less the confirmations', async () => {
    const desk = await openDesk(anvil);
    try {
      await desk.olga.ok('chain.settlement.track', {});
      const processed = cursorOf(desk)!;
      await anvil.provider.send('anvil_mine', ['0x1388']);
      const head = await anvil.provider.getBlockNumber();
      const view = await desk.olga.ok('chain.settlement.track', {});
      const progress = desk.olga.eventsOf('chain.settlement.catchUp');
      const fromBlock = processed + 1;
      const toBlock = head - 1;
      expect(progress.map((p) => p.scannedTo)).toEqual([fromBlock - 1, fromBlock + 1_999, fromBlock + 3_999, toBlock]);
      expect(progress.map((p) => p.running)).toEqual([true, true, true, false]);
      expect(progress.every((p) => p.fromBlock === fromBlock && p.toBlock === toBlock)).toBe(true);
      expect(view.catchUp).toEqual({ fromBlock, toBlock, scannedTo: toBlock, running: false });
      expect(cursorOf(desk)).toBe(toBlock);
    } finally {
      closeDesk(desk);
    }
  });

  it("starts a contract's first catch-up at the block it was deployed in, not at genesis", async () => {
    const desk = await openDesk(anvil);
    try {
      const { catchUp } = await desk.olga.ok('chain.settlement.track', {});
      const { settlement } = desk.contracts;
      expect(catchUp!.fromBlock).toBeGreaterThan(0);
      expect(await anvil.provider.getCode(settlement, catchUp!.fromBlock - 1)).toBe('0x');
      expect(await anvil.provider.getCode(settlement, catchUp!.fromBlock)).not.toBe('0x');
    } finally {
      closeDesk(desk);
    }
  });

  it('tells nothing while only a few blocks behind', async () => {
    const desk = await openDesk(anvil);
    try {
      await desk.olga.ok('chain.settlement.track', {});
      await anvil.provider.send('anvil_mine', ['0x64']);
      await desk.olga.ok('chain.settlement.track', {});
      expect(desk.olga.eventsOf('chain.settlement.catchUp')).toEqual([]);
    } finally {
      closeDesk(desk);
    }
  });
});

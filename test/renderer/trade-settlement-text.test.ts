import { describe, expect, it } from 'vitest';
import { settlementText, settlementTitle } from '../../src-renderer/src/features/chain/settlement-text';
import type { TradeSettlementView } from '../../src-shared/contract/chain';
import { translator } from './locale-files';

const TX = '0x9f3c0000000000000000000000000000000000000000000000000000000012ab';
const view = (over: Partial<TradeSettlementView>): TradeSettlementView => ({ tradeId: 7, status: 'queued', txHash: null, blockNumber: null, error: null, ...over });

describe("a local-market trade's settlement in the blotter", () => {
  it('says each state in English: pending, in a batch with its short transaction, in a block, settled in its block', async () => {
    const t = await translator('en');
    expect(settlementText(t, view({}))).toBe('Pending');
    expect(settlementText(t, view({ status: 'pending', txHash: TX }))).toBe('In batch 0x9f3c…12ab');
    expect(settlementText(t, view({ status: 'mined', txHash: TX, blockNumber: 41 }))).toBe('In block 41, awaiting confirmations (0x9f3c…12ab)');
    expect(settlementText(t, view({ status: 'confirmed', txHash: TX, blockNumber: 41 }))).toBe('Settled in block 41');
    expect(settlementText(t, view({ status: 'confirmed' }))).toBe('Settled on chain earlier');
  });

  it('words a decoded revert code, and shows an unknown one as it came', async () => {
    const t = await translator('en');
    expect(settlementText(t, view({ error: 'ERC20InsufficientAllowance(0xAbC, 0, 100000)' }))).toBe('Not settled (a party had not approved enough tokens for settlement); pending again');
    expect(settlementText(t, view({ status: 'failed', error: 'TradeAlreadySettled(7)' }))).toBe('Failed: the trade was settled on chain already');
    expect(settlementText(t, view({ status: 'failed', error: '0xdeadbeef' }))).toBe('Failed: the chain answered 0xdeadbeef');
    expect(settlementText(t, view({ error: 'BUYER_ALLOWANCE_SHORT(0, 100000)' }))).toBe('Not settled (the buyer has approved 0 EUR of payment tokens for settlement, 0.1 EUR are needed); pending again');
    expect(settlementText(t, view({ error: 'SELLER_ENERGY_SHORT(500, 1000)' }))).toBe('Not settled (the seller holds 0.5 kWh of energy tokens, 1 kWh are needed); pending again');
  });

  it('says it in Arabic, with no English words', async () => {
    const t = await translator('ar');
    const texts = [
      settlementText(t, view({})),
      settlementText(t, view({ status: 'pending', txHash: TX })),
      settlementText(t, view({ status: 'confirmed', txHash: TX, blockNumber: 41 })),
      settlementText(t, view({ error: 'ERC20InsufficientBalance(0xAbC, 0, 1000)' })),
    ];
    expect(texts).toEqual(['قيد الانتظار', 'في الدفعة 0x9f3c…12ab', 'سُوّيت في الكتلة 41', 'لم تُسوَّ (لم يكن لدى أحد الطرفين رموز كافية)؛ عادت إلى الانتظار']);
  });

  it('is blank for a trade the chain does not settle, and keeps the whole hash and raw code for the hover', () => {
    expect(settlementText((() => 'x') as never, undefined)).toBe('');
    expect(settlementTitle(undefined)).toBeUndefined();
    expect(settlementTitle(view({ status: 'failed', txHash: TX, error: 'TradeAlreadySettled(7)' }))).toBe(`${TX}\nTradeAlreadySettled(7)`);
  });
});

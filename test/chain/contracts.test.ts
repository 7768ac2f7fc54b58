import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NonceManager, type Wallet, encodeBytes32String, id } from 'ethers';
import { EnergyToken__factory, PaymentToken__factory, Settlement__factory, type EnergyToken, type PaymentToken, type Settlement } from '../../src-main/chain/contracts';
import { startAnvil, type Anvil } from './helpers/anvil';

let anvil: Anvil;
let admin: Wallet;
let seller: Wallet;
let buyer: Wallet;
let stranger: Wallet;
let energy: EnergyToken;
let payment: PaymentToken;
let settlement: Settlement;

const MAX = 2n ** 256n - 1n;

beforeAll(async () => {
  anvil = await startAnvil();
  [admin, seller, buyer, stranger] = [0, 1, 2, 3].map((i) => anvil.signer(i)) as [Wallet, Wallet, Wallet, Wallet];
  const deployer = new NonceManager(admin);
  energy = await (await new EnergyToken__factory(deployer).deploy(admin.address)).waitForDeployment();
  payment = await (await new PaymentToken__factory(deployer).deploy(admin.address)).waitForDeployment();
  settlement = await (await new Settlement__factory(deployer).deploy(admin.address, await energy.getAddress(), await payment.getAddress())).waitForDeployment();
  const settler = await settlement.SETTLER_ROLE();
  await (await energy.connect(deployer).grantRole(await energy.SETTLER_ROLE(), admin.address)).wait();
  await (await settlement.connect(deployer).grantRole(settler, admin.address)).wait();
  // The seller holds 100 kWh of metered energy, the buyer 1,000 tEUR; both let the settlement contract pull.
  await (await energy.connect(deployer).mintMetered(encodeBytes32String('interval-0'), seller.address, 100_000n)).wait();
  await (await payment.connect(deployer).mint(buyer.address, 1_000_000_000n)).wait();
  await (await energy.connect(seller).approve(await settlement.getAddress(), MAX)).wait();
  await (await payment.connect(buyer).approve(await settlement.getAddress(), MAX)).wait();
}, 60_000);

afterAll(async () => {
  await anvil?.stop();
});

const trade = (tradeId: bigint, energyAmount: bigint, paymentAmount: bigint) => ({ tradeId, seller: seller.address, buyer: buyer.address, energyAmount, paymentAmount });

describe('contracts on a real EVM', () => {
  it('mints metered energy once per interval: the same interval again reverts naming it', async () => {
    const interval = encodeBytes32String('interval-1');
    await (await energy.connect(admin).mintMetered(interval, stranger.address, 1_500n)).wait();
    expect(await energy.balanceOf(stranger.address)).toBe(1_500n);
    const again = energy.connect(admin).mintMetered.staticCall(interval, stranger.address, 1_500n);
    await expect(again).rejects.toMatchObject({ revert: { name: 'IntervalAlreadySettled', args: [interval] } });
  });

  it('lets only the settlement role mint or burn', async () => {
    const attempt = energy.connect(stranger).mintMetered.staticCall(id('x'), stranger.address, 1n);
    await expect(attempt).rejects.toMatchObject({ revert: { name: 'AccessControlUnauthorizedAccount' } });
  });

  it('settles a batch atomically: energy to the buyer, payment to the seller, one event per trade with its id', async () => {
    const before = { sellerEnergy: await energy.balanceOf(seller.address), buyerEnergy: await energy.balanceOf(buyer.address), sellerCash: await payment.balanceOf(seller.address) };
    const receipt = await (await settlement.connect(admin).settle([trade(1n, 2_000n, 180_000n), trade(2n, 3_000n, 270_000n)])).wait();
    const settled = receipt!.logs.map((log) => settlement.interface.parseLog(log)).filter((e) => e?.name === 'TradeSettled');
    expect(settled.map((e) => e!.args.tradeId)).toEqual([1n, 2n]);
    expect(await energy.balanceOf(seller.address)).toBe(before.sellerEnergy - 5_000n);
    expect(await energy.balanceOf(buyer.address)).toBe(before.buyerEnergy + 5_000n);
    expect(await payment.balanceOf(seller.address)).toBe(before.sellerCash + 450_000n);
    expect(await settlement.settledOf([1n, 2n, 3n])).toEqual([true, true, false]);
  });

  it('refuses a batch holding a trade settled before, names it, and settles none of the batch', async () => {
    await (await settlement.connect(admin).settle([trade(10n, 1_000n, 90_000n)])).wait();
    const sellerEnergy = await energy.balanceOf(seller.address);
    const replay = settlement.connect(admin).settle.staticCall([trade(11n, 1_000n, 90_000n), trade(10n, 1_000n, 90_000n)]);
    await expect(replay).rejects.toMatchObject({ revert: { name: 'TradeAlreadySettled', args: [10n] } });
    // Sent anyway, the transaction reverts as a whole: trade 11 is not settled either.
    const sent = await settlement.connect(admin).settle([trade(11n, 1_000n, 90_000n), trade(10n, 1_000n, 90_000n)], { gasLimit: 500_000n });
    await expect(sent.wait()).rejects.toMatchObject({ code: 'CALL_EXCEPTION', receipt: { status: 0 } });
    expect(await settlement.isSettled(11n)).toBe(false);
    expect(await energy.balanceOf(seller.address)).toBe(sellerEnergy);
  });

  it('refuses a trade beyond the buyer’s payment balance, naming the token’s own error', async () => {
    const tooMuch = settlement.connect(admin).settle.staticCall([trade(20n, 1n, 10n ** 15n)]);
    // The revert comes from the token, not the settlement contract: only the token's ABI decodes it.
    const reason = await tooMuch.catch((err: { data?: string }) => payment.interface.parseError(err.data ?? '0x'));
    expect(reason?.name).toBe('ERC20InsufficientBalance');
  });

  it('lets nobody without the settler role settle', async () => {
    const attempt = settlement.connect(stranger).settle.staticCall([trade(30n, 1n, 1n)]);
    await expect(attempt).rejects.toMatchObject({ revert: { name: 'AccessControlUnauthorizedAccount' } });
  });
});

import { NonceManager, encodeBytes32String, type Wallet } from 'ethers';
import { EnergyToken__factory, PaymentToken__factory, Settlement__factory } from '../../../src-main/chain/contracts';
import type { Anvil } from './anvil';

export interface Deployed {
  energy: string;
  payment: string;
  settlement: string;
}

/**
 * Deploys the three contracts from anvil account 0 (their admin, settler and minter) and funds
 * `holders`: 100 kWh of energy tokens and 1,000 test euros each.
 */
export async function deployContracts(anvil: Anvil, holders: readonly string[] = []): Promise<Deployed> {
  const admin: Wallet = anvil.signer(0);
  const deployer = new NonceManager(admin);
  const energy = await (await new EnergyToken__factory(deployer).deploy(admin.address)).waitForDeployment();
  const payment = await (await new PaymentToken__factory(deployer).deploy(admin.address)).waitForDeployment();
  const settlement = await (await new Settlement__factory(deployer).deploy(admin.address, await energy.getAddress(), await payment.getAddress())).waitForDeployment();
  await (await energy.connect(deployer).grantRole(await energy.SETTLER_ROLE(), admin.address)).wait();
  await (await settlement.connect(deployer).grantRole(await settlement.SETTLER_ROLE(), admin.address)).wait();
  for (const [i, holder] of holders.entries()) {
    await (await energy.connect(deployer).mintMetered(encodeBytes32String(`fund-${i}`), holder, 100_000n)).wait();
    await (await payment.connect(deployer).mint(holder, 1_000_000_000n)).wait();
  }
  return { energy: await energy.getAddress(), payment: await payment.getAddress(), settlement: await settlement.getAddress() };
}

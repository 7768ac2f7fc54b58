import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBytes32String, NonceManager, parseEther } from 'ethers';
import { EnergyToken__factory, PaymentToken__factory } from '../../src-main/chain/contracts';
import { ANVIL_CHAIN_ID, startAnvil, type Anvil } from '../chain/helpers/anvil';
import { deployContracts, type Deployed } from '../chain/helpers/deploy';
import { createAdmin, SHOTS, signOut } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess | undefined;
let anvil: Anvil | undefined;

test.afterEach(async ({ page: _page }, testInfo) => {
  // The terminal's own console says why, when a step fails for a reason the page does not show.
  if (testInfo.status !== testInfo.expectedStatus) console.log(serve?.output());
  await serve?.stop();
  serve = undefined;
  await anvil?.stop();
  anvil = undefined;
});

const TRADER = { username: 'tom', displayName: 'Tom Trader', password: 'tom trades power daily' };
const WALLET_PASSWORD = 'tom wallet password';

async function setNetwork(page: Page, chain: Anvil, contracts: Deployed): Promise<void> {
  await page.getByLabel('Open panel…').selectOption('chainNetwork');
  const form = page.getByRole('form', { name: 'Chain network' });
  await form.getByLabel('RPC URL').fill(chain.url);
  await form.getByLabel('Chain id').fill(String(ANVIL_CHAIN_ID));
  await form.getByLabel('Energy token (ETK) address').fill(contracts.energy);
  await form.getByLabel('Payment token address').fill(contracts.payment);
  await form.getByLabel('Settlement contract address').fill(contracts.settlement);
  await form.getByRole('button', { name: 'Check and save' }).click();
  await expect(page.getByTestId('network-saved')).toContainText(`chain ${ANVIL_CHAIN_ID}`);
}

async function addTrader(page: Page): Promise<void> {
  await page.getByLabel('Open panel…').selectOption('users');
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill(TRADER.username);
  await form.getByLabel('Full name').fill(TRADER.displayName);
  await form.getByLabel('Password').fill(TRADER.password);
  await form.getByLabel('Role').selectOption('trader');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator(`tr[data-username="${TRADER.username}"]`)).toContainText(TRADER.displayName);
}

/** What the chain's owner does off the terminal: gas money, metered energy and test euros for an address. */
async function fund(chain: Anvil, contracts: Deployed, address: string): Promise<void> {
  const owner = new NonceManager(chain.signer(0));
  await (await owner.sendTransaction({ to: address, value: parseEther('1') })).wait();
  await (await EnergyToken__factory.connect(contracts.energy, owner).mintMetered(encodeBytes32String('e2e-meter'), address, 100_000n)).wait();
  await (await PaymentToken__factory.connect(contracts.payment, owner).mint(address, 1_000_000_000n)).wait();
}

test('a trader creates a wallet, confirms three words of the phrase, sees balances from the chain and signs the settlement approvals', async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  anvil = await startAnvil();
  const contracts = await deployContracts(anvil);
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);
  await setNetwork(page, anvil, contracts);
  await page.screenshot({ path: join(SHOTS, 'wallet-network-en-light.png') });
  await addTrader(page);

  await signOut(page);
  await page.getByLabel('User name').fill(TRADER.username);
  await page.getByLabel('Password').fill(TRADER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(TRADER.displayName);
  await page.locator('.dv-tab', { hasText: /^Wallet$/ }).click();

  await page.getByRole('button', { name: 'Create wallet' }).click();
  await expect(page.getByTestId('recovery-words').locator('li')).toHaveCount(12);
  const words = await page.getByTestId('recovery-words').locator('li').evaluateAll((items) => items.map((li) => li.lastChild?.textContent ?? ''));
  expect(words).toHaveLength(12);
  await page.screenshot({ path: join(SHOTS, 'wallet-phrase-en-light.png') });
  await page.getByRole('button', { name: 'I have written them down' }).click();

  const confirm = page.getByRole('form', { name: 'Confirm the recovery phrase' });
  const asked = confirm.getByLabel(/^Word \d+$/);
  await expect(asked).toHaveCount(3);
  // A wrong word first: the core refuses and says so; nothing is stored.
  const labels = await confirm.locator('label span').allTextContents();
  const positions = labels.map((l) => /^Word (\d+)$/.exec(l)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  for (const [i, n] of positions.entries()) await confirm.getByLabel(`Word ${n}`, { exact: true }).fill(i === 0 ? 'zzz' : words[n - 1]!);
  await confirm.getByLabel('Wallet password', { exact: true }).fill(WALLET_PASSWORD);
  await confirm.getByLabel('Repeat wallet password').fill(WALLET_PASSWORD);
  await confirm.getByRole('button', { name: 'Save wallet' }).click();
  await expect(confirm.getByRole('alert')).toContainText('do not match the phrase shown');
  await confirm.getByLabel(`Word ${positions[0]}`, { exact: true }).fill(words[positions[0]! - 1]!);
  await confirm.getByRole('button', { name: 'Save wallet' }).click();

  const table = page.getByRole('table', { name: 'Wallet accounts' });
  const row = table.locator('tbody tr').first();
  await expect(row).toContainText('Settles here');
  await expect(page.getByTestId('wallet-state')).toHaveText('Locked');
  const address = (await row.getAttribute('data-address'))!;
  await fund(anvil, contracts, address);
  await page.getByRole('button', { name: 'Refresh balances' }).click();
  await expect(row.locator('td.num')).toHaveText(['1', '100', '1,000']);

  const unlock = page.getByRole('form', { name: 'Unlock wallet' });
  await unlock.getByLabel('Wallet password').fill('not my password');
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('The wallet password is wrong.')).toBeVisible();
  await unlock.getByLabel('Wallet password').fill(WALLET_PASSWORD);
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('wallet-state')).toHaveText('Unlocked');
  await row.getByRole('button', { name: 'Approve settlement' }).click();
  await expect(row).toContainText('Approvals sent');
  const energy = EnergyToken__factory.connect(contracts.energy, anvil.provider);
  await expect.poll(() => energy.allowance(address, contracts.settlement)).toBe(2n ** 256n - 1n);
  // Nothing of the local market is queued yet: a run sends no batch and says so.
  await expect(page.getByTestId('settlement-counts')).toContainText('Queued: 0');
  await page.getByRole('button', { name: 'Settle queued trades' }).click();
  await expect(page.getByTestId('settlement-ran')).toContainText('Sent 0 batch(es) with 0 trade(s)');
  await page.screenshot({ path: join(SHOTS, 'wallet-en-light.png') });
  await page.locator('.wallet-panel').screenshot({ path: join(SHOTS, 'wallet-panel-en-light.png') });

  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('table', { name: 'حسابات المحفظة' })).toContainText('تتم التسوية هنا');
  await page.screenshot({ path: join(SHOTS, 'wallet-ar-dark.png') });
  await page.locator('.wallet-panel').screenshot({ path: join(SHOTS, 'wallet-panel-ar-dark.png') });
});

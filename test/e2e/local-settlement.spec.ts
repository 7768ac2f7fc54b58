import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { EnergyToken__factory, PaymentToken__factory } from '../../src-main/chain/contracts';
import { ANVIL_CHAIN_ID, startAnvil, type Anvil } from '../chain/helpers/anvil';
import { deployContracts, type Deployed } from '../chain/helpers/deploy';
import { createAdmin, SHOTS, signOut } from './terminal';
import { startServe, type ServeProcess } from './serve-process';

/**
 * The local market's whole path in the browser: two neighbours' orders in a quarter-hour auction,
 * the auction's trade, the settlement run on a real chain (anvil), and the tokens moved, as each
 * party's blotter and wallet show them. The terminal runs a rehearsal clock a few minutes ahead,
 * so the quarter's auction comes within the test instead of up to fifteen minutes later. The
 * browser keeps the machine's clock: the screens follow the core's, as on a LAN machine whose
 * clock is off, or they would offer quarters whose auction has already run.
 */

let serve: ServeProcess | undefined;
let anvil: Anvil | undefined;

test.afterEach(async ({ page: _page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) console.log(serve?.output());
  await serve?.stop();
  serve = undefined;
  await anvil?.stop();
  anvil = undefined;
});

const QUARTER_MS = 900_000;
/** Quarter-hour auctions run at their gate, five minutes before delivery: ten minutes into each quarter. */
const AUCTION_IN_QUARTER_MS = 600_000;
/** Time from the terminal's start to the auction: setting up three people and their wallets fits in it. */
const LEAD_MS = 90_000;

/** How far ahead the terminal's clock runs so that an auction comes LEAD_MS after its start. */
function offsetToNextAuction(now: number): number {
  let auction = Math.floor(now / QUARTER_MS) * QUARTER_MS + AUCTION_IN_QUARTER_MS;
  while (auction - LEAD_MS <= now) auction += QUARTER_MS;
  return auction - LEAD_MS - now;
}

const PASSWORD = 'wallet password 77';
const people = {
  ann: { username: 'ann', displayName: 'Ann Producer', role: 'trader', key: 1 },
  tom: { username: 'tom', displayName: 'Tom Consumer', role: 'trader', key: 2 },
  olga: { username: 'olga', displayName: 'Olga Operator', role: 'operator', key: 0 },
} as const;
type Person = (typeof people)[keyof typeof people];
const passwordOf = (person: Person) => `${person.username} keeps the plant running`;

async function setNetwork(page: Page, chain: Anvil, contracts: Deployed): Promise<void> {
  await page.getByLabel('Open panel…').selectOption('chainNetwork');
  const form = page.getByRole('form', { name: 'Chain network' });
  await form.getByLabel('RPC URL').fill(chain.url);
  await form.getByLabel('Chain id').fill(String(ANVIL_CHAIN_ID));
  await form.getByLabel('Confirmations required').fill('2');
  await form.getByLabel('Energy token (ETK) address').fill(contracts.energy);
  await form.getByLabel('Payment token address').fill(contracts.payment);
  await form.getByLabel('Settlement contract address').fill(contracts.settlement);
  await form.getByRole('button', { name: 'Check and save' }).click();
  await expect(page.getByTestId('network-saved')).toContainText(`chain ${ANVIL_CHAIN_ID}`);
}

async function addUser(page: Page, person: Person): Promise<void> {
  const form = page.getByRole('form', { name: 'Add user' });
  await form.getByLabel('User name').fill(person.username);
  await form.getByLabel('Full name').fill(person.displayName);
  await form.getByLabel('Password').fill(passwordOf(person));
  await form.getByLabel('Role').selectOption(person.role);
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.locator(`tr[data-username="${person.username}"]`)).toContainText(person.displayName);
}

async function signInAs(page: Page, person: Person): Promise<void> {
  await page.getByLabel('User name').fill(person.username);
  await page.getByLabel('Password').fill(passwordOf(person));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(person.displayName);
}

/** Opens the wallet panel and imports the person's anvil account by its private key, unlocked. */
async function importWallet(page: Page, chain: Anvil, person: Person): Promise<void> {
  await page.getByLabel('Open panel…').selectOption('wallet');
  await page.getByRole('button', { name: 'Import wallet' }).click();
  const form = page.getByRole('form', { name: 'Import wallet' });
  await form.getByLabel('Import from').selectOption('key');
  await form.getByRole('textbox', { name: 'Private key' }).fill(chain.signer(person.key).privateKey);
  await form.getByLabel('Wallet password', { exact: true }).fill(PASSWORD);
  await form.getByLabel('Repeat wallet password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Import wallet' }).click();
  await expect(page.getByRole('table', { name: 'Wallet accounts' }).locator('tbody tr').first()).toContainText('Settles here');
  const unlock = page.getByRole('form', { name: 'Unlock wallet' });
  await unlock.getByLabel('Wallet password').fill(PASSWORD);
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('wallet-state')).toHaveText('Unlocked');
}

/** One order for the first quarter still in its call phase: 4 kW for the quarter hour is 1 kWh. */
async function auctionOrder(page: Page, side: 'Buy' | 'Sell'): Promise<string> {
  await page.getByLabel('Open panel…').selectOption('auction');
  const panel = page.getByRole('region', { name: 'Local market auctions' });
  const form = panel.getByRole('form', { name: 'Order or block order' });
  await form.getByLabel('Side').selectOption({ label: side });
  await expect(form.getByLabel('First quarter').locator('option').first()).toBeAttached();
  const quarter = await form.getByLabel('First quarter').inputValue();
  await form.getByLabel('Price (€/MWh)').fill('100.00');
  await form.getByLabel('Quantity per quarter (kW)').fill('4');
  await form.getByRole('button', { name: 'Place order' }).click();
  await expect(form.getByRole('status')).toContainText(/Order \d+ placed; it waits for the quarter's auction/);
  return quarter;
}

test('two neighbours trade a quarter hour in the local auction; the operator settles it on chain and each sees it settled, with the tokens moved', async ({ page }) => {
  test.setTimeout(300_000);
  anvil = await startAnvil();
  const contracts = await deployContracts(anvil, [anvil.signer(people.ann.key).address, anvil.signer(people.tom.key).address]);
  const offset = offsetToNextAuction(Date.now());
  serve = await startServe(undefined, ['--clock-offset-ms', String(offset)]);
  await page.setViewportSize({ width: 1600, height: 1000 });

  await createAdmin(page, serve.setupLink!);
  const shown = Date.parse((await page.getByTestId('market-clock').getAttribute('datetime'))!);
  expect(Math.abs(shown - (Date.now() + offset))).toBeLessThan(5_000);
  await setNetwork(page, anvil, contracts);
  await page.getByLabel('Open panel…').selectOption('users');
  for (const person of Object.values(people)) await addUser(page, person);
  await signOut(page);

  const quarters: string[] = [];
  for (const [person, side] of [[people.ann, 'Sell'], [people.tom, 'Buy']] as const) {
    await signInAs(page, person);
    await importWallet(page, anvil, person);
    const row = page.getByRole('table', { name: 'Wallet accounts' }).locator('tbody tr').first();
    await row.getByRole('button', { name: 'Approve settlement' }).click();
    await expect(row).toContainText('Approvals sent');
    quarters.push(await auctionOrder(page, side));
    await signOut(page);
  }
  // Both orders went to the same quarter: the first one still in its call phase.
  expect(quarters[0]).toBe(quarters[1]);

  await signInAs(page, people.olga);
  await importWallet(page, anvil, people.olga);
  // The auction runs at the quarter's gate on the terminal's clock; its trade joins the queue.
  await expect(page.getByTestId('settlement-counts')).toContainText('Queued: 1', { timeout: LEAD_MS + 30_000 });
  await page.getByRole('button', { name: 'Settle queued trades' }).click();
  await expect(page.getByTestId('settlement-ran')).toContainText('Sent 1 batch(es) with 1 trade(s)');
  // Later blocks from the chain's other traffic confirm the batch.
  for (let i = 0; i < 3; i++) await anvil.provider.send('evm_mine', []);
  await expect(page.getByTestId('settlement-counts')).toContainText('Confirmed: 1', { timeout: 20_000 });
  await signOut(page);

  // 1 kWh at 100.00 €/MWh: 0.10 € from Tom to Ann, 1 kWh of energy tokens from Ann to Tom.
  const energy = EnergyToken__factory.connect(contracts.energy, anvil.provider);
  const payment = PaymentToken__factory.connect(contracts.payment, anvil.provider);
  expect(await energy.balanceOf(anvil.signer(people.tom.key).address)).toBe(101_000n);
  expect(await payment.balanceOf(anvil.signer(people.ann.key).address)).toBe(1_000_100_000n);

  await signInAs(page, people.ann);
  await page.getByLabel('Open panel…').selectOption('wallet');
  const annRow = page.getByRole('table', { name: 'Wallet accounts' }).locator('tbody tr').first();
  await page.getByRole('button', { name: 'Refresh balances' }).click();
  await expect(annRow.locator('td.num').nth(1)).toHaveText('99');
  await expect(annRow.locator('td.num').nth(2)).toHaveText('1,000.1');
  await page.locator('.dv-tab', { hasText: /^Blotter$/ }).click();
  await page.getByRole('tab', { name: 'Trades' }).click();
  const trade = page.locator('.table-body [role=row]', { hasText: 'LM-Q-' });
  await expect(trade).toContainText(/Settled in block \d+/);
  // Wide enough for the blotter to show its settlement column in the picture.
  await page.setViewportSize({ width: 2400, height: 1000 });
  await page.screenshot({ path: join(SHOTS, 'local-settlement-en-light.png') });
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.screenshot({ path: join(SHOTS, 'local-settlement-ar-dark.png') });
});

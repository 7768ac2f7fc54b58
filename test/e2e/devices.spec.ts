import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimDevice, type SimDeviceSpec } from '../../src-main/devices/simulator/sim-device';
import { Mosquitto } from '../devices/helpers/mosquitto';
import { SHOTS, createAdmin, signOut } from './terminal';
import { startServe, type ServeProcess } from './serve-process';
import { startSimulator, type SimulatorProcess } from '../helpers/simulator-process';

const PV: SimDeviceSpec = { site: 'plant-a', name: 'pv-1', type: 'solar', ratedPowerW: 10_000 };
const BATTERY: SimDeviceSpec = {
  site: 'plant-a',
  name: 'bat-1',
  type: 'battery',
  ratedPowerW: 5_000,
  capacityWh: 10_000,
  maxChargeW: 5_000,
  maxDischargeW: 5_000,
  initialSocPct: 50,
  protocol: 5,
};

const OPERATOR = { username: 'otto', displayName: 'Otto Operator', password: 'operator password 1' };

let serve: ServeProcess | undefined;
let broker: Mosquitto | undefined;
let simulator: SimulatorProcess | undefined;
const sims: SimDevice[] = [];
const timers: Array<ReturnType<typeof setInterval>> = [];

test.afterEach(async () => {
  await simulator?.stop();
  simulator = undefined;
  for (const t of timers.splice(0)) clearInterval(t);
  await Promise.all(sims.splice(0).map((s) => s.stop().catch(() => undefined)));
  await serve?.stop();
  serve = undefined;
  await broker?.destroy();
  broker = undefined;
});

/**
 * Creates the operator's account through the contract call the user admin screen uses, on the
 * admin's own session (the terminal has no users panel yet).
 */
async function createOperator(page: Page): Promise<void> {
  const result = await page.evaluate(async (user) => {
    const ws = new WebSocket(`ws://${location.host}/ws`);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    let id = 0;
    const send = (method: string, input: unknown) =>
      new Promise<{ ok: boolean; error?: unknown }>((resolve) => {
        const mine = ++id;
        const onMessage = (event: MessageEvent) => {
          const message = JSON.parse(String(event.data)) as { type: string; id: number; ok: boolean; error?: unknown };
          if (message.type !== 'result' || message.id !== mine) return;
          ws.removeEventListener('message', onMessage);
          resolve(message);
        };
        ws.addEventListener('message', onMessage);
        ws.send(JSON.stringify({ id: mine, method, input }));
      });
    const resumed = await send('auth.resume', { token: sessionStorage.getItem('griddesk.session') });
    const created = resumed.ok ? await send('auth.users.create', { ...user, role: 'operator' }) : resumed;
    ws.close();
    return created;
  }, OPERATOR);
  expect(result.ok, JSON.stringify(result.error)).toBe(true);
}

async function signInAs(page: Page, user: { username: string; password: string; displayName: string }): Promise<void> {
  await signOut(page);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('User name').fill(user.username);
  await expect(page.getByLabel('User name')).toHaveValue(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(user.displayName);
}

/** Opens a panel from the workspace's panel menu, as a user would. */
async function openPanel(page: Page, title: string): Promise<Locator> {
  await page.getByRole('combobox', { name: 'Open panel…' }).selectOption({ label: title });
  const opened = panel(page, title);
  await expect(opened).toBeVisible();
  return opened;
}

function panel(page: Page, name: string): Locator {
  // Dockview labels its groups as regions too; the panel itself is the section inside.
  return page.locator(`section.dev-panel[aria-label="${name}"]`);
}

async function showTab(page: Page, title: string): Promise<void> {
  await page.locator('.dv-tab', { hasText: title }).first().click();
}

/** A simulated device on the broker, publishing telemetry twice a second like a busy inverter. */
async function startSim(spec: SimDeviceSpec, url: string, login?: { username: string; password: string }): Promise<SimDevice> {
  const sim = new SimDevice(spec);
  await sim.connect({ url, ...login });
  sims.push(sim);
  await sim.publishTelemetry();
  timers.push(setInterval(() => void sim.publishTelemetry().catch(() => undefined), 500));
  return sim;
}

async function sendCommand(page: Page, device: string, kind: string, fields: Record<string, string>): Promise<void> {
  const commands = panel(page, 'Device commands');
  const picker = commands.getByLabel('Device');
  const value = await picker.locator('option', { hasText: `plant-a / ${device}` }).getAttribute('value');
  await picker.selectOption(value ?? '');
  const form = commands.getByRole('form', { name: 'Send a command' });
  await form.getByLabel('Command').selectOption({ label: kind });
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
  await form.getByRole('button', { name: 'Send' }).click();
}

test('an admin points GridDesk at Mosquitto; announced devices appear with live telemetry and answer commands', async ({ page }) => {
  test.setTimeout(120_000);
  broker = await Mosquitto.start();
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);

  // The admin opens Broker settings from the panel menu and points the terminal at Mosquitto.
  const settings = await openPanel(page, 'Broker settings');
  const external = settings.getByRole('form', { name: 'External broker' });
  await external.getByLabel('Use an external broker').check();
  await external.getByLabel('Host').fill('127.0.0.1');
  await external.getByLabel('Port').fill(String(broker.port));
  await external.getByRole('button', { name: 'Save' }).click();
  await expect(external.getByRole('status')).toHaveText('Saved.');
  await expect(settings.getByTestId('broker-status')).toContainText('Connected');
  // A short command timeout without retries, so an unanswered command is reported within a second.
  const policies = settings.getByRole('form', { name: 'Policies' });
  await policies.getByLabel('Timeout (ms)').fill('1000');
  await policies.getByLabel('Retries').fill('0');
  await policies.getByRole('button', { name: 'Save' }).click();
  await expect(policies.getByRole('status')).toHaveText('Saved.');

  // The plant operator signs in to the operator's layout: devices, telemetry, commands, alerts.
  await createOperator(page);
  await signInAs(page, OPERATOR);
  await expect(panel(page, 'Devices')).toBeVisible();
  await expect(panel(page, 'Device commands')).toBeVisible();

  // Devices announce themselves (birth message) and show up in the registry, online.
  await startSim(PV, broker.url);
  await startSim(BATTERY, broker.url);
  const registry = panel(page, 'Devices');
  const pvRow = registry.locator('[data-device="plant-a/pv-1"]');
  const batRow = registry.locator('[data-device="plant-a/bat-1"]');
  await expect(pvRow).toContainText('Online');
  await expect(pvRow).toContainText('Solar');
  await expect(pvRow).toContainText('10 kW');
  await expect(pvRow).toContainText('1.0.0');
  await expect(batRow).toContainText('Battery');
  await expect(batRow).toContainText('10 kWh');
  await expect(registry.getByTestId('devices-count')).toContainText('2 online of 2');
  // The filter narrows the list as the operator types.
  await registry.getByLabel('Search name, site, model, firmware').fill('bat');
  await expect(pvRow).toHaveCount(0);
  await registry.getByLabel('Search name, site, model, firmware').fill('');

  // Telemetry: select the battery; its charts fill from history and keep growing from live events.
  await batRow.click();
  const telemetry = panel(page, 'Device telemetry');
  await expect(telemetry.getByTestId('chart-power').locator('canvas').first()).toBeVisible();
  await expect(telemetry.getByTestId('chart-soc')).toContainText('%');
  await expect(telemetry.getByTestId('chart-voltage')).toContainText(/\d+(\.\d)? V/);
  await expect(telemetry.getByTestId('chart-frequency')).toContainText(/\d+(\.\d+)? Hz/);
  const lastReading = telemetry.getByTestId('telemetry-last');
  await expect(lastReading).toBeVisible();
  const before = await lastReading.textContent();
  await expect(lastReading).not.toHaveText(before ?? '', { timeout: 10_000 });
  // Longer ranges read the core's 1-minute aggregates; back to the last hour of raw readings.
  await telemetry.getByRole('radio', { name: '24 h' }).click();
  await expect(telemetry).toContainText('1-minute averages');
  await expect(telemetry.getByTestId('chart-power').locator('canvas').first()).toBeVisible();
  await telemetry.getByRole('radio', { name: '1 h' }).click();
  await expect(telemetry).toContainText('Every reading');

  // Commands: a charge beyond the battery's limit is refused with the core's reason…
  await sendCommand(page, 'bat-1', 'Charge', { 'Power (kW)': '9', 'Duration (min)': '15' });
  const commands = panel(page, 'Device commands');
  await expect(commands.getByTestId('command-message')).toContainText(/exceeds the charge limit of \u2066?5 kW/);
  // …one within limits goes out and the device acknowledges it.
  await sendCommand(page, 'bat-1', 'Charge', { 'Power (kW)': '2', 'Duration (min)': '15' });
  const first = commands.locator('.dev-cmd').first();
  await expect(first).toContainText('Charge 2 kW for 15 min');
  await expect(first).toContainText('Acknowledged');
  // A setpoint on the solar inverter: also acknowledged, with the broker round trip shown.
  await sendCommand(page, 'pv-1', 'Power setpoint', { 'Setpoint (kW)': '4' });
  await expect(commands.locator('.dev-cmd').first()).toContainText('Acknowledged');
  await expect(commands.locator('.dev-cmd').first()).toContainText(/\d+ ms/);

  await page.screenshot({ path: join(SHOTS, 'devices-en-light.png') });

  // A device that dies without saying goodbye goes offline through its last will; alerts list it.
  sims.find((s) => s.spec.name === 'pv-1')?.crash();
  await expect(pvRow).toContainText('Offline', { timeout: 15_000 });
  // Sorting by state puts the device that needs attention on top.
  await registry.getByRole('button', { name: 'State' }).click();
  await expect(registry.locator('[data-device]').first()).toHaveAttribute('data-device', 'plant-a/pv-1');
  // Arrow keys walk the selection, and the command panel follows it.
  await registry.locator('.dev-body').focus();
  await registry.locator('.dev-body').press('ArrowDown');
  await expect(batRow).toHaveAttribute('aria-selected', 'true');
  await expect(commands.getByLabel('Device')).toHaveValue(/\d+/);
  await expect(commands.locator('.dev-cmd').first()).toContainText('Charge 2 kW for 15 min');
  // Nobody answers a command to the dead inverter: it times out, and the panel says so.
  await sendCommand(page, 'pv-1', 'Start', {});
  await expect(commands.locator('.dev-cmd').first()).toContainText('Start');
  await expect(commands.locator('.dev-cmd').first()).toContainText('Timed out');
  await showTab(page, 'Device alerts');
  await expect(panel(page, 'Device alerts')).toContainText('plant-a / pv-1');
  // The operator acknowledges the offline alert with a note: it stays open, marked with their name.
  const alerts = panel(page, 'Device alerts');
  const offline = alerts.locator('.dev-alert.active', { hasText: 'plant-a / pv-1' }).filter({ has: page.locator('.chip-alert-offline') });
  await alerts.getByLabel('Note', { exact: true }).fill('crew on the way');
  await offline.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alerts.getByTestId('alert-message')).toContainText('Acknowledged: 1');
  await expect(offline).toContainText('Acknowledged by otto');
  await expect(offline).toContainText('crew on the way');
  await page.screenshot({ path: join(SHOTS, 'devices-en-light-alerts.png') });

  // Arabic, dark: the same screens mirrored.
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(panel(page, 'قياسات الجهاز').getByTestId('chart-power')).toBeVisible();
  await expect(panel(page, 'الأجهزة').locator('[data-device="plant-a/bat-1"]')).toContainText('متصل');
  await page.screenshot({ path: join(SHOTS, 'devices-ar-dark.png') });
  await showTab(page, 'التسوية المقاسة');
  await page.screenshot({ path: join(SHOTS, 'devices-ar-dark-settlement.png') });
});

test('an admin enables the embedded broker, adds a battery with a login, and the device connects and obeys', async ({ page }) => {
  test.setTimeout(120_000);
  serve = await startServe();
  await createAdmin(page, serve.setupLink!);

  const settings = await openPanel(page, 'Broker settings');
  const embedded = settings.getByRole('form', { name: 'Embedded broker' });
  await embedded.getByLabel('Run the embedded broker').check();
  await embedded.getByLabel('Listen on address').fill('127.0.0.1');
  await embedded.getByLabel('Port').fill('0');
  await embedded.getByRole('button', { name: 'Save' }).click();
  const status = settings.getByTestId('broker-status');
  await expect(status).toContainText('Connected');
  const port = Number(/running on port (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
  expect(port).toBeGreaterThan(0);

  await page.screenshot({ path: join(SHOTS, 'devices-en-light-broker.png') });

  // The plant has no broker of its own, so the device is registered by hand with its login.
  const registry = await openPanel(page, 'Devices');
  await registry.getByRole('button', { name: 'Add device' }).click();
  const form = registry.getByRole('form', { name: 'Add a device' });
  await form.getByLabel('Site').fill('plant-a');
  await form.getByLabel('Name', { exact: true }).fill('bat-1');
  await form.getByLabel('Type').selectOption('battery');
  await form.getByLabel('Rated power (kW)').fill('5');
  await form.getByLabel('Capacity (kWh)').fill('10');
  await form.getByLabel('Max charge (kW)').fill('5');
  await form.getByLabel('Max discharge (kW)').fill('5');
  await form.getByLabel('User name').fill('bat-1');
  await form.getByLabel('New password').fill('bat-1-password');
  await form.getByRole('button', { name: 'Add device' }).click();
  const row = registry.locator('[data-device="plant-a/bat-1"]');
  await expect(row).toContainText('Offline');
  await expect(row).toContainText('never');

  // Wrong login: the broker refuses it; the right one: the device comes online. (The embedded
  // broker speaks MQTT 3.1.1, so this battery does too.)
  const lanBattery: SimDeviceSpec = { ...BATTERY, protocol: 4 };
  const intruder = new SimDevice(lanBattery);
  await expect(intruder.connect({ url: `mqtt://127.0.0.1:${port}`, username: 'bat-1', password: 'wrong-password' })).rejects.toThrow(/Bad username or password|Not authorized/);
  await startSim(lanBattery, `mqtt://127.0.0.1:${port}`, { username: 'bat-1', password: 'bat-1-password' });
  await expect(row).toContainText('Online');
  await expect(row).toContainText(/\d+ s ago/);

  await openPanel(page, 'Device commands');
  await sendCommand(page, 'bat-1', 'Discharge', { 'Power (kW)': '1.5', 'Duration (min)': '5' });
  const first = panel(page, 'Device commands').locator('.dev-cmd').first();
  await expect(first).toContainText('Discharge 1.5 kW for 5 min');
  await expect(first).toContainText('Acknowledged');

  // Editing the battery's limits changes what the command panel allows.
  await showTab(page, 'Devices');
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = registry.getByRole('form', { name: 'Edit bat-1' });
  await edit.getByLabel('Max charge (kW)').fill('3.5');
  await edit.getByRole('button', { name: 'Save' }).click();
  await showTab(page, 'Device commands');
  await expect(panel(page, 'Device commands')).toContainText('charge up to 3.5 kW');
  await sendCommand(page, 'bat-1', 'Charge', { 'Power (kW)': '4', 'Duration (min)': '1' });
  await expect(panel(page, 'Device commands').getByTestId('command-message')).toContainText(/exceeds the charge limit of \u2066?3\.5 kW/);

  // A meter gets its broker login from "Issue logins", and the README's simulator plays it from the
  // downloaded file against the embedded broker.
  await showTab(page, 'Devices');
  await registry.getByRole('button', { name: 'Add device' }).click();
  const meterForm = registry.getByRole('form', { name: 'Add a device' });
  await meterForm.getByLabel('Site').fill('plant-a');
  await meterForm.getByLabel('Name', { exact: true }).fill('meter-1');
  await meterForm.getByLabel('Type').selectOption('meter');
  await meterForm.getByLabel('Rated power (kW)').fill('8');
  await meterForm.getByRole('button', { name: 'Add device' }).click();
  const meterRow = registry.locator('[data-device="plant-a/meter-1"]');
  await expect(meterRow).toContainText('Offline');
  await registry.getByLabel('Search name, site, model, firmware').fill('meter');
  await registry.getByRole('button', { name: 'Issue logins' }).click();
  const issue = registry.getByRole('alertdialog', { name: 'Issue logins' });
  await expect(issue).toContainText('current ones of the listed devices (1)');
  await page.screenshot({ path: join(SHOTS, 'devices-en-light-issue-logins.png') });
  const downloading = page.waitForEvent('download');
  await issue.getByRole('button', { name: 'Issue and download' }).click();
  const loginsFile = join(mkdtempSync(join(tmpdir(), 'griddesk-logins-')), 'griddesk-device-logins.json');
  await (await downloading).saveAs(loginsFile);
  await expect(registry.getByRole('status')).toContainText('Logins issued and downloaded (devices: 1)');
  simulator = startSimulator(['--credentials', loginsFile, '--broker', `mqtt://127.0.0.1:${port}`, '--interval', '500', '--crash', '0']);
  await expect(meterRow).toContainText('Online', { timeout: 20_000 });
  await registry.getByLabel('Search name, site, model, firmware').fill('');

  // A meter is offered only what it takes: resetting its counters.
  await showTab(page, 'Device commands');
  const commandsPanel = panel(page, 'Device commands');
  const meterValue = await commandsPanel.getByLabel('Device').locator('option', { hasText: 'plant-a / meter-1' }).getAttribute('value');
  await commandsPanel.getByLabel('Device').selectOption(meterValue ?? '');
  await expect(commandsPanel.getByRole('form', { name: 'Send a command' }).locator('select').first().locator('option')).toHaveText(['Reset counter']);
  await page.getByLabel('Language').selectOption('ar');
  await page.getByRole('button', { name: 'المظهر' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.screenshot({ path: join(SHOTS, 'devices-ar-dark-meter-commands.png') });
  await page.getByLabel('اللغة').selectOption('en');
  await page.getByRole('button', { name: 'Theme' }).click();

  // Disabled devices take no commands: the core says so and the panel shows its words.
  await showTab(page, 'Devices');
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  await showTab(page, 'Device commands');
  await sendCommand(page, 'bat-1', 'Stop', {});
  await expect(panel(page, 'Device commands').getByTestId('command-message')).toContainText(/bat-1\u2069? is disabled/);

  // Removing asks first, then the device and its history are gone.
  await showTab(page, 'Devices');
  await row.getByRole('button', { name: 'Remove' }).click();
  await registry.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);
  await expect(registry.locator('[data-device]')).toHaveCount(1);
});

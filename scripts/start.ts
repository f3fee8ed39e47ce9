/**
 * `npm start`: the desktop app where an Electron binary exists; otherwise (as in a build sandbox) the
 * station server with the app in the default browser, on a local demo database created on first run.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoDatabase } from '../db/demo/seed';
import { electronBinary } from '../electron/find-binary';
import { DEMO_SHOP, startHqDemo } from '../hq/demo';
import { startDemoDevices } from '../hardware/virtual/demo-devices';
import { startStation } from '../server/station';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => console.log(`Open ${url} in a browser.`));
    child.unref();
  } catch {
    console.log(`Open ${url} in a browser.`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: join(ROOT, 'data', 'souk-demo.db') },
      port: { type: 'string', default: process.env.PORT ?? '8787' },
      'no-open': { type: 'boolean', default: false },
      // The chain's HQ demo (PostgreSQL in a temp folder) that the demo station pushes its journal to.
      'no-hq': { type: 'boolean', default: false },
    },
  });
  const dbFile = resolve(values.db);
  mkdirSync(dirname(dbFile), { recursive: true });
  const demo = await ensureDemoDatabase(dbFile);
  if (demo.created) console.log(`Demo database created: ${dbFile}`);

  if (!electronBinary()) {
    console.log(
      'No Electron binary on this machine: starting the station server with the app in your browser instead.',
    );
  }
  // HQ is a demo extra: if it cannot start, the shop runs without it (and says so).
  const hqDemo = values['no-hq']
    ? null
    : await startHqDemo().catch((err: unknown) => {
        console.log(`The HQ demo could not start (${err instanceof Error ? err.message : String(err)}).`);
        return null;
      });
  if (hqDemo)
    console.log(
      `HQ demo at ${hqDemo.hq.url} (PostgreSQL on port ${hqDemo.cluster.port}); this station pushes its journal to it.`,
    );
  else if (!values['no-hq'])
    console.log(
      'No HQ: PostgreSQL 15 is not installed or did not start; the shop runs without HQ, the same.',
    );
  const station = await startStation({
    dbFile,
    port: Number(values.port),
    hq: hqDemo ? { url: hqDemo.hq.url, shopId: DEMO_SHOP.id, key: DEMO_SHOP.key } : null,
  });
  // Demo mode: a virtual receipt printer and a simulated scale, so receipts and weights work without hardware.
  const devices = await startDemoDevices({ printerOutput: join(dirname(dbFile), 'printer-output.txt') });
  await station.ctx.devices.configure({
    printer: {
      name: 'Imprimante virtuelle',
      transport: { kind: 'tcp', host: '127.0.0.1', port: devices.printerPort },
      paper: '80mm',
      commandSet: 'epson',
      autoPrint: true,
    },
    scale: devices.scalePath ? { path: devices.scalePath, protocol: 'toledo-8217' } : null,
  });
  devices.printer.on('job', (bytes: Buffer) => {
    console.log(`[virtual printer] ${bytes.length} bytes received, text in ${devices.printerOutput}`);
  });
  console.log(`Souk POS is running at ${station.url}  (Ctrl+C to stop)`);
  console.log(
    `Virtual printer on 127.0.0.1:${devices.printerPort} (what it prints goes to ${devices.printerOutput}); ${devices.scalePath ? `simulated scale on ${devices.scalePath}` : 'no simulated scale (install socat)'}`,
  );
  if (demo.summary) {
    console.log(
      'Demo users (PIN):',
      demo.summary.users.map((u) => `${u.name} ${u.role} ${u.pin}`).join(' · '),
    );
  }
  if (!values['no-open'] && !process.env.CI) openBrowser(station.url);
  const stop = () =>
    void Promise.all([station.close(), devices.close()])
      .then(() => hqDemo?.close())
      .then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

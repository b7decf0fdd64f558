// What every browser test of the admin needs: a real kiosk-content --demo on 127.0.0.1 with its
// own data folder, Debian's chromium driven by playwright-core, signing in, and the admin API
// called as the signed-in page calls it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = join(here, '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BINARY = process.env.KIOSK_CONTENT || join(repo, 'build', 'content', 'server', 'kiosk-content');
export const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const SITE = 'ashby-hill';

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('playwright-core is not installed: run scripts/setup --tests (npm install in tests/web)');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.log(`SKIP: no chromium at ${CHROMIUM}`);
  process.exit(77); // ctest SKIP_RETURN_CODE
}

export const KIOSK_CONTENT = BINARY;

// Starts kiosk-content --demo on a free port, with `config` (TOML text) as its config file if
// given; resolves to { base, password, browser, dataDir, stop }.
export async function start({ config } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'coi-web-test-'));
  const args = ['--demo', '--data', dataDir, '--listen', '127.0.0.1:0'];
  if (config !== undefined) {
    writeFileSync(join(dataDir, 'kiosk-content.toml'), config);
    args.unshift('--config', join(dataDir, 'kiosk-content.toml'));
  }
  const server = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const { base, password } = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('kiosk-content did not start: ' + out)), 15000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const pw = out.match(/one-time password: (\S+)/);
      const url = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (pw && url) { clearTimeout(timer); resolve({ base: url[1], password: pw[1] }); }
    });
    server.on('exit', (code) => reject(new Error(`kiosk-content exited with ${code}: ${out}`)));
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const stop = async () => {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, password, browser, dataDir, stop };
}

export async function newPage(browser, viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => { throw error; });
  return page;
}

export async function signIn(page, base, name, password) {
  await page.goto(base + '/admin/');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who', { hasText: name }).waitFor();
}

// The admin API from inside the signed-in page (its cookie and CSRF token), as the page calls it.
export function adminApi(page, method, path, body, type = 'application/json') {
  return page.evaluate(async ({ method, path, body, type }) => {
    const session = await (await fetch('/api/admin/session')).json();
    const res = await fetch('/api/admin' + path, { method, headers: { 'Content-Type': type, 'X-CSRF-Token': session.csrf },
      body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body });
    return { status: res.status, json: await res.json().catch(() => ({})) };
  }, { method, path, body, type });
}

// Serious and critical axe-core findings on the page as it is now.
export async function axeFindings(page) {
  await page.addScriptTag({ path: AXE });
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

// The shipped programs, started as README.md, docs/content-server.md and the systemd units
// start them, each with its log kept (what journald would hold) and stopped at the end.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { capture, isBlank, savePng } from './screen.mjs';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const KIOSK = process.env.KIOSK || join(repo, 'build', 'kiosk', 'app', 'kiosk');
export const KIOSK_CONTENT = process.env.KIOSK_CONTENT || join(repo, 'build', 'content', 'server', 'kiosk-content');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const evidence = process.env.COI_ACCEPTANCE_EVIDENCE || mkdtempSync(join(tmpdir(), 'coi-acceptance-'));
mkdirSync(evidence, { recursive: true });

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const runFile = promisify(execFile);

export function tempDir(name) {
  return mkdtempSync(join(tmpdir(), `coi-acceptance-${name}-`));
}

// Waits for check() to give something truthy, trying every `every` ms until `seconds` pass.
export async function eventually(what, seconds, check, every = 250) {
  const end = Date.now() + seconds * 1000;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`not within ${seconds} s: ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
    await sleep(every);
  }
}

// A program with its output kept line by line.
export class Program {
  constructor(name, command, args, options) {
    this.name = name;
    this.lines = [];
    this.child = spawn(command, args, { ...options, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => { this.exit = { code, signal }; resolve(this.exit); }));
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream.on('data', (chunk) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop();
        for (const line of parts) {
          this.lines.push(line);
          if (process.env.COI_ACCEPTANCE_VERBOSE) console.error(`[${this.name}] ${line}`);
        }
      });
    }
  }
  log() { return this.lines.join('\n'); }
  running() { return this.exit === undefined; }
  async waitForLine(pattern, seconds, from = 0) {
    return eventually(`${this.name} to log ${pattern}`, seconds, () => {
      if (!this.running() && !this.lines.slice(from).some((l) => pattern.test(l)))
        throw new Error(`${this.name} exited with ${JSON.stringify(this.exit)}; log:\n${this.log()}`);
      const line = this.lines.slice(from).find((l) => pattern.test(l));
      return line ? line.match(pattern) : null;
    }, 100);
  }
  async stop(signal = 'SIGTERM', seconds = 10) {
    if (this.running()) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), seconds * 1000);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

// [SECTION] The screen: Xvfb, as a TV with nothing else on it (no desktop, no window manager).
export async function startScreen(width = 1280, height = 800) {
  const fbdir = tempDir('fb');
  for (let attempt = 0; attempt < 20; ++attempt) {
    const display = `:${100 + Math.floor(Math.random() * 800)}`;
    if (existsSync(`/tmp/.X11-unix/X${display.slice(1)}`)) continue;
    const xvfb = new Program('Xvfb', 'Xvfb', [display, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-br', '-fbdir', fbdir], {});
    const fb = join(fbdir, 'Xvfb_screen0');
    try {
      await eventually('Xvfb to start', 10, () => existsSync(fb) && existsSync(`/tmp/.X11-unix/X${display.slice(1)}`));
      return { display, fb, width, height, xvfb, stop: () => xvfb.stop() };
    } catch {
      await xvfb.stop('SIGKILL');
    }
  }
  throw new Error('no free X display for Xvfb');
}

// [SECTION] kiosk-content

// `kiosk-content --demo --data DIR --listen 127.0.0.1:PORT` (docs/content-server.md, "Try it on one
// machine"): the demo building and a one-time admin password.
export async function startContentDemo(dataDir, listen = '127.0.0.1:0') {
  const server = new Program('kiosk-content', KIOSK_CONTENT, ['--demo', '--data', dataDir, '--listen', listen], {});
  const [, password] = await server.waitForLine(/one-time password: (\S+)/, 20);
  const [, base] = await server.waitForLine(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 20);
  server.base = base;
  server.password = password;
  return server;
}

// As the systemd unit starts it: the config checked first (ExecStartPre), then served.
export async function startContentService(configPath) {
  await runFile(KIOSK_CONTENT, ['--config', configPath, '--check-config'], { timeout: 20000 });
  const server = new Program('kiosk-content', KIOSK_CONTENT, ['--config', configPath], {});
  const [, base] = await server.waitForLine(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 20);
  server.base = base;
  return server;
}

// [SECTION] kiosk

// A TOML config (config/kiosk.example.toml): { section: { key: value } }.
export function writeToml(path, sections) {
  const value = (v) => (Array.isArray(v) ? `[${v.map(value).join(', ')}]` : typeof v === 'string' ? JSON.stringify(v) : String(v));
  const lines = [];
  for (const [section, keys] of Object.entries(sections)) {
    lines.push(`[${section}]`);
    for (const [k, v] of Object.entries(keys)) lines.push(`${k} = ${value(v)}`);
    lines.push('');
  }
  writeFileSync(path, lines.join('\n'));
}

// As config/systemd/kiosk.service starts it (`kiosk --config ... --data ... --fullscreen`), on
// the X screen instead of KMS/DRM. A watcher looks at the screen every 150 ms from the
// kiosk's first frame on and keeps every blank picture it sees. `env`: more of the environment
// (a wrong clock through libfaketime, say).
export async function startKiosk(screen, configPath, dataDir, extra = [], env = {}) {
  const kiosk = new Program('kiosk', KIOSK, ['--config', configPath, '--data', dataDir, '--fullscreen', ...extra], {
    env: { ...process.env, DISPLAY: screen.display, SDL_VIDEODRIVER: 'x11', SDL_AUDIODRIVER: 'dummy', ...env },
  });
  await kiosk.waitForLine(/first frame on screen/, 30);
  kiosk.blankFrames = [];
  kiosk.looks = 0;
  kiosk.watch = setInterval(() => {
    if (!kiosk.running()) return;
    const shot = capture(screen.fb);
    ++kiosk.looks;
    if (isBlank(shot) && kiosk.blankFrames.length < 3) {
      const path = join(evidence, `blank-${kiosk.pid}-${Date.now()}.png`);
      savePng(shot, path);
      kiosk.blankFrames.push(path);
    }
  }, 150);
  kiosk.watch.unref(); // a kiosk a test forgot to stop must not keep the test runner waiting for ever
  const stop = kiosk.stop.bind(kiosk);
  kiosk.stop = async (...args) => { clearInterval(kiosk.watch); return stop(...args); };
  return kiosk;
}

// Every command README.md and docs/*.md show for `kiosk` and `kiosk-content` runs as documented:
// the walk reads the commands out of the documents' shell blocks, runs each against scratch
// folders in place of /var/lib and /etc, and checks what the document says it prints or does.
// A documented command the walk does not know how to check fails the test, so a new command
// in the docs is walked too. Every subcommand --help lists is documented, and runs.
//   node --test tests/acceptance/commands.test.mjs   (KIOSK, KIOSK_CONTENT: the built programs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIOSK, KIOSK_CONTENT, eventually, repo, runFile, startContentDemo, startScreen, tempDir } from './lib/programs.mjs';

let screen;
const kioskData = tempDir('cli-kiosk'), serverData = tempDir('cli-server'), scratch = tempDir('cli-scratch');

// [SECTION] The documented commands

const documents = ['README.md', ...readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

// Each shell block's lines that run one of the two programs, with the document they are in
// and the output lines the document shows under them ("# kiosk-content listening on ...").
function documentedCommands() {
  const found = [];
  for (const doc of documents) {
    const lines = readFileSync(join(repo, doc), 'utf8').split('\n');
    let inBlock = false, shell = false;
    for (const line of lines) {
      if (line.startsWith('```')) { inBlock = !inBlock; shell = inBlock && /^```(sh|bash)?\s*$/.test(line); continue; }
      if (!inBlock || !shell) continue;
      const shown = line.match(/^# (.*)$/);
      if (shown && found.length && found.at(-1).doc === doc) { found.at(-1).shows.push(shown[1]); continue; }
      const command = line.replace(/\s+#.*$/, '').trim();
      const program = command.replace(/^echo \S+ \| /, '').replace(/^sudo -u \S+ /, '').split(/\s+/)[0];
      if (['build/kiosk/app/kiosk', 'build/content/server/kiosk-content', 'kiosk-content', 'kiosk'].includes(program))
        found.push({ doc, command, comment: (line.match(/\s#\s*(.*)$/) || [])[1] || '', shows: [] });
    }
  }
  return found;
}

// A documented command line as it runs here: the programs as built, scratch folders for the
// machine's paths, standard input from `echo N |`.
function localise(command) {
  let stdin = null;
  const piped = command.match(/^echo (\S+) \| (.*)$/);
  if (piped) { stdin = piped[1] + '\n'; command = piped[2]; }
  command = command.replace(/^sudo -u \S+ /, '');
  const words = command.split(/\s+/).map((w) => ({
    'build/kiosk/app/kiosk': KIOSK, kiosk: KIOSK, 'build/content/server/kiosk-content': KIOSK_CONTENT, 'kiosk-content': KIOSK_CONTENT,
    '/var/lib/come-on-in': kioskData, '/var/lib/kiosk-content': serverData,
    '/etc/kiosk-content.toml': join(scratch, 'kiosk-content.toml'), '/etc/come-on-in/kiosk.toml': join(scratch, 'kiosk.toml'),
    'config/kiosk.example.toml': join(scratch, 'kiosk.toml'), 'my.toml': join(scratch, 'kiosk.toml'),
    'out.png': join(scratch, 'out.png'), '/var/www/feeds/ashby-hill': join(scratch, 'export'),
    'http://127.0.0.1:8080': server.base,
  })[w] ?? w);
  // The one change to a documented line: a demo server takes a free port, as tests run side by side.
  if (words.includes('--demo') && !words.includes('--listen')) words.push('--listen', '127.0.0.1:0');
  return { program: words[0], args: words.slice(1), stdin };
}

let server; // a demo kiosk-content for the kiosk's --server line

function run(program, args, { stdin = null, seconds = 30, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(program, args, { env: { ...process.env, ...env } });
    let out = '', err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    if (stdin !== null) child.stdin.end(stdin); else child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, out, err }); });
  });
}

// A command that keeps running (a kiosk on screen, a server): started, seen alive by the line
// it logs, then stopped as the service manager stops it; a clean stop is exit status 0.
async function runUntil(program, args, alive, env = {}) {
  const child = spawn(program, args, { env: { ...process.env, ...env } });
  let log = '';
  child.stdout.on('data', (c) => { log += c; });
  child.stderr.on('data', (c) => { log += c; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = null;
  exited.then((e) => { gone = e; });
  await eventually(`${args.join(' ')} to log ${alive}`, 30, () => {
    if (gone) throw new Error(`exited ${JSON.stringify(gone)}: ${log}`);
    return alive.test(log);
  }, 100);
  child.kill('SIGTERM');
  const exit = await exited;
  return { ...exit, log };
}

// What each documented command must do, by what it is.
const checks = [
  [/ --check-config/, async (c, r) => {
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /ok/);
  }],
  [/ --screenshot /, async (c, r) => {
    assert.equal(r.code, 0, r.err);
    assert.ok(statSync(join(scratch, 'out.png')).size > 10000, 'a whole screen as a PNG');
  }],
  [/ roll-call/, async (c, r) => { assert.equal(r.code, 0, r.err); assert.match(r.out, /^Roll-call for Ashby Hill People's Centre, [\s\S]*Signed in by name: \d+/); }],
  [/ purge /, async (c, r) => { assert.equal(r.code, 0, r.err); assert.match(r.out, /erased the names and codes of \d+ visits/); }],
  [/ set-pin /, async (c, r) => { assert.equal(r.code, 0, r.err); assert.match(r.out, /the (staff|cafe) PIN is set/); }],
  [/ create-admin /, async (c, r) => { assert.equal(r.code, 0, r.err + r.out); }],
  [/ public-key$/, async (c, r) => { assert.equal(r.code, 0, r.err); assert.match(r.out.trim(), /^[A-Za-z0-9+/]{43}=$/); }],
  [/ sites$/, async (c, r) => { assert.equal(r.code, 0, r.err); assert.match(r.out, /ashby-hill/); }],
  [/ rotate-key$/, async (c, r) => {
    assert.equal(r.code, 0, r.err);
    assert.ok(existsSync(join(serverData, 'key-endorsement.json')), 'the endorsement is written');
    assert.ok(readdirSync(serverData).some((f) => /^signing\.key\..*\.retired$/.test(f)), 'the old key is kept aside');
  }],
  [/ export /, async (c, r) => {
    assert.equal(r.code, 0, r.err);
    for (const f of ['feed.json', 'feed.json.sig', 'public-key.txt']) assert.ok(existsSync(join(scratch, 'export', f)), f);
  }],
];

// Commands that keep running: what shows they are up.
const services = [
  [/kiosk-content --demo$/, /listening on http:\/\/127\.0\.0\.1:\d+\/admin\//],
  [/kiosk-content --config \S+$/, /listening on http:\/\/127\.0\.0\.1:\d+\/admin\//],
  [/kiosk --server /, /pair this screen with code \d{3} \d{3} \d{3}|first frame on screen/],
  [/kiosk( --fullscreen| --config \S+ --data \S+)?$/, /first frame on screen/],
];

before(async () => {
  screen = await startScreen(1024, 600);
  // What the documents' paths stand for: the example configs, pointed at scratch folders.
  writeFileSync(join(scratch, 'kiosk.toml'), readFileSync(join(repo, 'config/kiosk.example.toml'), 'utf8').replace('/var/lib/come-on-in', kioskData));
  writeFileSync(join(scratch, 'kiosk-content.toml'), readFileSync(join(repo, 'config/kiosk-content.example.toml'), 'utf8')
    .replace('/var/lib/kiosk-content', serverData).replace('127.0.0.1:8080', '127.0.0.1:0'));
  // A server with the demo building in the data folder the "running it for real" lines use.
  const seeded = await startContentDemo(serverData);
  await seeded.stop();
  server = await startContentDemo(tempDir('cli-demo'));
});

after(async () => {
  if (server) await server.stop();
  if (screen) await screen.stop();
});

test('every command README.md and docs/*.md show runs as they say', async () => {
  const commands = documentedCommands();
  assert.ok(commands.length >= 15, `found ${commands.length} documented commands`);
  const env = { DISPLAY: screen.display, SDL_VIDEODRIVER: 'x11', SDL_AUDIODRIVER: 'dummy' };
  const walked = [];
  for (const c of commands) {
    const { program, args, stdin } = localise(c.command);
    assert.ok(program === KIOSK || program === KIOSK_CONTENT, `${c.doc}: "${c.command}" runs something else`);
    const bare = c.command.replace(/^echo \S+ \| /, '').replace(/^sudo -u \S+ /, '').replace(/^build\/\S+\//, '');
    const service = services.find(([pattern]) => pattern.test(bare));
    const where = `${c.doc}: ${c.command}`;
    if (service) {
      const r = await runUntil(program, args, service[1], program === KIOSK ? env : {});
      assert.deepEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null }, `${where}: stopped with SIGTERM, exit status 0\n${r.log}`);
      for (const shown of c.shows) {
        // "kiosk-content listening on http://127.0.0.1:8080/admin/" with its own port and password.
        const pattern = new RegExp(shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/8080/, '\\d+').replace(/password: \S+/, 'password: \\S+'));
        assert.match(r.log, pattern, `${where}: the document shows "${shown}"`);
      }
      walked.push(where);
      continue;
    }
    const check = checks.find(([pattern]) => pattern.test(' ' + bare.split(/\s+/).slice(1).join(' ')));
    assert.ok(check, `${where}: the walk does not know what this command should do; add it to checks`);
    const r = await run(program, args, { stdin: stdin ?? (/ create-admin /.test(bare) ? 'a long enough password 42\n' : null), env: program === KIOSK ? env : {} });
    await check[1](c, r).catch((error) => { throw new Error(`${where}\n${error.message}\nstdout: ${r.out}\nstderr: ${r.err}`); });
    walked.push(where);
  }
  assert.equal(walked.length, commands.length);
  console.log(`walked ${walked.length} documented commands:\n${walked.join("\n")}`);
});

test('every subcommand and option --help lists is in the documents, and each subcommand answers --help', async () => {
  const docs = documents.map((d) => readFileSync(join(repo, d), 'utf8')).join('\n')
    + readFileSync(join(repo, 'config/kiosk.example.toml'), 'utf8');
  for (const program of [KIOSK, KIOSK_CONTENT]) {
    const help = await runFile(program, ['--help']);
    const subcommands = [...help.stdout.matchAll(/^Subcommands:\n((?:\s{2,}\S.*\n?)*)/gim)].flatMap((m) => m[1].split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean));
    const options = [...help.stdout.matchAll(/^\s+(?:-\w,)?(--[a-z][a-z-]*)/gm)].map((m) => m[1]).filter((o) => o !== '--help');
    assert.ok(options.length > 2, help.stdout);
    assert.ok(program !== KIOSK || subcommands.includes('roll-call'), `the subcommands of ${help.stdout}`);
    for (const option of options) assert.ok(docs.includes(option), `${program} ${option} is in --help but in no document`);
    for (const sub of subcommands) {
      assert.ok(new RegExp(`\\b${sub}\\b`).test(docs), `${program} ${sub} is in --help but in no document`);
      const r = await runFile(program, [sub, '--help']);
      assert.match(r.stdout, /Usage|USAGE|usage/);
    }
  }
});

test('the kiosk\'s exit status says why it stopped', async () => {
  const env = { DISPLAY: screen.display, SDL_VIDEODRIVER: 'x11', SDL_AUDIODRIVER: 'dummy' };
  const data = tempDir('exit');
  // A clean stop: SIGTERM, or SIGINT from a person at a terminal.
  for (const signal of ['SIGTERM', 'SIGINT']) {
    const child = spawn(KIOSK, ['--data', data, '--fullscreen'], { env: { ...process.env, ...env } });
    let log = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (c) => { log += c; });
    await eventually('the kiosk on screen', 30, () => /first frame on screen/.test(log), 100);
    const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, sig })));
    child.kill(signal);
    assert.deepEqual(await exited, { code: 0, sig: null }, `${signal}: ${log}`);
    assert.match(log, /closing cleanly/);
  }
  // A config with a mistake: 2, and the line to fix.
  const bad = join(scratch, 'bad.toml');
  writeFileSync(bad, '[rotation]\ndwell_seconds = "fast"\n');
  const badStart = await run(KIOSK, ['--config', bad, '--data', data], { env });
  assert.equal(badStart.code, 2, badStart.err);
  assert.match(badStart.err, /bad\.toml:2: rotation\.dwell_seconds/);
  const badCheck = await run(KIOSK, ['--check-config', bad]);
  assert.equal(badCheck.code, 1, badCheck.err);
  // No screen to draw on: 1, and why.
  const noScreen = await run(KIOSK, ['--data', data, '--fullscreen'], { env: { DISPLAY: ':9999', SDL_VIDEODRIVER: 'x11' } });
  assert.equal(noScreen.code, 1, noScreen.err);
  assert.match(noScreen.out + noScreen.err, /cannot start SDL video|cannot open a window/);
});

// The numbers behind "Instant updates" (docs/performance.md), on the real programs, all on
// 127.0.0.1:
//   latency  a notice saved through the admin API to the kiosk's log of the installed
//            version (its reported content version), 20 saves through each path: kiosk-content
//            holding the kiosk (GET /api/v1/wait) and nginx + nchan holding it; the kiosk
//            polls only every 5 minutes, so what arrives sooner came by the notification
//   fanout   N simulated subscribers (long polls, as the kiosk makes them) held by nginx +
//            nchan; kiosk-content's CPU and memory while they wait and when one save fans
//            out to all of them, and how long the last one took to hear it
//   idle     a paired kiosk on an idle Xvfb screen for S seconds: its CPU time, with the
//            kiosk and kiosk-content given in KIOSK_BEFORE / KIOSK_CONTENT_BEFORE too
// Usage: node scripts/bench/instant.mjs [latency] [fanout] [idle] (see scripts/bench/instant)
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Program, eventually, startKiosk, startScreen, tempDir, writeToml, KIOSK, KIOSK_CONTENT } from '../../tests/acceptance/lib/programs.mjs';
import { adminApi } from '../../tests/acceptance/lib/admin.mjs';
import { freePort, startNginxNchan } from '../../tests/acceptance/lib/nginx.mjs';

const SITE = 'ashby-hill';
const SAVES = Number(process.env.SAVES || 20);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS || 2000);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS || 60);
const running = [];
const quit = async () => { for (const p of running.reverse()) await p.stop(); };
process.on('SIGINT', async () => { await quit(); process.exit(130); });

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const ticks = Number(process.env.CLK_TCK || 100);
// CPU time is counted in clock ticks: under one tick reads as 0, said as such.
const ms = (seconds) => (seconds > 0 ? `${(seconds * 1000).toFixed(0)} ms` : `under ${(1000 / ticks).toFixed(0)} ms (one clock tick)`);
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks; // utime + stime
}
function rssKb(pid) { return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]); }
function threads(pid) { return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/Threads:\s+(\d+)/)[1]); }

async function startContent(binary, notify, port) {
  const dir = tempDir('bench-instant-content');
  const configPath = join(dir, 'kiosk-content.toml');
  writeToml(configPath, notify ? { server: { trust_proxy: true }, notify } : { server: { threads: 16 } });
  const server = new Program('kiosk-content', binary, ['--demo', '--config', configPath, '--data', join(dir, 'data'), '--listen', `127.0.0.1:${port}`], {});
  running.push(server);
  const [, password] = await server.waitForLine(/one-time password: (\S+)/, 20);
  await server.waitForLine(/listening on http/, 20);
  server.base = `http://127.0.0.1:${port}`;
  server.password = password;
  return server;
}

async function pairedKiosk(binary, screen, base, api) {
  const data = tempDir('bench-instant-kiosk');
  const config = join(tempDir('bench-instant-config'), 'kiosk.toml');
  writeToml(config, {
    kiosk: { screen_role: 'reception', read_aloud: false },
    rotation: { dwell_seconds: 8, pages: ['whats-on', 'notices'] },
    sync: { server: base, poll_seconds: 300, allow_http: true },
  });
  const kiosk = await (async () => {
    // startKiosk runs KIOSK; the "before" binary is started the same way.
    if (binary === KIOSK) return startKiosk(screen, config, data);
    const k = new Program('kiosk', binary, ['--config', config, '--data', data, '--fullscreen'], {
      env: { ...process.env, DISPLAY: screen.display, SDL_VIDEODRIVER: 'x11', SDL_AUDIODRIVER: 'dummy' },
    });
    await k.waitForLine(/first frame on screen/, 30);
    return k;
  })();
  running.push(kiosk);
  const [, code] = await kiosk.waitForLine(/pair this screen with code ([\d ]+?) at/, 30);
  await api.post('/screens/adopt', { code: code.replace(/ /g, ''), site_id: SITE, role: 'reception', name: 'Hall TV' });
  await kiosk.waitForLine(/now showing content version (\d+)/, 30);
  return kiosk;
}

const until = () => new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, '+00:00');

async function latencies(kiosk, api, label) {
  const took = [];
  for (let n = 1; n <= SAVES; ++n) {
    const from = kiosk.lines.length;
    const started = performance.now();
    await api.put(`/sites/${SITE}/notices/bench`, { id: 'bench', title: `${label} notice ${n}`, body: 'Saved a moment ago.', urgent: true, show_until: until() })
      .catch(() => api.post(`/sites/${SITE}/notices`, { id: 'bench', title: `${label} notice ${n}`, body: 'Saved a moment ago.', urgent: true, show_until: until() }));
    const version = (await api.get(`/sites/${SITE}/notices`)).content_version;
    const pattern = new RegExp(`now showing content version ${version}\\b`);
    await eventually(`version ${version} installed`, 30, () => kiosk.lines.slice(from).some((l) => pattern.test(l)), 5);
    took.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 300));
  }
  console.log(`latency ${label}: ${SAVES} saves, save to installed: median ${median(took).toFixed(0)} ms, worst ${Math.max(...took).toFixed(0)} ms`);
}

async function latency() {
  const screen = await startScreen(1280, 800);
  running.push(screen);
  {
    const server = await startContent(KIOSK_CONTENT, null, await freePort());
    const api = await adminApi(server.base, 'admin', server.password);
    const kiosk = await pairedKiosk(KIOSK, screen, server.base, api);
    await latencies(kiosk, api, 'embedded');
    await kiosk.stop();
    await server.stop();
  }
  {
    const port = await freePort();
    const nginx = await startNginxNchan(`http://127.0.0.1:${port}`);
    running.push(nginx);
    const server = await startContent(KIOSK_CONTENT, { nchan_publish_url: nginx.publishUrl }, port);
    const api = await adminApi(nginx.base, 'admin', server.password);
    const kiosk = await pairedKiosk(KIOSK, screen, nginx.base, api);
    await latencies(kiosk, api, 'nchan');
    await kiosk.stop();
    await server.stop();
    await nginx.stop();
  }
}

// One subscriber as the kiosk's listener is one: a long poll that sends back nchan's place.
function subscriber(base, agent, onVersion) {
  const state = { lastModified: '', etag: '', version: 0, stopped: false };
  const ask = () => {
    if (state.stopped) return;
    const headers = {};
    if (state.lastModified) headers['If-Modified-Since'] = state.lastModified;
    if (state.etag) headers['If-None-Match'] = state.etag;
    const req = http.get(`${base}/notify/sub/${SITE}`, { agent, headers }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => {
        if (res.statusCode === 200) {
          state.lastModified = res.headers['last-modified'] || '';
          state.etag = res.headers.etag || '';
          try { state.version = JSON.parse(body).version; onVersion(state.version); } catch { /* not a version */ }
        }
        setImmediate(ask);
      });
    });
    req.on('error', () => { if (!state.stopped) setTimeout(ask, 1000); });
    state.req = req;
  };
  ask();
  return state;
}

async function fanout() {
  const port = await freePort();
  const nginx = await startNginxNchan(`http://127.0.0.1:${port}`, { workerConnections: SUBSCRIBERS * 2 + 256 });
  running.push(nginx);
  const server = await startContent(KIOSK_CONTENT, { nchan_publish_url: nginx.publishUrl }, port);
  const api = await adminApi(nginx.base, 'admin', server.password);
  const start = (await api.get(`/sites/${SITE}/notices`)).content_version;
  await eventually('nchan to have the current version', 20, async () => {
    const r = await fetch(`${nginx.base}/notify/sub/${SITE}`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    return r && r.status === 200 && (await r.json()).version === start;
  });
  const nginxAlone = rssKb(nginx.pid);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let heard = new Map();
  const subs = [];
  for (let i = 0; i < SUBSCRIBERS; ++i) subs.push(subscriber(nginx.base, agent, (v) => { if (v > start && !heard.has(i)) heard.set(i, performance.now()); }));
  await eventually(`${SUBSCRIBERS} subscribers to hear the current version`, 60, () => subs.every((s) => s.version === start), 100);
  await new Promise((r) => setTimeout(r, 2000)); // all of them now held
  const cpu0 = cpuSeconds(server.pid), rss0 = rssKb(server.pid), nginxRss0 = rssKb(nginx.pid);
  const held = 10;
  await new Promise((r) => setTimeout(r, held * 1000));
  const cpu1 = cpuSeconds(server.pid), rss1 = rssKb(server.pid);
  console.log(`fanout: ${SUBSCRIBERS} subscribers held by nginx + nchan for ${held} s: kiosk-content CPU ${ms(cpu1 - cpu0)}, RSS ${rss1} kB, ${threads(server.pid)} threads; nginx RSS ${nginxAlone} kB with none, ${nginxRss0} kB with them`);
  const saved = performance.now();
  await api.post(`/sites/${SITE}/notices`, { id: 'fanout', title: 'Fan-out notice', body: 'To every subscriber.' });
  await eventually(`all ${SUBSCRIBERS} subscribers to hear the new version`, 60, () => heard.size === SUBSCRIBERS, 20);
  const times = [...heard.values()].map((t) => t - saved);
  await new Promise((r) => setTimeout(r, 2000));
  const cpu2 = cpuSeconds(server.pid), rss2 = rssKb(server.pid);
  console.log(`fanout: one save to all ${SUBSCRIBERS}: median ${median(times).toFixed(0)} ms, last ${Math.max(...times).toFixed(0)} ms; kiosk-content CPU for the save and its publish ${ms(cpu2 - cpu1)}, RSS ${rss0} kB before -> ${rss2} kB`);
  for (const s of subs) { s.stopped = true; s.req?.destroy(); }
  agent.destroy();
  await server.stop();
  await nginx.stop();
}

async function idleOne(label, kioskBinary, contentBinary) {
  const screen = await startScreen(1280, 800);
  running.push(screen);
  const server = await startContent(contentBinary, null, await freePort());
  const api = await adminApi(server.base, 'admin', server.password);
  const kiosk = await pairedKiosk(kioskBinary, screen, server.base, api);
  if (kiosk.watch) clearInterval(kiosk.watch); // the acceptance screen watcher is not part of the kiosk's cost
  await new Promise((r) => setTimeout(r, 5000));
  const k0 = cpuSeconds(kiosk.pid), s0 = cpuSeconds(server.pid);
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const k1 = cpuSeconds(kiosk.pid), s1 = cpuSeconds(server.pid);
  console.log(`idle ${label}: ${IDLE_SECONDS} s paired, nothing saved: kiosk CPU ${((k1 - k0) * 1000).toFixed(0)} ms (${((k1 - k0) / IDLE_SECONDS * 100).toFixed(2)}% of a core), kiosk-content CPU ${((s1 - s0) * 1000).toFixed(0)} ms`);
  await kiosk.stop();
  await server.stop();
  await screen.stop();
}

async function idle() {
  if (process.env.KIOSK_BEFORE && process.env.KIOSK_CONTENT_BEFORE) await idleOne('before (no waiting)', process.env.KIOSK_BEFORE, process.env.KIOSK_CONTENT_BEFORE);
  await idleOne('after (waiting at /api/v1/wait)', KIOSK, KIOSK_CONTENT);
}

const parts = process.argv.slice(2).length ? process.argv.slice(2) : ['latency', 'fanout', 'idle'];
const deadline = setTimeout(() => { console.error('instant: gave up after 15 minutes'); quit().then(() => process.exit(1)); }, 15 * 60_000);
try {
  for (const part of parts) await { latency, fanout, idle }[part]();
} finally {
  clearTimeout(deadline);
  await quit();
}

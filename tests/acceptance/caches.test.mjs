// A worn SD card changes bytes in files nobody writes any more: the font atlas and the
// pictures the kiosk keeps rasterised under <data>/cache. The kiosk's first release trusted
// them and showed garbled text or noise on every start. Headless one-shot runs
// (README: `kiosk --screenshot`), as the picture is the point, not a running window.
//   node --test tests/acceptance/caches.test.mjs   (KIOSK: the built kiosk)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, openSync, fstatSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KIOSK, tempDir } from './lib/programs.mjs';

const run = promisify(execFile);

async function screenshot(data, path) {
  await run(KIOSK, ['--data', data, '--screenshot', path, '--at', '2026-11-25T11:05', '--page', 'notices'], {
    timeout: 30000, env: { ...process.env, SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy' },
  });
  return readFileSync(path);
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

// Bytes changed every 97 from the first kilobyte on, the size kept: wear, not a cut-short file.
function scribble(path) {
  const fd = openSync(path, 'r+');
  const size = fstatSync(fd).size;
  for (let at = 1024; at < size - 64; at += 97) writeSync(fd, Buffer.from([0x5a]), 0, 1, at);
  closeSync(fd);
}

test('a scribbled font atlas and scribbled pictures in the cache are made again: the screen is the picture it was', async () => {
  const data = tempDir('caches');
  const dir = tempDir('caches-shots');
  const fresh = await screenshot(data, join(dir, 'fresh.png')); // made from the fonts and the images
  const cached = await screenshot(data, join(dir, 'cached.png')); // read back from the cache
  const files = filesUnder(join(data, 'cache'));
  assert.ok(files.some((f) => /fonts\/atlas-/.test(f)), `a font atlas: ${files.join(' ')}`);
  assert.ok(files.some((f) => /pictures\//.test(f)), `cached pictures: ${files.join(' ')}`);

  for (const f of files) scribble(f);
  const after = await screenshot(data, join(dir, 'after-scribbling.png'));
  assert.ok(after.equals(fresh), `the notices page is drawn as on a first start, not from the scribbled cache (${dir})`);
  const { stdout } = await run('tesseract', [join(dir, 'after-scribbling.png'), '-', '--psm', '11'], {
    timeout: 60000, env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
  assert.match(stdout, /Ashby Hill People's Centre/, `clean text: ${stdout}`);
  assert.match(stdout, /Notices/);

  // The cache was rewritten: the next start reads it back as it did before the card wore.
  const again = await screenshot(data, join(dir, 'again.png'));
  assert.ok(again.equals(cached), `the rewritten cache reads back as before (${dir})`);
});

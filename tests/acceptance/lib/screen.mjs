// The screen as a person sees it: Xvfb keeps its picture in an XWD file (-fbdir), read here
// as pixels; tesseract reads the words on it, with where each word is; xdotool taps and types
// through the X server, so the kiosk gets the same events a mouse, touchscreen or keyboard sends.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { promisify } from 'node:util';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'coi-acceptance-screen-'));

// One look at the screen: width, height and BGRX pixels (XWD header fields are big-endian CARD32s).
export function capture(fbPath) {
  const file = readFileSync(fbPath);
  const card32 = (i) => file.readUInt32BE(4 * i);
  const width = card32(4), height = card32(5), bitsPerPixel = card32(11), bytesPerLine = card32(12);
  if (bitsPerPixel !== 32) throw new Error(`${fbPath}: a ${bitsPerPixel}-bit screen; start Xvfb with a 24-bit depth`);
  const pixels = file.subarray(file.length - bytesPerLine * height);
  return { width, height, bytesPerLine, pixels };
}

function rgbAt(shot, x, y) {
  const i = y * shot.bytesPerLine + x * 4;
  return [shot.pixels[i + 2], shot.pixels[i + 1], shot.pixels[i]];
}

// Blank: (nearly) one colour over the whole screen, a black screen or an empty page. Every
// page of the kiosk has words and pictures on it, so even its plainest screen is far from this.
export function isBlank(shot) {
  const counts = new Map();
  let samples = 0;
  for (let y = 0; y < shot.height; y += 7)
    for (let x = 0; x < shot.width; x += 7) {
      const key = rgbAt(shot, x, y).join(',');
      counts.set(key, (counts.get(key) || 0) + 1);
      ++samples;
    }
  const most = Math.max(...counts.values());
  return most / samples > 0.995;
}

// A PNG of width x height whose pixel (x, y) is rgb(x, y) = [r, g, b]: evidence of what a
// screen showed, and pictures for the admin to upload.
export function encodePng(width, height, rgb) {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; ++y)
    for (let x = 0; x < width; ++x) raw.set(rgb(x, y), y * row + 1 + x * 3);
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8); head.writeUInt32BE(data.length, 0); head.write(type, 4, 'ascii');
    const tail = Buffer.alloc(4); tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function savePng(shot, path) {
  writeFileSync(path, encodePng(shot.width, shot.height, (x, y) => rgbAt(shot, x, y)));
}

// How many pixels (one in every 4x4) are within `tolerance` of a colour: a picture on screen.
export function countColour(shot, [r, g, b], tolerance = 24) {
  let n = 0;
  for (let y = 0; y < shot.height; y += 4)
    for (let x = 0; x < shot.width; x += 4) {
      const [pr, pg, pb] = rgbAt(shot, x, y);
      if (Math.abs(pr - r) + Math.abs(pg - g) + Math.abs(pb - b) <= tolerance) ++n;
    }
  return n * 16;
}

// A grey PGM of the screen for tesseract, which reads dark text on a plain light page best and
// loses words inside coloured boxes (a red button, a grey "Cancelled" pill, a banner). The
// kiosk fills its pages and boxes with flat colours, so every run of one exact colour larger
// than any letter is background, drawn white; every other pixel is ink, as dark as it is far
// from the background beside it on its row (the counter of an "o" is as far as nothing).
const backgroundArea = 1200; // pixels: larger than a letter of the clock, smaller than a "Now" pill

// The ink picture and the runs of one colour, worked out once per look.
function analyse(shot) {
  if (shot.analysed) return shot.analysed;
  const { width: w, height: h } = shot;
  const colour = new Uint32Array(w * h);
  for (let y = 0; y < h; ++y)
    for (let x = 0; x < w; ++x) {
      const [r, g, b] = rgbAt(shot, x, y);
      colour[y * w + x] = (r << 16) | (g << 8) | b;
    }
  // The runs of one colour (4-connected), by flood fill: their areas and bounding boxes.
  const label = new Int32Array(w * h).fill(-1);
  const runs = [];
  const stack = new Int32Array(w * h);
  for (let start = 0; start < w * h; ++start) {
    if (label[start] >= 0) continue;
    const c = colour[start], id = runs.length;
    const run = { colour: c, area: 0, x0: w, y0: h, x1: 0, y1: 0 };
    let top = 0;
    stack[top++] = start;
    label[start] = id;
    while (top > 0) {
      const p = stack[--top];
      const x = p % w, y = (p - x) / w;
      ++run.area;
      if (x < run.x0) run.x0 = x;
      if (x > run.x1) run.x1 = x;
      if (y < run.y0) run.y0 = y;
      if (y > run.y1) run.y1 = y;
      if (x > 0 && label[p - 1] < 0 && colour[p - 1] === c) { label[p - 1] = id; stack[top++] = p - 1; }
      if (x < w - 1 && label[p + 1] < 0 && colour[p + 1] === c) { label[p + 1] = id; stack[top++] = p + 1; }
      if (p >= w && label[p - w] < 0 && colour[p - w] === c) { label[p - w] = id; stack[top++] = p - w; }
      if (p + w < w * h && label[p + w] < 0 && colour[p + w] === c) { label[p + w] = id; stack[top++] = p + w; }
    }
    runs.push(run);
  }
  const distance = (a, b) => Math.abs((a >> 16) - (b >> 16)) + Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)) + Math.abs((a & 255) - (b & 255));
  const ink = Buffer.alloc(w * h);
  for (let y = 0; y < h; ++y) {
    let background = colour[y * w];
    for (let x = 0; x < w; ++x) {
      const p = y * w + x;
      if (runs[label[p]].area >= backgroundArea) {
        background = colour[p];
        ink[p] = 255;
      } else {
        ink[p] = 255 - Math.min(255, 2 * distance(colour[p], background));
      }
    }
  }
  shot.analysed = { ink, runs };
  return shot.analysed;
}

function toPgm(shot, path, box = { x: 0, y: 0, w: shot.width, h: shot.height }, scale = 1) {
  const { ink } = analyse(shot);
  const w = box.w * scale, h = box.h * scale;
  const out = Buffer.alloc(w * h);
  for (let y = 0; y < h; ++y)
    for (let x = 0; x < w; ++x) out[y * w + x] = ink[(box.y + Math.floor(y / scale)) * shot.width + box.x + Math.floor(x / scale)];
  writeFileSync(path, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), out]));
}

// The buttons and keys a person sees: runs of one colour the size of a button, filling most
// of their box (a key of the PIN pad, a tile), each with its middle.
export function buttons(shot) {
  return analyse(shot).runs
    .filter((r) => r.area >= backgroundArea && r.x1 - r.x0 >= 40 && r.y1 - r.y0 >= 30 && r.x1 - r.x0 < shot.width / 2 && r.y1 - r.y0 < shot.height / 3
      && r.area >= 0.6 * (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1))
    .map((r) => ({ x: r.x0, y: r.y0, w: r.x1 - r.x0 + 1, h: r.y1 - r.y0 + 1, middle: { x: (r.x0 + r.x1) >> 1, y: (r.y0 + r.y1) >> 1 } }));
}

// The label inside one button, twice its size: tesseract reads a lone "6" inside a key as
// nothing when it reads the whole screen; given that one line (or, failing that, that one
// character) it reads it.
export async function readButton(shot, button) {
  const pgm = join(scratch, `button-${process.pid}.pgm`);
  const inset = Math.max(4, Math.round(Math.min(button.w, button.h) * 0.12)); // clear of the key's rounded edge
  toPgm(shot, pgm, { x: button.x + inset, y: button.y + inset, w: button.w - 2 * inset, h: button.h - 2 * inset }, 2);
  for (const psm of ['7', '10']) {
    const { stdout } = await run('tesseract', [pgm, '-', '--psm', psm], { timeout: 20000, env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    if (stdout.trim()) return stdout.trim();
  }
  return '';
}

// The screen as seen from `factor` times further away: every factor-th pixel of every
// factor-th row. Letters a fifth of the screen high (read from across a hall) are runs larger
// than the background limit above, and tesseract reads letters a few dozen pixels high: seen
// from afar they are both.
export function fromAfar(shot, factor) {
  const width = Math.floor(shot.width / factor), height = Math.floor(shot.height / factor);
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; ++y)
    for (let x = 0; x < width; ++x) shot.pixels.copy(pixels, (y * width + x) * 4, y * factor * shot.bytesPerLine + x * factor * 4, y * factor * shot.bytesPerLine + x * factor * 4 + 4);
  return { width, height, bytesPerLine: width * 4, pixels };
}

// The words on the screen, each with its box, in reading order; and all of them as text.
export async function read(shot) {
  const pgm = join(scratch, `screen-${process.pid}.pgm`);
  toPgm(shot, pgm);
  // One thread: tesseract's OpenMP threads spin against each other on a busy 2-core machine
  // (a second of reading became thirty).
  const { stdout } = await run('tesseract', [pgm, '-', '--psm', '11', 'tsv'], {
    maxBuffer: 16 << 20, timeout: 60000, env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
  const words = [];
  for (const line of stdout.split('\n').slice(1)) {
    const f = line.split('\t');
    if (f.length < 12 || f[0] !== '5' || !f[11].trim() || Number(f[10]) < 0) continue;
    words.push({ text: f[11].trim(), x: +f[6], y: +f[7], w: +f[8], h: +f[9], conf: +f[10] });
  }
  return { words, text: words.map((w) => w.text).join(' ') };
}

// Where a word (or a phrase: its words in a row) stands on the screen: its middle. With `all`,
// every place it stands, in reading order.
export function find(seen, phrase, all = false) {
  const want = phrase.toLowerCase().split(/\s+/);
  const norm = (s) => s.toLowerCase().replace(/[’‘]/g, "'").replace(/[^\p{L}\p{N}£.:']/gu, '');
  const places = [];
  for (let i = 0; i + want.length <= seen.words.length; ++i) {
    if (want.every((w, k) => norm(seen.words[i + k].text) === norm(w))) {
      const last = seen.words[i + want.length - 1], first = seen.words[i];
      places.push({ x: Math.round((first.x + last.x + last.w) / 2), y: Math.round(first.y + first.h / 2), h: first.h });
    }
  }
  return all ? places : places[0] || null;
}

export async function tap(display, at) {
  await run('xdotool', ['mousemove', String(at.x), String(at.y), 'click', '1'], { env: { ...process.env, DISPLAY: display }, timeout: 10000 });
}

export async function type(display, text) {
  await run('xdotool', ['type', '--delay', '80', text], { env: { ...process.env, DISPLAY: display }, timeout: 20000 });
}

export async function key(display, name) {
  await run('xdotool', ['key', name], { env: { ...process.env, DISPLAY: display }, timeout: 10000 });
}

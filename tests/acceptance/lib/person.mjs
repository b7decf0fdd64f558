// A person in front of the screen: looks until something is shown, taps on the words they read,
// holds a finger down, types on a keyboard. Each wait keeps the picture it failed on.
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { evidence, eventually, sleep } from './programs.mjs';
import { buttons, capture, find, fromAfar, read, readButton, savePng, tap, type } from './screen.mjs';

const run = promisify(execFile);
let shots = 0;

export class Person {
  constructor(screen) { this.screen = screen; }

  // With `afar`, also read as from across the room (large type), its words after the rest.
  async look({ afar = false } = {}) {
    const shot = capture(this.screen.fb);
    const seen = await read(shot);
    if (afar) {
      // 8 times further on a 1080-line screen: the name's letters about 20 pixels high.
      const far = await read(fromAfar(shot, Math.max(2, Math.round(shot.height / 135))));
      seen.words.push(...far.words);
      seen.text += ' ' + far.text;
    }
    return { shot, seen };
  }

  async #failed(error, last) {
    const path = join(evidence, `screen-${process.pid}-${++shots}.png`);
    if (last) savePng(last.shot, path);
    return new Error(`${error.message}\nscreen saved to ${path}; it read: ${last?.seen.text}`);
  }

  // Until the words on screen match `pattern`; gives the look with its match.
  async untilShown(what, pattern, seconds, { afar = false } = {}) {
    let last;
    try {
      return await eventually(`the screen to show ${what}`, seconds, async () => {
        last = await this.look({ afar });
        const match = last.seen.text.match(pattern);
        return match ? { ...last, match } : null;
      }, 500);
    } catch (error) {
      throw await this.#failed(error, last);
    }
  }

  // Until a pairing code ("483 920 117") can be read off the screen, as a person reads it: in
  // the words of the whole screen or, failing that, on its own plate (a run of bold figures is
  // sometimes misread in a whole-screen read and read right on its own). `context`, when given,
  // must be shown too (e.g. /waiting\s+to\s+be\s+paired/). Gives the code with single spaces.
  async readCode(what, seconds, context = null) {
    const code = /\b(\d{3})\s*(\d{3})\s*(\d{3})\b/;
    let last;
    try {
      return await eventually(`the screen to show ${what}`, seconds, async () => {
        last = await this.look();
        if (context && !context.test(last.seen.text)) return null;
        let match = last.seen.text.match(code);
        for (const button of match ? [] : buttons(last.shot)) {
          match = (await readButton(last.shot, button)).match(code);
          if (match) break;
        }
        return match ? match.slice(1, 4).join(' ') : null;
      }, 500);
    } catch (error) {
      throw await this.#failed(error, last);
    }
  }

  // Until `pattern` is gone for `quietSeconds` in a row (a whole rotation of pages, say).
  async untilGone(what, pattern, seconds, quietSeconds = 13) {
    let last;
    try {
      await eventually(`the screen to stop showing ${what}`, seconds, async () => {
        const end = Date.now() + quietSeconds * 1000;
        while (Date.now() < end) {
          last = await this.look();
          if (pattern.test(last.seen.text)) return false;
          await sleep(700);
        }
        return true;
      }, 0);
    } catch (error) {
      throw await this.#failed(error, last);
    }
  }

  // Where a phrase stands once it is shown: in the words read off the whole screen or, as a
  // person reads a button on its own, on one of the buttons. `pick` chooses among several.
  async whereIs(phrase, seconds = 20, pick = (places) => places[0]) {
    const norm = (s) => s.toLowerCase().replace(/[’‘]/g, "'").replace(/[^\p{L}\p{N}£.:' ]/gu, '').replace(/\s+/g, ' ').trim();
    let last;
    try {
      return await eventually(`the screen to show "${phrase}"`, seconds, async () => {
        last = await this.look();
        const places = find(last.seen, phrase, true);
        if (!places.length)
          for (const button of buttons(last.shot))
            if (norm(await readButton(last.shot, button)) === norm(phrase)) places.push(button.middle);
        return places.length ? pick(places) : null;
      }, 300);
    } catch (error) {
      throw await this.#failed(error, last);
    }
  }

  async tapOn(phrase, seconds = 20, pick) {
    await tap(this.screen.display, await this.whereIs(phrase, seconds, pick));
  }

  // Checks in by name, as anyone would: "Visiting someone", their first name typed, "Check in".
  // Stops with the tap on "Check in"; what the screen says next is the caller's to wait for.
  async checkInByName(name) {
    await this.tapOn('Touch here to check in', 30);
    await this.tapOn('Tell us you\'re here', 10);
    await this.tapOn('Visiting someone', 10);
    await this.untilShown('the name page', /What's\s+your\s+first\s+name/, 10);
    await this.type(name);
    await this.tapOn('Check in', 10);
  }

  async tapAt(at) { await tap(this.screen.display, { x: Math.round(at.x), y: Math.round(at.y) }); }

  async type(text) { await type(this.screen.display, text); }

  // Types on the kiosk's own on-screen keyboard, key by key, where each key is seen (read once):
  // lower-case letters and spaces, as a person taps them.
  async typeOnScreen(text) {
    const { shot } = await this.look();
    const keys = new Map();
    for (const button of buttons(shot)) {
      // A lone letter is sometimes read twice over ("ww" for W): one key has one letter. An
      // accented key above can read as its plain letter; the plain rows come later and win.
      const label = (await readButton(shot, button)).toLowerCase().replace(/^(\p{L})\1+$/u, '$1');
      keys.set(label, button.middle);
    }
    for (const ch of text) {
      const at = keys.get(ch === ' ' ? 'space' : ch);
      if (!at) throw new Error(`no key "${ch}" on the screen's keyboard; keys read: ${[...keys.keys()].join(' ')}`);
      await this.tapAt(at);
      await sleep(120);
    }
  }

  // A finger held down on a point for `ms`, as staff open staff mode by holding the clock.
  async hold(at, ms) {
    const env = { ...process.env, DISPLAY: this.screen.display };
    await run('xdotool', ['mousemove', String(at.x), String(at.y), 'mousedown', '1'], { env, timeout: 10000 });
    await sleep(ms);
    await run('xdotool', ['mouseup', '1'], { env, timeout: 10000 });
  }
}

// A crop frame in the shape of a screen, over the picture's preview: moved with a mouse or a
// finger (pointer events) or with the arrow keys, sized with a slider. It says which part of
// the picture to keep as fractions of the upright picture; the server crops the original after
// turning it upright (POST /media?crop=x,y,width,height), so the photo is oriented once.
import { h, field } from './dom.js';

// [value, label, width / height (0: not cropped)]
/** @type {Array<[string, string, number]>} */
const SHAPES = [['landscape', 'A landscape screen (16:9)', 16 / 9], ['portrait', 'A portrait screen (9:16)', 9 / 16], ['whole', 'The whole picture, not cropped', 0]];
const STEP = 0.02, BIG_STEP = 0.1; // of the picture, per arrow key (with Shift: the big step)

let cropCount = 0;

// Which way up this building's screens stand, from the last screenshot each sent:
// { landscape: [names], portrait: [names] }, filled in as the screenshots load.
export function screenShapes(screens) {
  const known = { landscape: [], portrait: [] };
  for (const screen of screens.filter((s) => s.screenshot_at && !s.revoked)) {
    const probe = new Image();
    probe.onload = () => known[probe.naturalHeight > probe.naturalWidth ? 'portrait' : 'landscape'].push(screen.name);
    probe.src = `/api/admin/screens/${screen.id}/screenshot?at=${screen.screenshot_at}`;
  }
  return known;
}

// `src`: the preview (the picture as the server keeps it, upright); `screens`: what
// screenShapes() found, to name the screens of each shape and start with the portrait shape
// when every screen known stands that way. Returns { element, crop() }, crop() being null for
// the whole picture or { x, y, width, height } in fractions.
export function cropper(src, alt, screens = { landscape: [], portrait: [] }) {
  const id = ++cropCount;
  const named = (value, words) => (screens[value]?.length ? `${words}: ${screens[value].join(', ')}` : words);
  const shape = h('select', { name: 'crop-shape' }, SHAPES.map(([value, words]) => h('option', { value }, named(value, words))));
  if (screens.portrait.length && !screens.landscape.length) shape.value = 'portrait';
  const size = h('input', { type: 'range', name: 'crop-size', min: 30, max: 100, step: 5, value: 100 });
  const help = h('small', { id: `crop-help-${id}`, class: 'quiet' },
    'Drag the frame, or focus it and use the arrow keys (Shift moves further). What is inside the frame is what the screens show.');
  const frame = h('div', { class: 'crop-frame', tabindex: 0, role: 'img', 'aria-roledescription': 'crop frame', 'aria-describedby': help.id });
  const img = h('img', { src, alt });
  const stage = h('div', { class: 'crop-stage' }, img, frame);
  const box = { x: 0, y: 0, width: 1, height: 1 };

  // The largest frame of the chosen shape that fits the picture, times the size slider.
  const fit = () => {
    const ratio = SHAPES.find(([v]) => v === shape.value)[2];
    const picture = img.naturalWidth / img.naturalHeight || 1;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const scale = Number(size.value) / 100;
    if (!ratio) Object.assign(box, { width: 1, height: 1 });
    else if (picture > ratio) Object.assign(box, { width: (ratio / picture) * scale, height: scale });
    else Object.assign(box, { width: scale, height: (picture / ratio) * scale });
    moveTo(centre.x - box.width / 2, centre.y - box.height / 2);
  };
  const moveTo = (x, y) => {
    box.x = Math.min(Math.max(x, 0), 1 - box.width);
    box.y = Math.min(Math.max(y, 0), 1 - box.height);
    Object.assign(frame.style, { left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.width * 100}%`, height: `${box.height * 100}%` });
    const whole = shape.value === 'whole';
    frame.hidden = whole;
    size.disabled = whole;
    const pct = (v) => `${Math.round(v * 100)}%`;
    frame.setAttribute('aria-label', `Crop frame, ${pct(box.width)} wide and ${pct(box.height)} high, ${pct(box.x)} from the left and ${pct(box.y)} from the top`);
  };

  let drag = null;
  frame.addEventListener('pointerdown', (ev) => {
    drag = { id: ev.pointerId, x: ev.clientX, y: ev.clientY, from: { ...box } };
    frame.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  frame.addEventListener('pointermove', (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    const rect = img.getBoundingClientRect();
    moveTo(drag.from.x + (ev.clientX - drag.x) / rect.width, drag.from.y + (ev.clientY - drag.y) / rect.height);
  });
  const stop = () => { drag = null; };
  frame.addEventListener('pointerup', stop);
  frame.addEventListener('pointercancel', stop);
  frame.addEventListener('keydown', (ev) => {
    const step = ev.shiftKey ? BIG_STEP : STEP;
    const by = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[ev.key];
    if (!by) return;
    ev.preventDefault();
    moveTo(box.x + by[0], box.y + by[1]);
  });
  shape.addEventListener('change', fit);
  size.addEventListener('input', fit);
  img.addEventListener('load', fit);
  if (img.complete) fit();

  const element = h('div', { class: 'cropper' },
    h('div', { class: 'row' }, field('Crop to the shape of', shape), field('Frame size', size)), help, stage);
  return { element, crop: () => (shape.value === 'whole' ? null : { ...box }) };
}

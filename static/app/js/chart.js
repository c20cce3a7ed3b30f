// A small SVG chart of Russian-occupied km² through time. The area is
// constant between change days, so it is drawn as steps. A click picks
// the day under the pointer (snapped to a change day nearby).

import { t } from './i18n.js';
import { shortDate, startOfYear, year } from './days.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 340, H = 130, PAD = { l: 40, r: 8, t: 10, b: 20 };
const MAX_DOTS = 200; // more change days than this are drawn as the line alone

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.append(e);
  return e;
}

// niceStep returns a round grid step (1, 2 or 5 × 10^n) for about n lines.
function niceStep(max, n) {
  const raw = max / n, p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * p).find(s => s >= raw);
}

function km(v) {
  return v >= 1000 ? Math.round(v / 1000) + 'k' : String(Math.round(v));
}

export class Chart {
  // points are [{day, value}] sorted by day; onPick(day) is called on a click.
  constructor(host, { min, max, onPick }) {
    this.host = host;
    this.min = min;
    this.max = max;
    this.onPick = onPick;
    this.points = [];
    this.svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('Russian-occupied area over time; click to go to a day') });
    host.replaceChildren(this.svg);
    this.svg.addEventListener('click', e => this.click(e));
    this.svg.addEventListener('pointermove', e => this.hover(e));
    this.svg.addEventListener('pointerleave', () => this.hover(null));
  }

  x(d) { return PAD.l + (d - this.min) / (this.max - this.min) * (W - PAD.l - PAD.r); }
  y(v) { return H - PAD.b - v / this.top * (H - PAD.t - PAD.b); }

  // dayAt returns the day under a pointer event, snapped to a change day
  // within 5 px.
  dayAt(e) {
    const r = this.svg.getBoundingClientRect();
    const sx = (e.clientX - r.left) / r.width * W;
    let d = this.min + (sx - PAD.l) / (W - PAD.l - PAD.r) * (this.max - this.min);
    const near = this.points.reduce((a, p) => Math.abs(this.x(p.day) - sx) < Math.abs(this.x(a.day) - sx) ? p : a, this.points[0]);
    if (near && Math.abs(this.x(near.day) - sx) * r.width / W < 5) d = near.day;
    return Math.max(this.min, Math.min(this.max, Math.round(d)));
  }

  click(e) {
    if (this.points.length) this.onPick(this.dayAt(e));
  }

  hover(e) {
    if (!this.readout) return;
    if (!e || !this.points.length) { this.readout.textContent = ''; return; }
    const d = this.dayAt(e);
    this.readout.textContent = `${shortDate(d)}: ${Math.round(this.valueAt(d)).toLocaleString('en-GB')} km²`;
  }

  valueAt(d) {
    let v = 0;
    for (const p of this.points) if (p.day <= d) v = p.value;
    return v;
  }

  // draw draws the points; cursor marks the current day.
  draw(points) {
    this.points = points;
    const s = this.svg;
    s.replaceChildren();
    const maxV = Math.max(1, ...points.map(p => p.value));
    const step = niceStep(maxV, 3);
    this.top = Math.ceil(maxV * 1.08 / step) * step;
    for (let v = 0; v <= this.top; v += step) {
      el('line', { x1: PAD.l, x2: W - PAD.r, y1: this.y(v), y2: this.y(v), class: 'grid' }, s);
      el('text', { x: PAD.l - 5, y: this.y(v) + 3.5, class: 'axis', 'text-anchor': 'end' }, s).textContent = km(v);
    }
    const span = year(this.max) - year(this.min);
    const every = span > 8 ? 2 : 1;
    for (let y = year(this.min) + 1; y <= year(this.max); y++) {
      const x = this.x(startOfYear(y));
      el('line', { x1: x, x2: x, y1: H - PAD.b, y2: H - PAD.b + 3, class: 'grid' }, s);
      if (y % every === 0) el('text', { x, y: H - 5, class: 'axis', 'text-anchor': 'middle' }, s).textContent = "'" + String(y).slice(2);
    }
    if (points.length) {
      let d = `M${this.x(this.min)},${this.y(0)}`;
      for (const p of points) d += `H${this.x(p.day)}V${this.y(p.value)}`;
      d += `H${this.x(this.max)}`;
      el('path', { d: d + `V${this.y(0)}Z`, class: 'area' }, s);
      el('path', { d, class: 'line' }, s);
      for (const p of points.length <= MAX_DOTS ? points : []) {
        const c = el('circle', { cx: this.x(p.day), cy: this.y(p.value), r: 1.8, class: 'dot' }, s);
        el('title', {}, c).textContent = `${shortDate(p.day)}: ${Math.round(p.value).toLocaleString('en-GB')} km²`;
      }
    }
    this.cursorLine = el('line', { y1: PAD.t - 4, y2: H - PAD.b, class: 'cursor' }, s);
    this.cursorDot = el('circle', { r: 3.5, class: 'cursor-dot' }, s);
    this.readout = el('text', { x: W - PAD.r, y: PAD.t + 2, class: 'readout', 'text-anchor': 'end' }, s);
    if (this.day !== undefined) this.cursor(this.day);
  }

  cursor(d) {
    this.day = d;
    if (!this.cursorLine) return;
    const x = this.x(d);
    this.cursorLine.setAttribute('x1', x);
    this.cursorLine.setAttribute('x2', x);
    this.cursorDot.setAttribute('cx', x);
    this.cursorDot.setAttribute('cy', this.y(this.valueAt(d)));
    this.cursorDot.style.display = this.points.length ? '' : 'none';
  }
}

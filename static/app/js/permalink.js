// The permalink: the day, the view and the compare day live in the URL's
// fragment, e.g. #day=2025-01-20&z=6&lat=48.5&lon=35&before=2024-08-01,
// so a copied URL opens the same map and reloading restores it.

import { iso, parse } from './days.js';

// read returns what the fragment holds; missing or broken values are
// left out.
export function read(hash = location.hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const out = {};
  const day = parse(p.get('day'));
  if (Number.isFinite(day)) out.day = day;
  const before = parse(p.get('before'));
  if (Number.isFinite(before)) out.before = before;
  const z = Number(p.get('z')), lat = Number(p.get('lat')), lon = Number(p.get('lon'));
  if (p.has('z') && p.has('lat') && p.has('lon') && Number.isFinite(z + lat + lon) &&
      z >= 0 && z <= 22 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) {
    out.view = { zoom: z, center: [lon, lat] };
  }
  if (p.get('dataset')) out.dataset = p.get('dataset');
  return out;
}

// format returns the fragment for a state.
export function format({ day, view, before, dataset }) {
  const p = new URLSearchParams();
  p.set('day', iso(day));
  if (view) {
    p.set('z', view.zoom.toFixed(2).replace(/\.?0+$/, ''));
    p.set('lat', view.center[1].toFixed(4));
    p.set('lon', view.center[0].toFixed(4));
  }
  if (Number.isFinite(before)) p.set('before', iso(before));
  if (dataset) p.set('dataset', dataset);
  return '#' + p.toString();
}

// Writer writes the fragment at most every few hundred milliseconds, with
// replaceState so that scrubbing does not fill the history.
export class Writer {
  constructor(delay = 250) {
    this.delay = delay;
    this.timer = 0;
    this.last = location.hash;
  }
  write(state) {
    this.pending = state;
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.delay);
  }
  flush() {
    clearTimeout(this.timer);
    this.timer = 0;
    if (!this.pending) return;
    const h = format(this.pending);
    this.pending = null;
    if (h !== location.hash) history.replaceState(null, '', h);
    this.last = h;
  }
  // mine reports whether the current fragment is the one we wrote last.
  mine() {
    return location.hash === this.last;
  }
}

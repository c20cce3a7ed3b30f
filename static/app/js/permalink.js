// The permalink: the dataset, the day, the view and the compare day live
// in the URL's query, e.g.
//
//   /?dataset=deepstate&day=2025-01-20&z=6&lat=48.5&lon=35&before=2024-08-01
//
// so a copied URL opens the same map and reloading restores it. Older
// links that carry them in the fragment (#day=...) are read too; the query
// wins where both say something.

import { iso, parse } from './days.js';

// read returns what the URL holds; missing or broken values are left out,
// and broken ones are listed in bad (["day=2025-02-30"]).
export function read(loc = location) {
  const p = new URLSearchParams(loc.hash.replace(/^#/, ''));
  for (const [k, v] of new URLSearchParams(loc.search)) p.set(k, v);
  const out = { bad: [] };
  for (const name of ['day', 'before']) {
    if (!p.has(name) || p.get(name) === '') continue;
    const d = parse(p.get(name));
    if (Number.isFinite(d) && iso(d) === p.get(name)) out[name] = d;
    else out.bad.push(`${name}=${p.get(name)}`);
  }
  const z = Number(p.get('z')), lat = Number(p.get('lat')), lon = Number(p.get('lon'));
  if (p.has('z') && p.has('lat') && p.has('lon') && Number.isFinite(z + lat + lon) &&
      z >= 0 && z <= 22 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) {
    out.view = { zoom: z, center: [lon, lat] };
  }
  if (p.get('dataset')) out.dataset = p.get('dataset');
  for (const name of ['embed', 'compare']) if (p.has(name)) out[name] = p.get(name);
  return out;
}

// format returns the query of a state ("?dataset=...&day=...").
export function format({ day, view, before, dataset, extra }) {
  const p = new URLSearchParams();
  if (dataset) p.set('dataset', dataset);
  p.set('day', iso(day));
  if (view) {
    p.set('z', view.zoom.toFixed(2).replace(/\.?0+$/, ''));
    p.set('lat', view.center[1].toFixed(4));
    p.set('lon', view.center[0].toFixed(4));
  }
  if (Number.isFinite(before)) p.set('before', iso(before));
  for (const [k, v] of Object.entries(extra ?? {})) if (v) p.set(k, v);
  return '?' + p.toString();
}

// Writer writes the query at most every few hundred milliseconds, with
// replaceState so that scrubbing does not fill the history; it drops the
// fragment of an older link.
export class Writer {
  constructor(delay = 250) {
    this.delay = delay;
    this.timer = 0;
    this.last = location.search;
  }
  write(state) {
    this.pending = state;
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.delay);
  }
  flush() {
    clearTimeout(this.timer);
    this.timer = 0;
    if (!this.pending) return;
    const q = format(this.pending);
    this.pending = null;
    if (q !== location.search || location.hash) history.replaceState(null, '', location.pathname + q);
    this.last = q;
  }
  // mine reports whether the URL is the one we wrote last.
  mine() {
    return location.search === this.last && !location.hash;
  }
}

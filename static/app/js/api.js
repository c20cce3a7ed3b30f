// Where the app reads: API, the JSON API of a frontline server, or
// StaticAPI, the files of frontline publish on any static host (site.json
// says where). Both answer the same methods with the same shapes.

import { parse, period } from './days.js';

// API reads a frontline server. Every read takes the dataset.
export class API {
  constructor(dataset) {
    this.dataset = dataset || '';
    this.cache = new Map();
  }

  // url returns path with the query q and the dataset.
  url(path, q = {}) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, v);
    if (this.dataset) p.set('dataset', this.dataset);
    const s = p.toString();
    return s ? `${path}?${s}` : path;
  }

  // get fetches the JSON at path?q once and remembers the answer.
  get(path, q) {
    const u = this.url(path, q);
    if (!this.cache.has(u)) {
      const p = fetch(u).then(async r => {
        if (!r.ok) throw new Error(`${u}: ${r.status} ${await r.text()}`);
        return r.json();
      });
      p.catch(() => this.cache.delete(u));
      this.cache.set(u, p);
    }
    return this.cache.get(u);
  }

  // sources are the TileJSON URLs of the temporal tiles of day d's
  // period (/tiles/all.json?period=YYYY-MM: a client filters them by day
  // within it) and of the basemap (/tiles/base: every water feature with
  // its validity).
  sources(d) {
    return { control: this.controlURL(d), basemap: location.origin + '/tiles/base.json' };
  }

  // controlURL is the TileJSON URL of the temporal tiles of d's period.
  controlURL(d) {
    return location.origin + this.url('/tiles/all.json', { period: period(d) });
  }

  // snapshotURL is the server's PNG of a view (q: day, bbox, width, height).
  snapshotURL(q) { return this.url('/snapshot.png', q); }

  timeline() { return this.get('/api/timeline'); }
  datasets() { return this.get('/api/datasets'); }
  regions() { return this.get('/api/regions'); }
  stats(day) { return this.get('/api/stats', { day }); }
  series() { return this.get('/api/series'); }
  diff(from, to) { return this.get('/api/diff', { from, to }); }
  // changesText is the change report between two days as a paragraph in
  // lang (/api/changes?format=text), from the earlier day to the later.
  changesText(a, b, lang) {
    const [from, to] = a <= b ? [a, b] : [b, a];
    const u = this.url('/api/changes', { from, to, format: 'text', lang });
    if (!this.cache.has(u)) {
      const p = fetch(u).then(async r => {
        if (!r.ok) throw new Error(`${u}: ${r.status} ${await r.text()}`);
        return (await r.text()).trim();
      });
      p.catch(() => this.cache.delete(u));
      this.cache.set(u, p);
    }
    return this.cache.get(u);
  }
  articles(region) { return this.get('/api/articles', { region }); }
  history(slug) { return this.get(`/api/regions/${encodeURIComponent(slug)}/history`); }
  // point is what holds [lon, lat] on day (/api/point), pointHistory its
  // changes of hands (/api/point/history).
  point(lon, lat, day) { return this.get('/api/point', { lat: lat.toFixed(5), lon: lon.toFixed(5), day }); }
  pointHistory(lon, lat) { return this.get('/api/point/history', { lat: lat.toFixed(5), lon: lon.toFixed(5) }); }
  // places are the towns whose names match q (/api/places).
  places(q, limit) { return this.get('/api/places', { q, limit }); }
}

// StaticAPI reads a published site: the archives through the pmtiles://
// protocol, the JSON under site.data. There is one dataset, and no
// server to draw snapshots or measure diffs: diff compares the day's
// published figures (net change only).
export class StaticAPI {
  static = true;

  // site is site.json; base the URL its paths are relative to.
  constructor(site, base) {
    this.site = site;
    this.dataset = '';
    this.base = base;
    this.dataURL = new URL(site.data || 'data/', base);
    this.cache = new Map();
  }

  get(rel) {
    const u = new URL(rel, this.dataURL).href;
    if (!this.cache.has(u)) {
      const p = fetch(u).then(async r => {
        if (!r.ok) throw new Error(`${u}: ${r.status}`);
        return r.json();
      });
      p.catch(() => this.cache.delete(u));
      this.cache.set(u, p);
    }
    return this.cache.get(u);
  }

  // sources are the archives of the temporal tiles of day d's period and
  // of the basemap.
  sources(d) {
    return { control: this.controlURL(d), basemap: this.abs(this.site.basemap || 'basemap.pmtiles') };
  }

  abs(p) { return 'pmtiles://' + new URL(p, this.base).href; }

  // controlURL is the archive of d's period (site.periods): the latest
  // listed that starts no later than d's, else the first; a site without
  // periods has one archive of the whole history (site.control).
  controlURL(d) {
    const ps = this.site.periods;
    const names = Object.keys(ps?.archives ?? {}).sort();
    if (!names.length) return this.abs(this.site.control || 'control.pmtiles');
    const want = period(d, ps.months || undefined);
    let name = names[0];
    for (const n of names) if (n <= want) name = n;
    return this.abs(ps.archives[name]);
  }

  snapshotURL() { return null; }

  timeline() { return this.get('timeline.json'); }
  datasets() { return this.get('datasets.json'); }
  regions() { return this.get('regions.json'); }
  stats(day) { return this.get(`stats/${day}.json`); }
  series() { return this.get('series.json'); }
  // A published site answers no point: the popup leaves it out.
  point() { return Promise.resolve(null); }
  pointHistory() { return Promise.resolve(null); }
  // A published site has no shapes to compare: no change report.
  changesText() { return Promise.resolve(null); }
  history(slug) { return this.get(`history/${encodeURIComponent(slug)}.json`); }
  async articles(region) {
    const all = await this.get('articles.json');
    return all.filter(a => (a.regions ?? []).includes(region));
  }

  // diff is the net change of the area each side holds between two days,
  // from the figures of the change days in force on each; gained and lost
  // (which need the shapes) are null.
  async diff(from, to) {
    const days = (await this.timeline()).days.map(d => d.day);
    const held = async day => {
      const d = parse(day);
      let g = '';
      for (const c of days) { if (parse(c) > d) break; g = c; }
      const out = { ru: 0, ua: 0 };
      if (!g) return out;
      for (const f of (await this.stats(g)).figures ?? []) {
        if (f.side in out && ['occupied', 'liberated', 'contested'].includes(f.status)) out[f.side] += f.area_km2;
      }
      return out;
    };
    const [b, a] = await Promise.all([held(from), held(to)]);
    return {
      from, to, net_only: true,
      changes: ['ru', 'ua'].map(side => ({ side, before_km2: b[side], after_km2: a[side], gained_km2: null, lost_km2: null })),
    };
  }
}

// pool runs fn over items with at most n calls in flight.
export async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

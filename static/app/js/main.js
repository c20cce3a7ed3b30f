// main starts the app: the map of our temporal vector tiles, filtered by
// day in the browser (map.js), the timeline, the panel and the permalink.
//
// window.frontline exposes the state to tests and to the console:
// {ready, day, asOf, noData, map, features, setDay(iso), drawn, figuresDay, prefetched, chartPoints, timings: {firstIdle, redraws}}.
// figuresDay is the change day whose figures the panel shows; prefetched
// turns true once the figures of the days near the first one are loaded;
// chartPoints is the number of change days the chart drew (once drawn).
// drawn turns false when the day changes and true at the map's next idle;
// asOf is the last observed day of the dataset when the day lies after it
// (the map shown is that day's), else ''; noData is its first observed day
// when the day lies before it (there is no map of that day), else ''.

import { API, StaticAPI, pool } from './api.js';
import { lang, setLang, t, translatePage } from './i18n.js';
import { Chart } from './chart.js';
import * as dataset from './dataset.js';
import { iso, parse, shortDate, today } from './days.js';
import { Labels } from './labels.js';
import { DayMap } from './map.js';
import { Panel, h } from './panel.js';
import * as permalink from './permalink.js';
import { popupContent } from './popup.js';
import { pointSection } from './point.js';
import { build } from './style.js';
import { Search } from './search.js';
import { Timeline } from './timeline.js';

const PREFETCH_DAYS = 31; // figures fetched ahead for change days this near the first day shown

const fl = window.frontline = { ready: false, day: '', asOf: '', noData: '', drawn: false, timings: { firstIdle: NaN, redraws: [] } };

class App {
  // data holds the answers of /api/timeline, /api/regions and /api/datasets.
  constructor(maplibregl, api, link, data) {
    this.api = api;
    this.embed = !!link.embed && link.embed !== '0';
    const names = new Map(data.regions.map(r => [r.slug, r.name]));
    this.regionName = slug => names.get(slug) ?? slug;
    this.articles = [...(data.timeline.articles ?? [])].sort((a, b) => b.published.localeCompare(a.published) || b.id - a.id);
    this.changes = (data.timeline.days ?? []).map(d => parse(d.day)).filter(Number.isFinite).sort((a, b) => a - b);
    this.meta = dataset.current(data.datasets, link.dataset);
    this.lastObserved = dataset.lastObserved(this.meta); // NaN when unknown
    this.firstObserved = dataset.firstObserved(this.meta); // NaN when unknown
    const first = this.changes[0] ?? today() - 365;
    let last = this.changes.at(-1) ?? today();
    if (Number.isFinite(this.lastObserved)) last = Math.max(last, this.lastObserved);
    const margin = Math.max(14, Math.round((last - first) * 0.02));
    this.min = first - margin;
    this.max = last + margin;
    this.state = {
      day: this.clamp(link.day ?? last),
      before: Number.isFinite(link.before) ? this.clamp(link.before) : NaN,
      dataset: link.dataset ?? '',
      selected: '',
    };

    // The dataset's credit (from /api/datasets) goes in MapLibre's
    // attribution control (folded) and stands on the map (#credit).
    const credit = dataset.creditHTML(this.meta);
    // The credit also stands on the map, always visible.
    document.getElementById('credit').innerHTML = [credit, 'Natural Earth', 'GeoNames'].filter(Boolean).join(' · ');
    document.getElementById('footer-control').textContent = dataset.controlCredit(this.meta, t);
    const src = api.sources(this.state.day);
    const beforeJSON = Number.isFinite(this.state.before) ? api.controlURL(this.state.before) : src.control;
    const { style, dynamic } = build(src.control, src.basemap, this.state.day, this.state.before, credit, beforeJSON);
    this.map = new DayMap(maplibregl, {
      style, dynamic, control: d => api.controlURL(d), view: link.view ?? null, front: data.front, day: this.state.day, before: this.state.before,
      timings: fl.timings, onIdle: first => this.idle(first),
    });
    fl.map = this.map.map;
    this.labels = fl.labels = new Labels(this.map.map, maplibregl.Marker,
      this.map.fillIDs.filter(id => /-(occupied|contested)-fill$/.test(id)));
    if (data.compare) this.sideBySide(maplibregl, data.compare, link);
    this.search = new Search(document.getElementById('place-search'), api, this.map.map, t, p => { fl.flewTo = p.name; });
    this.popup = new maplibregl.Popup({ maxWidth: '320px', focusAfterOpen: false });

    this.panel = new Panel(document.getElementById('panel'), {
      regionName: this.regionName,
      onRegion: slug => this.selectRegion(slug, null, true),
      onDay: d => this.timeline.set(this.clamp(d)),
    });
    this.chart = new Chart(document.getElementById('chart'), {
      min: this.min, max: this.max, onPick: d => { this.timeline.pause(); this.timeline.set(d); },
    });
    this.timeline = new Timeline(document.getElementById('timeline'), {
      min: this.min, max: this.max, changes: this.changes, onDay: d => this.setDay(d),
    });
    this.timeline.set(this.state.day, true);
    this.writer = new permalink.Writer();
    this.wire(data.datasets);
    fl.setDay = s => this.timeline.set(this.clamp(parse(s)));
    fl.day = iso(this.state.day);
    this.showDay();
    if (Number.isFinite(this.state.before)) this.setBefore(this.state.before);
    this.drawChart().catch(err => console.warn('chart', err));
  }

  clamp(d) {
    return Math.max(this.min, Math.min(this.max, d));
  }

  wire(datasets) {
    const map = this.map.map;
    map.on('moveend', () => { this.snapshotLink(); this.writeLink(); });
    map.on('click', e => this.click(e));
    for (const id of this.map.fillIDs) {
      map.on('mouseenter', id, () => { map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', id, () => { map.getCanvas().style.cursor = ''; });
    }
    document.getElementById('selection-close').addEventListener('click', () => { this.popup.remove(); this.selectRegion(''); });
    window.addEventListener('hashchange', () => this.hashChanged());
    this.wireCompare();
    this.wireDatasets(datasets);
    this.wireCopy();
    this.wireSnapshot();
  }

  idle(first) {
    if (first) {
      this.prefetchFigures();
      fl.features = this.map.features;
      fl.ready = true;
      document.body.classList.add('ready');
    }
    fl.drawn = true;
  }

  writeLink() {
    const { day, before, dataset } = this.state;
    const view = this.map.view();
    this.writer.write({ day, view, before, dataset, extra: { embed: this.embed ? '1' : '', compare: this.compare ?? '' } });
    // In an embed, a link to the same map with the panel.
    if (this.embed) document.getElementById('embed-link').href = location.pathname + permalink.format({ day, view, before, dataset });
  }

  // setDay is the timeline's choice of a day.
  setDay(d) {
    this.state.day = d;
    fl.day = iso(d);
    fl.drawn = false;
    this.map.setDay(d);
    this.map2?.setDay(d);
    this.map.map.once('idle', () => this.labels.later()); // towns near the day's front
    this.showDay();
  }

  // sideBySide shows a second dataset (?compare=NAME) on the same day in
  // a second map beside the first, the two views moving together.
  sideBySide(maplibregl, { api, meta }, link) {
    document.getElementById('map2-title').textContent = meta.title || meta.name;
    const credit = dataset.creditHTML(meta);
    document.getElementById('credit2').innerHTML = [credit, 'Natural Earth', 'GeoNames'].filter(Boolean).join(' · ');
    const src = api.sources(this.state.day);
    const { style, dynamic } = build(src.control, src.basemap, this.state.day, NaN, credit);
    const m1 = this.map.map;
    this.map2 = new DayMap(maplibregl, {
      style, dynamic, control: d => api.controlURL(d), view: { center: m1.getCenter().toArray(), zoom: m1.getZoom() }, day: this.state.day, before: NaN,
      timings: { firstIdle: NaN, redraws: [] }, onIdle: () => {}, container: 'map2',
    });
    const m2 = this.map2.map;
    this.compare = meta.name;
    fl.map2 = m2;
    fl.compare = meta.name;
    let syncing = false;
    const follow = (from, to) => () => {
      if (syncing) return;
      syncing = true;
      to.jumpTo({ center: from.getCenter(), zoom: from.getZoom() });
      syncing = false;
    };
    m1.on('move', follow(m1, m2));
    m2.on('move', follow(m2, m1));
  }

  showDay() {
    const d = this.state.day;
    this.panel.day(d);
    document.getElementById('stamp-date').textContent = this.panel.$('#day-long').textContent.replace(/^\w+, /, '');
    this.showAsOf(d);
    this.panel.articles(d, this.articles);
    this.chart.cursor(d);
    this.figures(d);
    this.snapshotLink();
    this.writeLink();
    if (Number.isFinite(this.state.before)) this.diffLater();
  }

  // showAsOf says, for a day after the dataset's last observed day, that
  // the map shown is that day's, and for a day before its first observed
  // day, that there is no data (an empty map is not a map without
  // occupation): on the map's stamp and in the panel.
  showAsOf(d) {
    const last = this.lastObserved, past = Number.isFinite(last) && d > last;
    const first = this.firstObserved, before = Number.isFinite(first) && d < first;
    fl.asOf = past ? iso(last) : '';
    fl.noData = before ? iso(first) : '';
    const stamp = document.getElementById('stamp-asof');
    stamp.hidden = !past && !before;
    stamp.textContent = before ? t('no data before {day}', { day: shortDate(first) })
      : past ? t('map as of {day}', { day: shortDate(last) }) : '';
    if (before) this.panel.noData(first);
    else this.panel.asOf(past ? last : NaN);
  }

  // figures shows km² for day d. They only change on change days, so the
  // stats of the last change day on or before d are those of d.
  async figures(d) {
    if (fl.noData) { this.panel.figures(null, t('No data before {day}.', { day: shortDate(this.firstObserved) })); fl.figuresDay = ''; return; }
    let g = NaN;
    for (const c of this.changes) { if (c > d) break; g = c; }
    if (!Number.isFinite(g)) { this.panel.figures(null); fl.figuresDay = ''; return; }
    try {
      const st = await this.api.stats(iso(g));
      if (this.state.day === d) { this.panel.figures(st); fl.figuresDay = iso(g); }
    } catch (err) {
      console.warn('stats', err);
    }
  }

  // prefetchFigures fetches, once the first map is drawn, the figures that
  // hold within a month of the day (of each change day from the one in
  // force a month before to the last within a month after), so that
  // scrubbing around it shows them at once (and reads nothing more from a
  // static host).
  prefetchFigures() {
    const d = this.state.day, cs = this.changes;
    const near = cs.filter((c, i) => c <= d + PREFETCH_DAYS && (i + 1 === cs.length || cs[i + 1] > d - PREFETCH_DAYS));
    pool(near, 2, c => this.api.stats(iso(c)).catch(() => null)).then(() => { fl.prefetched = true; });
  }

  // drawChart draws Russian-occupied km² on every change day, from the
  // figures of all of them in one request (/api/series).
  async drawChart() {
    const series = await this.api.series();
    const points = (series.days ?? []).map(d => {
      const f = d.figures?.find(f => f.side === 'ru' && f.status === 'occupied');
      return { day: parse(d.day), value: f ? f.area_km2 : 0 };
    });
    this.chart.draw(points);
    fl.chartPoints = points.length;
  }

  // snapshotLink points the download button at the snapshot of the view;
  // on a static site (no server to draw it) the button saves the map's
  // canvas instead (wireSnapshot).
  snapshotLink() {
    const a = document.getElementById('snapshot');
    a.href = this.api.snapshotURL({ day: iso(this.state.day), bbox: this.map.bbox(), width: 1200, height: 800 }) ?? '#';
    a.download = `frontline-${iso(this.state.day)}.png`;
  }

  wireSnapshot() {
    if (!this.api.static) return;
    const a = document.getElementById('snapshot'), map = this.map.map;
    a.addEventListener('click', e => {
      e.preventDefault();
      // The drawing buffer is only whole during a render: read it there.
      map.once('render', () => {
        const l = document.createElement('a');
        l.href = map.getCanvas().toDataURL('image/png');
        l.download = a.download;
        l.click();
      });
      map.triggerRepaint();
    });
  }

  wireCompare() {
    const on = document.getElementById('compare-on'), input = document.getElementById('before');
    input.min = iso(this.min);
    input.max = iso(this.max);
    on.addEventListener('change', () => {
      if (!on.checked) { this.setBefore(NaN); return; }
      const typed = parse(input.value);
      this.setBefore(Number.isFinite(typed) ? this.clamp(typed) : this.defaultBefore());
    });
    input.addEventListener('change', () => {
      const b = parse(input.value);
      if (Number.isFinite(b)) this.setBefore(this.clamp(b));
    });
  }

  // defaultBefore is the change before the day, or a month earlier.
  defaultBefore() {
    const d = this.state.day, p = this.timeline.prevChange(d);
    return p < d ? p : this.clamp(d - 30);
  }

  // setBefore compares the day with day b, or stops comparing if b is NaN.
  setBefore(b) {
    this.state.before = b;
    document.getElementById('compare-on').checked = Number.isFinite(b);
    if (Number.isFinite(b)) document.getElementById('before').value = iso(b);
    this.map.setBefore(b);
    this.panel.compareLegend(b);
    if (Number.isFinite(b)) this.diffLater();
    else this.panel.diff(0, 0, null);
    this.writeLink();
  }

  diffLater() {
    clearTimeout(this.diffTimer);
    this.diffTimer = setTimeout(async () => {
      const { before: b, day: d } = this.state;
      if (!Number.isFinite(b)) return;
      try {
        const [report, text] = await Promise.all([this.api.diff(iso(b), iso(d)),
          this.api.changesText(iso(b), iso(d), lang).catch(err => { console.warn('changes', err); return null; })]);
        if (this.state.before === b && this.state.day === d) this.panel.diff(b, d, report, text);
      } catch (err) {
        console.warn('diff', err);
      }
    }, 150);
  }

  // click shows what is held under the pointer and selects its region.
  click(e) {
    const feats = this.map.featuresAt(e.point);
    const { lng, lat } = e.lngLat;
    const point = pointSection(this.api.point(lng, lat, iso(this.state.day)), this.api.pointHistory(lng, lat));
    if (!feats.length) { this.popup.setLngLat(e.lngLat).setDOMContent(point).addTo(this.map.map); this.selectRegion(''); return; }
    const { body, showArticles } = popupContent(feats, this.regionName, this.state.day,
      slug => this.api.history(slug).then(hist => hist?.versions ?? []));
    body.prepend(point);
    this.popup.setLngLat(e.lngLat).setDOMContent(body).addTo(this.map.map);
    this.selectRegion(feats[0].region, feats[0], false).then(as => { if (as) showArticles(as); });
  }

  // selectRegion outlines a region and shows it in the panel; fit moves
  // the map to it. It returns the region's articles.
  async selectRegion(slug, feature = null, fit = false) {
    this.state.selected = slug;
    this.map.select(slug);
    if (!slug) { this.panel.selection(null); return null; }
    const day = this.state.day;
    this.panel.selection({ slug, feature, day });
    const [hist, arts] = await Promise.all([this.api.history(slug).catch(() => null), this.api.articles(slug).catch(() => [])]);
    if (this.state.selected !== slug) return null;
    const versions = hist?.versions ?? [];
    this.panel.selection({ slug, feature, day, history: versions, articles: arts });
    if (fit && versions.length) {
      this.map.fit(versions.reduce((b, v) => [Math.min(b[0], v.bbox[0]), Math.min(b[1], v.bbox[1]),
        Math.max(b[2], v.bbox[2]), Math.max(b[3], v.bbox[3])], [180, 90, -180, -90]));
    }
    if (fit) document.getElementById('selection').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    return arts;
  }

  // hashChanged follows a fragment typed or pasted into the address bar
  // (an older link's #day=...).
  hashChanged() {
    if (!location.hash) return;
    const l = permalink.read({ search: '', hash: location.hash });
    if (!this.api.static && (l.dataset ?? '') !== this.state.dataset) { location.reload(); return; }
    if (l.view) this.map.map.jumpTo(l.view);
    if (l.day !== undefined) this.timeline.set(this.clamp(l.day));
    const b = l.before ?? NaN;
    if (!Object.is(b, this.state.before)) this.setBefore(Number.isFinite(b) ? this.clamp(b) : NaN);
  }

  // wireDatasets offers the datasets when there is a choice.
  wireDatasets(datasets) {
    if (!(datasets?.datasets?.length > 1)) return;
    const sel = document.getElementById('dataset');
    const current = this.state.dataset || datasets.default;
    sel.replaceChildren(...datasets.datasets.map(d => h('option', { value: d.name, selected: d.name === current }, d.title || d.name)));
    sel.parentElement.hidden = false;
    sel.addEventListener('change', () => {
      this.writer.flush();
      const dataset = sel.value === datasets.default ? '' : sel.value;
      location.search = permalink.format({ day: this.state.day, view: this.map.view(), dataset });
    });
  }

  wireCopy() {
    const copy = document.getElementById('copy-link');
    copy.hidden = !navigator.clipboard;
    copy.addEventListener('click', async () => {
      this.writer.flush();
      try {
        await navigator.clipboard.writeText(location.href);
        copy.textContent = t('Copied');
      } catch {
        copy.textContent = t('Copy failed');
      }
      setTimeout(() => { copy.textContent = t('Copy link'); }, 1500);
    });
  }
}

async function main() {
  translatePage();
  const langSel = document.getElementById('lang');
  langSel.value = lang;
  langSel.addEventListener('change', () => setLang(langSel.value));
  const link = permalink.read();
  let maplibregl;
  try {
    maplibregl = await import('../vendor/maplibre-gl/maplibre-gl.mjs');
  } catch (err) {
    fail('The map library is missing from this build: run "npm ci" in static/ (make run and make test do it) and build again.', err);
    return;
  }
  let api, compare = null, known = null; // known: /api/datasets, once fetched
  const notes = link.bad.map(b => `“${b}” is not a day of the calendar: showing the latest day instead.`);
  if (document.querySelector('meta[name="frontline-mode"]')?.content === 'static') {
    // A site of frontline publish: no server, one dataset.
    api = await staticAPI(maplibregl);
    const ds = known = await api.datasets();
    if (link.dataset && link.dataset !== ds.default) notes.push(`This site publishes one dataset, ${dataset.current(ds)?.title || ds.default}: showing it instead of “${link.dataset}”.`);
    link.dataset = undefined;
    document.body.classList.add('static-site');
    for (const el of document.querySelectorAll('.server-only')) el.hidden = true;
  } else {
    // An unknown dataset in the link falls back to the default, saying so.
    const ds = known = await new API('').datasets().catch(() => null);
    if (link.dataset && ds && !ds.datasets.some(d => d.name === link.dataset)) {
      notes.push(`There is no dataset “${link.dataset}”: showing ${dataset.current(ds)?.title || ds.default} instead.`);
      link.dataset = undefined;
    }
    api = new API(link.dataset === ds?.default ? '' : link.dataset);
    // ?compare=NAME: a second dataset beside the first.
    if (link.compare) {
      const meta = ds?.datasets.find(d => d.name === link.compare);
      if (meta) compare = { api: new API(meta.name), meta };
      else notes.push(`There is no dataset “${link.compare}” to compare with.`);
    }
  }
  notice(notes);
  // Embed mode: the map and the timeline alone, for an iframe.
  if (link.embed && link.embed !== '0') document.body.classList.add('embed');
  const [timeline, regions, datasets] = await Promise.all([api.timeline(), api.regions(), known ?? api.datasets().catch(() => null)]);
  // The first view fits the front of the first day shown: the bound of
  // the ground held on its change day (the stats' bbox).
  let front = null;
  if (!link.view) {
    const days = (timeline.days ?? []).map(d => parse(d.day)).filter(Number.isFinite).sort((a, b) => a - b);
    let g = NaN;
    for (const c of days) { if (c > (link.day ?? Infinity)) break; g = c; }
    if (Number.isFinite(g)) front = (await api.stats(iso(g)).catch(() => null))?.bbox ?? null;
  }
  if (compare) document.getElementById('map2').hidden = false; // before the first map takes its size
  new App(maplibregl, api, link, { timeline, regions, datasets, front, compare });
}

// staticAPI reads site.json and registers the pmtiles:// protocol.
async function staticAPI(maplibregl) {
  const r = await fetch('site.json');
  if (!r.ok) throw new Error(`site.json: ${r.status}`);
  const site = await r.json();
  await new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = 'vendor/pmtiles/pmtiles.js';
    s.onload = resolve;
    s.onerror = () => reject(new Error('vendor/pmtiles/pmtiles.js did not load'));
    document.head.append(s);
  });
  const protocol = new window.pmtiles.Protocol();
  maplibregl.addProtocol('pmtiles', protocol.tile);
  return new StaticAPI(site, location.href);
}

// notice shows what the link asked for and could not have, over the map,
// until clicked or for ten seconds.
function notice(lines) {
  const box = document.getElementById('notice');
  if (!lines.length) return;
  box.textContent = lines.join(' ');
  box.hidden = false;
  const hide = () => { box.hidden = true; };
  box.addEventListener('click', hide, { once: true });
  setTimeout(hide, 10000);
}

function fail(msg, err) {
  const box = document.getElementById('boot-error');
  box.textContent = msg;
  box.hidden = false;
  if (err) console.warn(err);
}

main().catch(err => fail(t('The map could not start: ') + err.message, err));

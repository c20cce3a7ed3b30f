// Place labels as HTML over the map: MapLibre's own text needs glyph
// files, and we load nothing from elsewhere. The dots are a circle layer
// (style.js); here each visible place gets a name beside its dot, larger
// places first, skipping a label that would overlap one already placed.

import { t } from './i18n.js';
import { PLACE_ZOOM } from './style.js';

// RIVERS are the rivers of this front that get a name on the map, from
// the zoom given.
const RIVERS = { 'Dnipro': 4, 'Siverskyi Donets': 6, 'Oskil': 6.5, 'Desna': 6 };


// NEAR_FRONT: a small town (rank 4) within this many pixels of ground
// held or contested on the day is labelled from NEAR_ZOOM, before the
// other small towns (from zoom 9): the towns in the news are near the
// front, and the front moves with the day.
const NEAR_FRONT = 24;
const NEAR_ZOOM = 7.5;

export class Labels {
  // frontLayers are the ids of the fill layers of held and contested
  // ground; call later() when the day changes.
  constructor(map, Marker, frontLayers = []) {
    this.map = map;
    this.Marker = Marker;
    this.frontLayers = frontLayers;
    this.shown = new Map(); // name → marker
    this.timer = 0;
    this.later = () => { clearTimeout(this.timer); this.timer = setTimeout(() => this.update(), 60); };
    map.on('moveend', this.later);
    map.on('sourcedata', e => { if (e.sourceId === 'basemap' && e.isSourceLoaded) this.later(); });
  }

  // nearFront reports whether the front line of the day passes within
  // NEAR_FRONT px of the point pt: of the point and the eight around it at
  // that distance, some are on held or contested ground and some on land
  // that is not (a coast is no front).
  nearFront(pt) {
    const layers = this.frontLayers.filter(id => this.map.getLayer(id));
    const map = this.map, r = NEAR_FRONT;
    // One box query rules out the towns far from any held ground.
    if (!layers.length || !map.queryRenderedFeatures([[pt.x - r, pt.y - r], [pt.x + r, pt.y + r]], { layers }).length) return false;
    let held = false, free = false;
    for (const dx of [-r, 0, r]) {
      for (const dy of [-r, 0, r]) {
        const p = [pt.x + dx, pt.y + dy];
        if (map.queryRenderedFeatures(p, { layers }).length) held = true;
        else if (map.queryRenderedFeatures(p, { layers: ['land'] }).length && !map.queryRenderedFeatures(p, { layers: ['water-area'] }).length) free = true;
        if (held && free) return true;
      }
    }
    return false;
  }

  update() {
    const map = this.map, z = map.getZoom();
    const seen = new Map();
    const { clientWidth: cw, clientHeight: ch } = map.getContainer();
    for (const f of map.querySourceFeatures('basemap', { sourceLayer: 'places' })) {
      const name = f.properties.name, rank = f.properties.rank;
      if (!name || seen.has(name)) continue;
      let order = rank;
      if (z < PLACE_ZOOM[rank - 1]) {
        // A small town near the day's front comes before the others.
        if (rank !== 4 || z < NEAR_ZOOM) continue;
        const pt = map.project(f.geometry.coordinates);
        if (pt.x < 0 || pt.y < 0 || pt.x > cw || pt.y > ch || !this.nearFront(pt)) continue;
        order = 3.5;
      }
      seen.set(name, { name, rank, order, pop: f.properties.population ?? 0, at: f.geometry.coordinates });
    }
    const places = [...seen.values()].sort((a, b) => a.order - b.order || b.pop - a.pop || a.name.localeCompare(b.name));
    const keep = new Map();
    const { clientWidth: w, clientHeight: h } = map.getContainer();
    // What stands over the map (the date stamp, the controls, the credit)
    // is taken: no label goes under it.
    const origin = map.getContainer().getBoundingClientRect();
    const boxes = [...document.querySelectorAll('#stamp, #credit, .maplibregl-ctrl')].map(e => e.getBoundingClientRect())
      .filter(r => r.width > 0 && r.height > 0)
      .map(r => [r.left - origin.left - 2, r.top - origin.top - 2, r.right - origin.left + 2, r.bottom - origin.top + 2]);
    for (const p of places) {
      const pt = map.project(p.at);
      if (pt.x < 0 || pt.y < 0 || pt.x > w || pt.y > h) continue;
      const size = [13, 11.5, 10.5, 10][p.rank - 1];
      const box = [pt.x - 4, pt.y - size * 0.7, pt.x + 8 + p.name.length * size * 0.58, pt.y + size * 0.7];
      if (boxes.some(b => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      boxes.push(box);
      keep.set(p.name, p);
    }
    // Rivers last: one label each, at the point of its course in view
    // nearest the middle of the map, where no place label is.
    const rivers = new Map();
    for (const f of map.querySourceFeatures('basemap', { sourceLayer: 'water' })) {
      const name = f.properties.name;
      if (f.properties.kind !== 'river' || !(name in RIVERS) || z < RIVERS[name]) continue;
      const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const l of lines) {
        for (const at of l) {
          const pt = map.project(at), d = Math.hypot(pt.x - w / 2, pt.y - h / 2);
          if (pt.x < 20 || pt.y < 20 || pt.x > w - 20 || pt.y > h - 20) continue;
          if (!rivers.has(name) || d < rivers.get(name).d) rivers.set(name, { name, at, pt, d });
        }
      }
    }
    for (const r of rivers.values()) {
      const text = t(r.name), size = 11;
      const box = [r.pt.x - text.length * size * 0.3, r.pt.y - size, r.pt.x + text.length * size * 0.3, r.pt.y + size];
      if (boxes.some(b => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      boxes.push(box);
      keep.set('river:' + r.name, { name: text, at: r.at, river: true });
    }
    for (const [name, m] of this.shown) {
      const k = keep.get(name);
      if (!k || m.at[0] !== k.at[0] || m.at[1] !== k.at[1]) { m.remove(); this.shown.delete(name); }
    }
    for (const [name, p] of keep) {
      if (this.shown.has(name)) continue;
      const el = document.createElement('div');
      el.className = p.river ? 'river-label' : `place-label rank-${p.rank}`;
      el.textContent = p.name;
      const m = p.river ? new this.Marker({ element: el, anchor: 'center' }) : new this.Marker({ element: el, anchor: 'left', offset: [5, 0] });
      m.setLngLat(p.at).addTo(this.map);
      m.at = p.at;
      this.shown.set(name, m);
    }
  }
}

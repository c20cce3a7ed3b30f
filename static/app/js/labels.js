// Place labels as HTML over the map: MapLibre's own text needs glyph
// files, and we load nothing from elsewhere. The dots are a circle layer
// (style.js); here each visible place gets a name beside its dot, larger
// places first, skipping a label that would overlap one already placed.

import { PLACE_ZOOM } from './style.js';


export class Labels {
  constructor(map, Marker) {
    this.map = map;
    this.Marker = Marker;
    this.shown = new Map(); // name → marker
    this.timer = 0;
    const later = () => { clearTimeout(this.timer); this.timer = setTimeout(() => this.update(), 60); };
    map.on('moveend', later);
    map.on('sourcedata', e => { if (e.sourceId === 'basemap' && e.isSourceLoaded) later(); });
  }

  update() {
    const map = this.map, z = map.getZoom();
    const seen = new Map();
    for (const f of map.querySourceFeatures('basemap', { sourceLayer: 'places' })) {
      const name = f.properties.name, rank = f.properties.rank;
      if (!name || z < PLACE_ZOOM[rank - 1] || seen.has(name)) continue;
      seen.set(name, { name, rank, at: f.geometry.coordinates });
    }
    const places = [...seen.values()].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
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
      const size = [13, 11.5, 10.5][p.rank - 1];
      const box = [pt.x - 4, pt.y - size * 0.7, pt.x + 8 + p.name.length * size * 0.58, pt.y + size * 0.7];
      if (boxes.some(b => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      boxes.push(box);
      keep.set(p.name, p);
    }
    for (const [name, m] of this.shown) {
      if (!keep.has(name)) { m.remove(); this.shown.delete(name); }
    }
    for (const [name, p] of keep) {
      if (this.shown.has(name)) continue;
      const el = document.createElement('div');
      el.className = `place-label rank-${p.rank}`;
      el.textContent = name;
      const m = new this.Marker({ element: el, anchor: 'left', offset: [5, 0] }).setLngLat(p.at).addTo(this.map);
      this.shown.set(name, m);
    }
  }
}

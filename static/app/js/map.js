// DayMap is the MapLibre map of the app: the style of style.js over our
// temporal vector tiles of the day's period, whose control layers follow
// the day through setFilter, so that a change of day within a period
// redraws from the tiles the browser has (no new tile requests); a day in
// another period points the source at that period's tiles (setUrl).

import { patternImage } from './style.js';

const UKRAINE = [[22.1, 44.3], [40.6, 52.4]];
// BASEMAP is how far the basemap reaches (tiles.BasemapBounds): the map
// does not pan or zoom out past it into nothing.
const BASEMAP = [[12, 38], [50, 60]];

export class DayMap {
  // maplibregl is the library; style and dynamic come from style.build;
  // view ({center, zoom}) may be null: then the map fits front ([west,
  // south, east, north], the day's held ground) or else Ukraine; timings
  // receives firstIdle and redraws (ms); control(d) is the URL of the
  // temporal tiles of d's period (api.controlURL).
  constructor(maplibregl, { style, dynamic, control, view, front, day, before, timings, onIdle, container = 'map' }) {
    this.dynamic = dynamic;
    this.control = control;
    this.urls = { frontline: style.sources.frontline.url, 'frontline-before': style.sources['frontline-before'].url };
    this.day = day;
    this.before = before;
    this.timings = timings;
    this.onIdle = onIdle; // called with true at the first idle, then with false
    this.styleReady = false;
    this.redrawFrom = 0;
    this.fillIDs = dynamic.filter(l => l.layer.type === 'fill' && l.layer.source === 'frontline').map(l => l.layer.id);
    const map = this.map = new maplibregl.Map({
      container,
      style,
      // Without a view in the link, the front of the day (or Ukraine),
      // clear of the date stamp at the top.
      ...(view ? { center: view.center, zoom: view.zoom }
        : { bounds: front ? [[front[0], front[1]], [front[2], front[3]]] : UKRAINE, fitBoundsOptions: { padding: { top: 56, bottom: 60, left: 16, right: 16 } } }),
      maxBounds: BASEMAP,
      minZoom: 2,
      maxZoom: 15,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      keyboard: false, // the arrows step the day (timeline.js)
      attributionControl: { compact: true },
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.once('load', () => { // the attribution starts folded: the credit stands on the map (#credit)
      map.getContainer().querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
    });
    // The hatch patterns are drawn on a canvas when a layer first needs them.
    map.setMissingStyleImageResolver(id => {
      const img = patternImage(id, window.devicePixelRatio || 1);
      if (img && !map.hasImage(id)) map.addImage(id, img.data, { pixelRatio: img.pixelRatio });
    });
    // Filters change only once the style is loaded; until then the style
    // holds the first day's, and style.load applies what changed since.
    map.once('style.load', () => { this.styleReady = true; this.point('frontline', this.day); this.apply(); });
    map.on('idle', () => this.idle());
  }

  idle() {
    const first = !Number.isFinite(this.timings.firstIdle);
    if (first) {
      this.timings.firstIdle = performance.now();
      this.features = this.map.queryRenderedFeatures({ layers: this.fillIDs }).length;
    } else if (this.redrawFrom) {
      this.timings.redraws.push(performance.now() - this.redrawFrom);
    }
    this.redrawFrom = 0;
    this.onIdle(first);
  }

  layer(id) {
    return this.dynamic.find(l => l.layer.id === id);
  }

  // apply sets every filter that depends on the day, the compare day or
  // the selected region.
  apply(which) {
    if (!this.styleReady) return;
    const compare = Number.isFinite(this.before);
    for (const cl of this.dynamic) {
      if (!which || cl.which === which) this.map.setFilter(cl.layer.id, cl.filter(cl.which === 'before' && compare ? this.before : this.day));
    }
    // The outline is drawn from the day's tiles when the compare day is in
    // the same period, else from those of its own period.
    const other = compare && this.control(this.before) !== this.control(this.day);
    if (compare) this.point(other ? 'frontline-before' : 'frontline', this.before);
    this.map.setLayoutProperty('before-line', 'visibility', compare && !other ? 'visible' : 'none');
    this.map.setLayoutProperty('before-line-other', 'visibility', other ? 'visible' : 'none');
  }

  // point sets source id to the temporal tiles of day d's period, if it
  // has others.
  point(id, d) {
    const url = this.control(d);
    if (this.urls[id] === url) return;
    this.urls[id] = url;
    this.map.getSource(id).setUrl(url);
  }

  // setDay draws day d; timings.redraws gets the time to the next idle.
  setDay(d) {
    this.day = d;
    this.redrawFrom = performance.now();
    if (this.styleReady) this.point('frontline', d);
    this.apply('day');
  }

  // setBefore outlines the control of day b over the day's, or hides the
  // outline when b is NaN.
  setBefore(b) {
    this.before = b;
    this.apply('before');
  }

  // select outlines the region slug ('' for none).
  select(slug) {
    this.layer('selected-line').base = ['==', ['get', 'region'], slug];
    if (this.styleReady) this.map.setFilter('selected-line', this.layer('selected-line').filter(this.day));
  }

  // fit moves the map to a [west, south, east, north] box.
  fit(bb) {
    this.map.fitBounds([[bb[0], bb[1]], [bb[2], bb[3]]], { padding: 48, maxZoom: 9 });
  }

  // view returns the centre and zoom, for the permalink.
  view() {
    const c = this.map.getCenter();
    return { zoom: this.map.getZoom(), center: [c.lng, c.lat] };
  }

  // bbox returns the visible box as "west,south,east,north".
  bbox() {
    const b = this.map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => v.toFixed(4)).join(',');
  }

  // featuresAt returns the control features under a point, held ground
  // first, then contested, liberated and claims, one per region, side
  // and status.
  featuresAt(point) {
    const order = { occupied: 0, contested: 1, liberated: 2, claimed: 3 };
    const feats = this.map.queryRenderedFeatures(point, { layers: this.fillIDs })
      .sort((a, b) => (order[a.properties.status] ?? 9) - (order[b.properties.status] ?? 9));
    const seen = new Set(), out = [];
    for (const f of feats) {
      const p = f.properties, k = `${p.region}/${p.side}/${p.status}`;
      if (!seen.has(k)) { seen.add(k); out.push(p); }
    }
    return out;
  }
}

// The MapLibre style of the app. Colours follow tiles/style.go DefaultStyle,
// so the vector map looks like our raster tiles and snapshots. Nothing here
// loads from elsewhere: no glyphs, no sprites; hatch patterns are drawn on
// a canvas (see patternImage) and place labels are HTML (labels.js).

export const colours = {
  sea: '#c6d9e4',
  water: '#c6d9e4', // lakes and reservoirs, as the sea
  river: '#9cbfd6',
  land: '#f3f0e8',
  neighbour: '#ebe8e0', // the land of other countries, a shade darker so Ukraine stands out
  admin1: 'rgba(169,162,152,0.45)',
  country: 'rgba(124,116,107,0.85)',
  ru: '#c83c32',
  ua: '#2c6ab8',
  ruLine: '#9e2a22',
  uaLine: '#1d4c8a',
  text: '#2a2a2e',
};

// symbols says how each side and status of the control layer is drawn:
// a fill (or a hatch pattern), an outline, and for claims a dashed line
// only. The keys are "side/status" as in the tiles.
export const symbols = {
  'ru/occupied': { label: 'Russian-occupied', fill: colours.ru, opacity: 0.45, line: colours.ruLine, width: 0.9 },
  'ua/occupied': { label: 'Ukrainian-held in Russia', fill: colours.ua, opacity: 0.45, line: colours.uaLine, width: 0.9 },
  'ru/contested': { label: 'Contested, Russian advance', pattern: 'hatch-ru', line: 'rgba(158,42,34,0.6)', width: 0.6 },
  'ua/contested': { label: 'Contested, Ukrainian advance', pattern: 'hatch-ua', line: 'rgba(29,76,138,0.6)', width: 0.6 },
  'none/contested': { label: 'Contested (grey zone)', pattern: 'hatch-none', line: 'rgba(92,92,99,0.5)', width: 0.6 },
  'ru/liberated': { label: 'Retaken by Russia', fill: '#d98c84', opacity: 0.2, line: 'rgba(200,60,50,0.4)', width: 0.6 },
  'ua/liberated': { label: 'Liberated by Ukraine', fill: '#4fa38f', opacity: 0.25, line: 'rgba(58,133,115,0.5)', width: 0.6 },
  'ru/claimed': { label: 'Claimed by Russia', line: 'rgba(176,48,40,0.9)', width: 1.2, dash: [5 / 1.2, 3 / 1.2] },
  'ua/claimed': { label: 'Claimed by Ukraine', line: 'rgba(29,76,138,0.9)', width: 1.2, dash: [5 / 1.2, 3 / 1.2] },
};

// PLACE_ZOOM is the zoom from which places of rank 1, 2 and 3 show: a
// little earlier than in the raster style, as HTML labels avoid each other.
export const PLACE_ZOOM = [3, 4.5, 6.5, 9];

// hatches are the contested patterns: a light tint with "/" lines, as
// tiles/hatch.go draws them (6 px apart, 1 px wide).
const hatches = {
  'hatch-ru': { tint: 'rgba(200,60,50,0.10)', line: 'rgba(180,52,43,0.7)' },
  'hatch-ua': { tint: 'rgba(44,106,184,0.10)', line: 'rgba(44,106,184,0.7)' },
  'hatch-none': { tint: 'rgba(128,128,134,0.15)', line: 'rgba(92,92,99,0.6)' },
};

// patternImage draws the hatch pattern named id at the device pixel
// ratio, for map.addImage; it returns null for an unknown id.
export function patternImage(id, ratio) {
  const h = hatches[id];
  if (!h) return null;
  const size = 6, px = Math.round(size * ratio);
  const c = document.createElement('canvas');
  c.width = c.height = px;
  const g = c.getContext('2d');
  g.fillStyle = h.tint;
  g.fillRect(0, 0, px, px);
  g.strokeStyle = h.line;
  g.lineWidth = ratio;
  g.beginPath();
  for (const o of [-px, 0, px]) { // three segments so the tile repeats seamlessly
    g.moveTo(o, px);
    g.lineTo(o + px, 0);
  }
  g.stroke();
  return { data: g.getImageData(0, 0, px, px), pixelRatio: ratio };
}

// dayFilter is the filter of features on the map at day d: from <= d < to.
export function dayFilter(d) {
  return ['all', ['<=', ['get', 'from_day'], d], ['>', ['get', 'to_day'], d]];
}

function kindFilter(key) {
  const [side, status] = key.split('/');
  return ['all', ['==', ['get', 'side'], side], ['==', ['get', 'status'], status]];
}

// ControlLayer is a layer whose filter depends on the day: setDay
// combines its own filter with dayFilter.
export class ControlLayer {
  constructor(layer, base, which = 'day') {
    this.layer = layer;
    this.base = base;
    this.which = which; // "day", or "before" for the compare outline
  }
  filter(d) {
    return ['all', this.base, dayFilter(d)];
  }
}

// controlLayers returns the layers of the control symbols, in drawing
// order, and the layers drawn over the basemap lines.
function controlLayers() {
  const src = { source: 'frontline', 'source-layer': 'control' };
  const fills = [], lines = [];
  const order = ['ru/liberated', 'ua/liberated', 'ru/occupied', 'ua/occupied', 'ru/contested', 'ua/contested', 'none/contested', 'ru/claimed', 'ua/claimed'];
  for (const key of order) {
    const s = symbols[key], id = key.replace('/', '-'), base = kindFilter(key);
    if (s.fill) {
      fills.push(new ControlLayer({ id: id + '-fill', type: 'fill', ...src, paint: { 'fill-color': s.fill, 'fill-opacity': s.opacity, 'fill-antialias': false } }, base));
    } else if (s.pattern) {
      fills.push(new ControlLayer({ id: id + '-fill', type: 'fill', ...src, paint: { 'fill-pattern': s.pattern, 'fill-antialias': false } }, base));
    } else {
      // Claims are outlined, not filled; an invisible fill still answers clicks.
      fills.push(new ControlLayer({ id: id + '-fill', type: 'fill', ...src, paint: { 'fill-color': s.line, 'fill-opacity': 0 } }, base));
    }
    const paint = { 'line-color': s.line, 'line-width': s.width };
    if (s.dash) paint['line-dasharray'] = s.dash;
    lines.push(new ControlLayer({ id: id + '-line', type: 'line', ...src, layout: { 'line-join': 'round' }, paint }, base));
  }
  return { fills, lines };
}

// build returns the style for the temporal tiles at tileJSON (those of
// day d's period), drawn for day d (and, when before is a day, the compare
// outline of that day, from beforeJSON, the tiles of before's period, when
// they are not tileJSON), and the ControlLayers whose filters follow the
// day. The outline has a layer on each source, 'before-line' on the day's
// ('frontline') and 'before-line-other' on 'frontline-before', and only
// one shows: a source no visible layer uses loads no tiles. credit, when not '', is
// the attribution of the control (HTML, escaped: dataset.creditHTML): it
// replaces the TileJSON's, and the basemap then credits Natural Earth.
//
// The temporal tiles hold only the control layer, so the basemap (the
// boundaries, water and places layers) comes from the basemap tiles
// (basemapJSON: /tiles/base.json, or basemap.pmtiles), which never change
// with the slider; their water is filtered by day like the control.
export function build(tileJSON, basemapJSON, d, before, credit = '', beforeJSON = tileJSON) {
  const src = { source: 'frontline' };
  const compare = Number.isFinite(before), other = beforeJSON !== tileJSON;
  const base = { source: 'basemap' };
  const bnd = { ...base, 'source-layer': 'boundaries' };
  const { fills, lines } = controlLayers();
  const held = ['match', ['get', 'status'], ['occupied', 'contested'], true, false];
  const outline = (id, source, shown) => new ControlLayer({
    id, type: 'line', source, 'source-layer': 'control',
    layout: { visibility: shown ? 'visible' : 'none', 'line-join': 'round' },
    paint: { 'line-color': '#1b1b1f', 'line-width': 1.6, 'line-dasharray': [2, 1.5], 'line-opacity': 0.85 },
  }, held, 'before');
  const beforeLayer = outline('before-line', 'frontline', compare && !other);
  const beforeOther = outline('before-line-other', 'frontline-before', compare && other);
  const selected = new ControlLayer({
    id: 'selected-line', type: 'line', ...src, 'source-layer': 'control',
    paint: { 'line-color': '#111', 'line-width': 2.5, 'line-opacity': 0.9 },
  }, ['==', ['get', 'region'], ''], 'day');
  // Capitals and cities have a dot at once; towns only with their label
  // (labels.js draws it), so that a town left unlabelled leaves no dot.
  const places = [1, 2].map((rank, i) => ({
    id: 'places-' + rank, type: 'circle', ...base, 'source-layer': 'places', minzoom: PLACE_ZOOM[i],
    filter: ['==', ['get', 'rank'], rank],
    paint: { 'circle-radius': [3, 2.5][i], 'circle-color': colours.text, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 },
  }));
  // Water: lakes and reservoirs filled, rivers drawn (the Dnipro wider);
  // each has a validity, as the Kakhovka reservoir ends on 2023-06-06.
  const wsrc = { ...base, 'source-layer': 'water' };
  const waterArea = new ControlLayer({ id: 'water-area', type: 'fill', ...wsrc, paint: { 'fill-color': colours.water } },
    ['!=', ['get', 'kind'], 'river']);
  const rivers = new ControlLayer({
    id: 'water-river', type: 'line', ...wsrc, layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': colours.river, 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.6, 8, 1.2, 12, 2.5] },
  }, ['==', ['get', 'kind'], 'river']);
  const dynamic = [waterArea, rivers, ...fills, ...lines, beforeLayer, beforeOther, selected];
  const layers = [
    { id: 'sea', type: 'background', paint: { 'background-color': colours.sea } },
    { id: 'land', type: 'fill', ...bnd, filter: ['==', ['get', 'kind'], 'country'],
      paint: { 'fill-color': ['case', ['==', ['get', 'iso'], 'UA'], colours.land, colours.neighbour] } },
    withFilter(waterArea, d, before),
    withFilter(rivers, d, before),
    ...fills.map(l => withFilter(l, d, before)),
    // Oblast lines of Ukraine and Russia at every zoom, of other countries
    // only closer in, where they no longer clutter the map.
    { id: 'admin1', type: 'line', ...bnd, filter: ['all', ['==', ['get', 'kind'], 'admin1'], ['match', ['get', 'country'], ['UA', 'RU'], true, false]],
      paint: { 'line-color': colours.admin1, 'line-width': 0.6 } },
    { id: 'admin1-other', type: 'line', ...bnd, minzoom: 6, filter: ['all', ['==', ['get', 'kind'], 'admin1'], ['match', ['get', 'country'], ['UA', 'RU'], false, true]],
      paint: { 'line-color': colours.admin1, 'line-width': 0.5 } },
    { id: 'country', type: 'line', ...bnd, filter: ['==', ['get', 'kind'], 'country'], layout: { 'line-join': 'round' }, paint: { 'line-color': colours.country, 'line-width': 1.1 } },
    ...lines.map(l => withFilter(l, d, before)),
    withFilter(beforeLayer, d, before),
    withFilter(beforeOther, d, before),
    withFilter(selected, d, before),
    ...places,
  ];
  const sources = {
    frontline: { type: 'vector', url: tileJSON },
    'frontline-before': { type: 'vector', url: beforeJSON },
    basemap: { type: 'vector', url: basemapJSON },
  };
  if (credit) {
    sources.frontline.attribution = sources['frontline-before'].attribution = credit;
    sources.basemap.attribution = 'Boundaries and water: Natural Earth (public domain); towns: GeoNames (CC BY 4.0)';
  }
  return { style: { version: 8, name: 'frontline', sources, layers }, dynamic };
}

function withFilter(cl, d, before) {
  const day = cl.which === 'before' && Number.isFinite(before) ? before : d;
  return { ...cl.layer, filter: cl.filter(day) };
}

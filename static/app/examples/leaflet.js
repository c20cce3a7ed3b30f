// A small example of our raster tiles (/tiles/{day}/{z}/{x}/{y}.png, and
// @2x on high-density screens) in Leaflet, with a dataset and a day
// picker. The credit is the dataset's own (its attribution, else its title
// or name, and its licence, from /api/datasets), beside Natural Earth's and
// GeoNames', whose boundaries and towns the tiles draw. A day before the
// dataset's first observed day has no tiles (404), so the picker starts
// there. Dataset and day are kept in the query
// (?dataset=NAME&day=YYYY-MM-DD; an older #day= link is read too).
/* global L */
(async function () {
  const input = document.getElementById('day');
  const select = document.getElementById('dataset');
  const q = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  const ds = await fetch('/api/datasets').then(r => r.json());
  let name = q.get('dataset') || hash.get('dataset') || ds.default;
  if (!ds.datasets.some(d => d.name === name)) name = ds.default;
  for (const d of ds.datasets) select.add(new Option(d.title || d.name, d.name, false, d.name === name));
  const tl = await fetch('/api/timeline?dataset=' + encodeURIComponent(name)).then(r => r.json());
  const meta = ds.datasets.find(d => d.name === name) ?? {};
  input.min = meta.observed_from && meta.observed_from > tl.first ? meta.observed_from : tl.first;
  input.max = tl.last;
  const asked = q.get('day') || hash.get('day') || '';
  input.value = /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : tl.last;

  const esc = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const credit = [meta.attribution || meta.title || name, meta.license && `(${meta.license})`].filter(Boolean).join(' ');
  const map = L.map('map', { minZoom: 3, maxZoom: 18 }).fitBounds([[44.3, 22.1], [52.4, 40.3]]);
  const template = () => `/tiles/${input.value}/{z}/{x}/{y}{r}.png?dataset=${encodeURIComponent(name)}`;
  const layer = L.tileLayer(template(), {
    attribution: 'Data: ' + esc(credit) + '; boundaries and water: <a href="https://www.naturalearthdata.com/">Natural Earth</a>; ' +
      'towns: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)',
    maxZoom: 18,
  }).addTo(map);
  const show = () => {
    document.getElementById('url').textContent = template();
    history.replaceState(null, '', `?dataset=${encodeURIComponent(name)}&day=${input.value}`);
  };
  input.addEventListener('change', () => {
    if (!input.value) return;
    layer.setUrl(template());
    show();
  });
  select.addEventListener('change', () => {
    location.search = `?dataset=${encodeURIComponent(select.value)}&day=${input.value}`;
  });
  show();
  window.frontlineLeaflet = { map, layer, dataset: name, credit };
})();

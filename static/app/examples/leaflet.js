// A small example of our raster tiles (/tiles/{day}/{z}/{x}/{y}.png, and
// @2x on high-density screens) in Leaflet, with a dataset and a day
// picker. The credit is the dataset's own (its attribution and licence,
// from /api/datasets). Dataset and day are kept in the query
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
  input.min = tl.first;
  input.max = tl.last;
  const asked = q.get('day') || hash.get('day') || '';
  input.value = /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : tl.last;

  const esc = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const meta = ds.datasets.find(d => d.name === name) ?? {};
  const credit = [meta.attribution, meta.license && `(${meta.license})`].filter(Boolean).join(' ');
  const map = L.map('map', { minZoom: 3, maxZoom: 18 }).fitBounds([[44.3, 22.1], [52.4, 40.3]]);
  const template = () => `/tiles/${input.value}/{z}/{x}/{y}{r}.png?dataset=${encodeURIComponent(name)}`;
  const layer = L.tileLayer(template(), {
    attribution: (credit ? 'Data: ' + esc(credit) + '; ' : '') + 'boundaries and water: <a href="https://www.naturalearthdata.com/">Natural Earth</a>',
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

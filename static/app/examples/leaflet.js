// A small example of our raster tiles (/tiles/{day}/{z}/{x}/{y}.png, and
// @2x on high-density screens) in Leaflet, with a day picker. The day is
// kept in the fragment (#day=YYYY-MM-DD).
/* global L */
(async function () {
  const input = document.getElementById('day');
  const tl = await fetch('/api/timeline').then(r => r.json());
  input.min = tl.first;
  input.max = tl.last;
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('day');
  input.value = /^\d{4}-\d{2}-\d{2}$/.test(fromHash || '') ? fromHash : tl.last;

  const map = L.map('map', { minZoom: 3, maxZoom: 12 }).fitBounds([[44.3, 22.1], [52.4, 40.3]]);
  const template = () => `/tiles/${input.value}/{z}/{x}/{y}{r}.png`;
  const layer = L.tileLayer(template(), {
    attribution: 'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a>; control: frontline',
    maxZoom: 12,
  }).addTo(map);
  const show = () => {
    document.getElementById('url').textContent = template();
    history.replaceState(null, '', '#day=' + input.value);
  };
  input.addEventListener('change', () => {
    if (!input.value) return;
    layer.setUrl(template());
    show();
  });
  show();
  window.frontlineLeaflet = { map, layer };
})();

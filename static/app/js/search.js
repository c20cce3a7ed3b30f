// Search is the box over the map that finds towns by any of their names
// (English, Ukrainian, Russian, older spellings, Cyrillic read in Latin
// letters: GET /api/places) and flies the map to the one picked: Enter
// takes the first, a click or the arrows and Enter any other. A static
// site has no /api/places: the box stays hidden there.

const LIMIT = 8;
const WAIT_MS = 120; // typing pauses this long before a query

export class Search {
  // form holds the input and the list; api answers places(q, limit);
  // map is the MapLibre map; t translates; onFly(place) is told.
  constructor(form, api, map, t, onFly = () => {}) {
    this.form = form;
    this.input = form.querySelector('input');
    this.list = form.querySelector('ul');
    this.api = api;
    this.map = map;
    this.t = t;
    this.onFly = onFly;
    this.results = [];
    this.active = -1;
    this.seq = 0;
    if (!api.places) return;
    form.hidden = false;
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.query(), WAIT_MS);
    });
    this.input.addEventListener('keydown', e => this.key(e));
    form.addEventListener('submit', e => { e.preventDefault(); this.pick(Math.max(this.active, 0)); });
    this.list.addEventListener('mousedown', e => {
      const li = e.target.closest('li[data-i]');
      if (li) { e.preventDefault(); this.pick(Number(li.dataset.i)); }
    });
    this.input.addEventListener('blur', () => setTimeout(() => this.show([]), 150));
  }

  // query asks for the towns matching the input; only the last answer counts.
  async query() {
    const q = this.input.value.trim();
    const seq = ++this.seq;
    if (!q) { this.show([]); return; }
    try {
      const body = await this.api.places(q, LIMIT);
      if (seq === this.seq) this.show(body.places ?? [], body.nearest ?? []);
    } catch (err) {
      if (seq === this.seq) this.show([]);
      console.warn('places', err);
    }
  }

  // show lists places (or, with none, the nearest spellings to try).
  show(places, nearest = []) {
    this.results = places;
    this.active = places.length ? 0 : -1;
    this.list.replaceChildren();
    places.forEach((p, i) => {
      const li = document.createElement('li');
      li.dataset.i = i;
      li.setAttribute('role', 'option');
      const name = document.createElement('b');
      name.textContent = p.name;
      const more = document.createElement('span');
      const other = [p.name_uk, p.matched !== p.name && p.matched !== p.name_uk ? p.matched : ''].filter(Boolean);
      more.textContent = [p.oblast, ...other].filter(Boolean).join(' · ');
      li.append(name, ' ', more);
      this.list.append(li);
    });
    if (!places.length && nearest.length && this.input.value.trim()) {
      const li = document.createElement('li');
      li.className = 'none';
      li.textContent = this.t('No town of that name. Did you mean: {names}?', { names: nearest.join(', ') });
      this.list.append(li);
    }
    this.list.hidden = this.list.children.length === 0;
    this.mark();
  }

  mark() {
    [...this.list.querySelectorAll('li[data-i]')].forEach((li, i) => li.setAttribute('aria-selected', String(i === this.active)));
  }

  key(e) {
    const n = this.results.length;
    if (e.key === 'ArrowDown' && n) { e.preventDefault(); this.active = (this.active + 1) % n; this.mark(); }
    else if (e.key === 'ArrowUp' && n) { e.preventDefault(); this.active = (this.active - 1 + n) % n; this.mark(); }
    else if (e.key === 'Escape') { this.input.value = ''; this.show([]); }
  }

  // pick flies to the i-th result: nearer for a small town than a city.
  pick(i) {
    const p = this.results[i];
    if (!p) return;
    this.input.value = p.name;
    this.show([]);
    this.map.flyTo({ center: [p.lon, p.lat], zoom: p.rank <= 2 ? 10 : 11, essential: true });
    this.onFly(p);
  }
}

// The JSON API of our own server. Every read takes the dataset.

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

  timeline() { return this.get('/api/timeline'); }
  datasets() { return this.get('/api/datasets'); }
  regions() { return this.get('/api/regions'); }
  stats(day) { return this.get('/api/stats', { day }); }
  diff(from, to) { return this.get('/api/diff', { from, to }); }
  articles(region) { return this.get('/api/articles', { region }); }
  history(slug) { return this.get(`/api/regions/${encodeURIComponent(slug)}/history`); }
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

// What the app says about the dataset it shows, from /api/datasets: the
// credit of its maps (attribution, licence, source), its first observed
// day, before which it has no map ("no data before"), and its last
// observed day, after which the map is that day's ("map as of").

import { parse } from './days.js';

// current returns the dataset named name (or the default) of the answer
// of /api/datasets, or null.
export function current(datasets, name) {
  const want = name || datasets?.default;
  return datasets?.datasets?.find(d => d.name === want) ?? null;
}

export function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// creditHTML is the attribution of the dataset's maps as MapLibre's
// attribution control shows it (HTML, every value escaped): "Data:
// DeepStateMap (GPL-3.0)", linked to the source URL; '' when the dataset
// names no attribution or licence.
export function creditHTML(d) {
  if (!d) return '';
  const text = d.attribution && d.license ? `${d.attribution} (${d.license})`
    : d.attribution || (d.license ? `licence ${d.license}` : '');
  if (!text) return '';
  const t = escapeHTML(text);
  return 'Data: ' + (/^https?:\/\//.test(d.source_url ?? '')
    ? `<a href="${escapeHTML(d.source_url)}" target="_blank" rel="noopener noreferrer">${t}</a>` : t);
}

// lastObserved is the dataset's last observed day (a day number), or NaN
// when unknown.
export function lastObserved(d) {
  return parse(d?.observed_to);
}

// firstObserved is the dataset's first observed day (a day number), or
// NaN when unknown: a day before it has no data, which is not a day
// without occupation.
export function firstObserved(d) {
  return parse(d?.observed_from);
}

// controlCredit says whose control areas the map shows, in the dataset's
// own words: the seed's are approximations drawn by frontline; any other
// dataset is named by its attribution, else its title or name (never the
// seed's words).
export function controlCredit(d, t) {
  if (!d) return '';
  if (d.name === 'seed') return t('Control areas of the seed data are approximations drawn by frontline; every version names its source.');
  return t('Control areas: {credit}; every version names its source.', { credit: d.attribution || d.title || d.name });
}

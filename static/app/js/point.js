// The popup's answer about the point clicked (/api/point and
// /api/point/history): what holds it on the day, since when, how far the
// other side's ground and the grey zone are, and its changes of hands.

import { parse, shortDate } from './days.js';
import { t } from './i18n.js';
import { h } from './panel.js';

// statusText says an answer's status in words.
function statusText(status, side) {
  switch (status) {
    case 'occupied': return side === 'ua' ? t('Ukrainian-held in Russia') : t('Russian-occupied');
    case 'held-in-russia': return t('Ukrainian-held in Russia');
    case 'liberated': return t('Liberated by Ukraine');
    case 'contested': return t('Contested (grey zone)');
    case 'none': return t('Not held by the other side');
    case 'sea': return t('At sea');
    case 'outside': return t('Outside the map');
    case 'unknown': return t('No data for this day');
  }
  return status;
}

// distanceText is "4.2 km east" in the interface's language.
function distanceText(d) {
  if (!d.km) return t('here');
  return t('{km} km {dir}', { km: d.km.toLocaleString(undefined, { maximumFractionDigits: 1 }), dir: t(d.direction) });
}

// pointSection is the popup's part about the point: an element filled in
// when the answer (answer: a promise of /api/point's, null where there is
// none, as on a published site) and the history arrive.
export function pointSection(answer, history) {
  const el = h('div', { class: 'popup-point' }, h('p', { class: 'muted' }, '…'));
  Promise.all([answer, history.catch(() => null)]).then(([a, hist]) => {
    if (!a) { el.remove(); return; }
    el.replaceChildren(...pointLines(a, hist));
  }, () => el.remove());
  return el;
}

function pointLines(a, hist) {
  const out = [h('h4', {}, t('At this point'))];
  let head = statusText(a.status, a.side);
  if (a.since) head += ' ' + t('since {day}', { day: shortDate(parse(a.since)) });
  out.push(h('p', { class: 'point-status' }, head));
  if (a.claims?.length) out.push(h('p', { class: 'muted' }, t('Claimed by Russia')));
  if (a.other_side) out.push(h('p', {}, t('Other side: {d}', { d: distanceText(a.other_side) })));
  if (a.contested && a.status !== 'contested') out.push(h('p', {}, t('Grey zone: {d}', { d: distanceText(a.contested) })));
  const changes = (hist?.changes ?? []).filter(c => c.from.status !== 'unknown');
  if (changes.length) {
    out.push(h('h5', {}, t('Changes of hands')));
    out.push(h('ul', { class: 'point-history' }, changes.slice(-5).map(c =>
      h('li', {}, `${shortDate(parse(c.day))}: ${statusText(c.from.status, c.from.side)} → ${statusText(c.to.status, c.to.side)}`))));
  }
  return out;
}

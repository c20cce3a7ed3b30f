// The popup of a click on the control layer: what is held there, since
// when and by whose account, and the articles about the region.

import { parse, shortDate } from './days.js';
import { t } from './i18n.js';
import { h, provenance, statusLabel, swatch } from './panel.js';

// popupContent returns the popup's element for the features under a click
// (properties of the control layer, the first one foremost) on day d, and
// a func that fills in the articles of the first one when they arrive.
// The tiles carry what a version draws, not which version it is: its
// validity and source come from the region's history (history(slug): a
// promise of its versions), filled in when it arrives.
export function popupContent(features, regionName, d, history) {
  const body = h('div', { class: 'popup' }, features.slice(0, 3).map((p, i) => {
    const when = h('p', { class: 'muted' }, '…');
    history(p.region).then(vs => { when.textContent = provenance(vs, d); }, () => { when.textContent = ''; });
    return h('div', { class: i ? 'also' : 'main' },
      h('h4', {}, regionName(p.region)),
      h('p', {}, swatch(`${p.side}/${p.status}`), statusLabel(p.side, p.status)),
      when);
  }));
  const arts = h('div', { class: 'popup-articles muted' }, t('Loading articles…'));
  body.append(arts);
  const showArticles = as => {
    arts.classList.toggle('muted', !as.length);
    if (!as.length) {
      arts.replaceChildren(t('No articles reference this region.'));
      return;
    }
    arts.replaceChildren(h('h5', {}, t('Articles')),
      ...as.slice(0, 4).map(a => h('p', {},
        h('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer' }, a.title),
        h('span', { class: 'muted' }, ` ${shortDate(parse(a.published))}`))));
    if (as.length > 4) arts.append(h('p', { class: 'muted' }, t('{n} more in the panel', { n: as.length - 4 })));
  };
  return { body, showArticles };
}

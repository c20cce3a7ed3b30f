// The popup of a click on the control layer: what is held there, since
// when, and the articles about the region.

import { parse, shortDate } from './days.js';
import { t } from './i18n.js';
import { h, statusLabel, swatch, validity } from './panel.js';

// popupContent returns the popup's element for the features under a click
// (properties of the control layer, the first one foremost) and a func
// that fills in the articles of the first one when they arrive.
export function popupContent(features, regionName) {
  const body = h('div', { class: 'popup' }, features.slice(0, 3).map((p, i) => h('div', { class: i ? 'also' : 'main' },
    h('h4', {}, regionName(p.region)),
    h('p', {}, swatch(`${p.side}/${p.status}`), statusLabel(p.side, p.status)),
    h('p', { class: 'muted' }, validity(p)))));
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

// The side panel: the day, km² per side and status, the legend, the
// articles, the selected region and the before/after comparison. It only
// draws; main.js decides what to show.

import { t } from './i18n.js';
import { INVASION, iso, longDate, parse, shortDate } from './days.js';
import { symbols } from './style.js';

const nf = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const pf = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

// h makes an element with attributes and children (strings or nodes).
export function h(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...kids.flat().filter(k => k !== undefined && k !== null && k !== false));
  return e;
}

export function km2(v) {
  return nf.format(v) + ' km²';
}

// swatch draws the legend symbol of a side and status.
export function swatch(key) {
  return h('span', { class: `swatch ${key.replace('/', '-')}`, 'aria-hidden': 'true' });
}

export function statusLabel(side, status) {
  const l = symbols[`${side}/${status}`]?.label;
  return l ? t(l) : `${side} ${status}`;
}

export class Panel {
  constructor(root, { regionName, onRegion, onDay }) {
    this.root = root;
    this.regionName = regionName;
    this.onRegion = onRegion; // a region chip was clicked
    this.onDay = onDay; // a date link was clicked
    this.$ = sel => root.querySelector(sel);
    this.legend();
  }

  day(d) {
    this.$('#day-long').textContent = longDate(d);
    const n = d - INVASION + 1;
    this.$('#day-war').textContent = n >= 1 ? t("Day {n} of Russia's full-scale invasion", { n: nf.format(n) }) : '';
  }

  // asOf says that the map of the day is that of last, the dataset's last
  // observed day (NaN: the day is within what was observed).
  asOf(last) {
    const p = this.$('#day-asof');
    p.hidden = !Number.isFinite(last);
    p.textContent = p.hidden ? '' : t('Map as of {day}, the last day this dataset observed: later changes are not known.', { day: shortDate(last) });
  }

  // noData says that the day lies before first, the dataset's first
  // observed day: the map is empty for want of data.
  noData(first) {
    const p = this.$('#day-asof');
    p.hidden = false;
    p.textContent = t('No data before {day}: this dataset begins then. The empty map is not a map without occupation.', { day: shortDate(first) });
  }

  legend() {
    const list = this.$('#legend-list');
    list.replaceChildren(...Object.keys(symbols).map(k => h('li', {}, swatch(k), t(symbols[k].label))));
  }

  // compareLegend shows or hides the legend line of the compare outline.
  compareLegend(before) {
    const li = this.$('#legend-before');
    li.hidden = !Number.isFinite(before);
    if (!li.hidden) li.querySelector('.text').textContent = t('Held on {day} (compare)', { day: shortDate(before) });
  }

  // figures shows the stats of the day; stats is null before any control,
  // or before the first observed day, which empty says.
  figures(stats, empty) {
    const body = this.$('#figures-body');
    const figs = (stats?.figures ?? []).filter(f => f.area_km2 >= 0.5);
    if (!figs.length) {
      body.replaceChildren(h('tr', {}, h('td', { colspan: 3, class: 'muted' }, empty ?? t('No control recorded on this day.'))));
      this.$('#figures-note').textContent = '';
      return;
    }
    body.replaceChildren(...figs.map(f => {
      const key = `${f.side}/${f.status}`;
      const share = f.inside_km2 / (stats.reference_km2 || 1);
      return h('tr', { 'data-key': key },
        h('th', { scope: 'row' }, swatch(key), statusLabel(f.side, f.status)),
        h('td', { class: 'num', 'data-km2': f.area_km2 }, km2(f.area_km2)),
        h('td', { class: 'num share' }, share >= 0.0005 ? pf.format(share) : ''));
    }));
    this.$('#figures-note').textContent = stats.reference_km2
      ? t("Shares are of {ref}'s {km2}, Crimea included.", { ref: stats.reference || 'Ukraine', km2: km2(stats.reference_km2) }) : '';
  }

  // article renders one article card with links to its regions.
  article(a) {
    const regions = (a.regions ?? []).map(slug =>
      h('button', { type: 'button', class: 'chip', onclick: () => this.onRegion(slug), title: t('Show this region') }, this.regionName(slug)));
    const day = parse(a.published);
    return h('article', { class: 'report' },
      h('h4', {}, h('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer' }, a.title)),
      h('p', { class: 'meta' }, a.outlet, ' · ',
        h('a', { href: '#', class: 'date-link', onclick: e => { e.preventDefault(); this.onDay(day); }, title: t('Go to this day') }, shortDate(day))),
      a.summary ? h('p', { class: 'summary' }, a.summary) : null,
      regions.length ? h('div', { class: 'chips' }, regions) : null);
  }

  // articles shows the articles published on day d and the latest ones
  // before it; all is every article, newest first.
  articles(d, all) {
    const today = all.filter(a => a.published === iso(d));
    const earlier = all.filter(a => a.published < iso(d)).slice(0, 3);
    const box = this.$('#articles-body');
    box.replaceChildren(
      today.length ? h('div', {}, ...today.map(a => this.article(a)))
        : h('p', { class: 'muted' }, t('No reports on this day.')),
      earlier.length ? h('h4', { class: 'sub' }, t('Earlier')) : null,
      ...earlier.map(a => this.article(a)));
    this.$('#articles-count').textContent = today.length ? `${today.length} on this day` : '';
  }

  // selection shows a region: what the clicked feature says (if any), its
  // versions and its articles. Passing null hides it.
  selection(sel) {
    const box = this.$('#selection');
    box.hidden = !sel;
    if (!sel) return;
    this.$('#selection-name').textContent = this.regionName(sel.slug);
    const f = sel.feature;
    const body = this.$('#selection-body');
    const history = (sel.history ?? []).map(v => {
      const from = parse(v.valid_from), key = `${v.side}/${v.status}`;
      return h('li', {}, swatch(key),
        h('a', { href: '#', class: 'date-link', onclick: e => { e.preventDefault(); this.onDay(from); } }, shortDate(from)),
        v.valid_to ? ` – ${shortDate(parse(v.valid_to) - 1)}` : t(' onwards'), ': ', statusLabel(v.side, v.status),
        v.area_km2 ? h('span', { class: 'muted' }, ` (${km2(v.area_km2)})`) : null);
    });
    body.replaceChildren(
      f ? h('p', { class: 'what' }, swatch(`${f.side}/${f.status}`), h('strong', {}, statusLabel(f.side, f.status)), ' ', provenance(sel.history, sel.day)) : null,
      history.length ? h('details', { open: history.length <= 6 }, h('summary', {}, `${history.length} version${history.length > 1 ? 's' : ''}`), h('ul', { class: 'history' }, history)) : null,
      sel.articles === undefined ? h('p', { class: 'muted' }, t('Loading articles…'))
        : sel.articles.length ? h('div', {}, h('h4', { class: 'sub' }, t('Articles')), ...sel.articles.map(a => this.article(a)))
          : h('p', { class: 'muted' }, t('No articles reference this region.')));
  }

  // diff shows the comparison of two days from /api/diff, and the change
  // report's paragraph (/api/changes) with a button that copies it.
  diff(before, after, report, text) {
    const box = this.$('#diff');
    if (!report) { box.replaceChildren(); return; }
    const names = { ru: t('Russia'), ua: t('Ukraine') };
    const rows = (report.changes ?? []).map(c => h('tr', {},
      h('th', { scope: 'row' }, swatch(`${c.side}/occupied`), names[c.side] ?? c.side),
      h('td', { class: 'num' }, nf.format(c.before_km2)),
      h('td', { class: 'num' }, nf.format(c.after_km2)),
      h('td', { class: 'num gain' }, c.gained_km2 === null ? '–' : c.gained_km2 >= 0.5 ? '+' + nf.format(c.gained_km2) : '0'),
      h('td', { class: 'num loss' }, c.lost_km2 === null ? '–' : c.lost_km2 >= 0.5 ? '−' + nf.format(c.lost_km2) : '0')));
    const moved = c => c.gained_km2 === null ? Math.abs(c.after_km2 - c.before_km2) >= 0.5 : c.gained_km2 >= 0.5 || c.lost_km2 >= 0.5;
    const words = (report.changes ?? []).filter(moved).map(c => {
      const net = c.after_km2 - c.before_km2;
      return t(net >= 0 ? '{side} gained a net {km2}' : '{side} lost a net {km2}', { side: names[c.side] ?? c.side, km2: km2(Math.abs(net)) });
    });
    box.replaceChildren(
      h('p', { class: 'diff-words' }, `${shortDate(before)} → ${shortDate(after)}: `, words.length ? words.join('; ') + '.' : t('no change in held area.')),
      h('table', { class: 'figures diff' },
        h('thead', {}, h('tr', {}, h('th', {}, 'km²'), h('th', { class: 'num' }, t('before')), h('th', { class: 'num' }, t('after')), h('th', { class: 'num' }, t('gained')), h('th', { class: 'num' }, t('lost')))),
        h('tbody', {}, rows)),
      report.net_only ? h('p', { class: 'note' }, t('Net change from the published figures; the areas gained and lost need a frontline server.')) : false,
      text ? this.reportText(text) : false);
  }

  // reportText is the change report's paragraph and its copy button.
  reportText(text) {
    const button = h('button', { type: 'button', class: 'copy-report', id: 'copy-report' }, t('Copy'));
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = t('Copied');
      } catch {
        const r = document.createRange();
        r.selectNodeContents(button.previousElementSibling);
        getSelection().removeAllRanges();
        getSelection().addRange(r);
        button.textContent = t('Selected: copy it with Ctrl+C');
      }
    });
    return h('div', { class: 'change-report' }, h('p', { class: 'report-text', id: 'report-text' }, text), button);
  }
}

// validity says when a version is on the map: its validity is
// half-open, so the last day shown is the day before valid_to.
export function validity(v) {
  const from = parse(v.valid_from), to = v.valid_to ? parse(v.valid_to) : NaN;
  return Number.isFinite(to) ? `${shortDate(from)} – ${shortDate(to - 1)}` : `since ${shortDate(from)}`;
}

// versionAt is the version of a region's history (its versions, as the
// API and the published history give them) on the map on day d, or null.
export function versionAt(versions, d) {
  return (versions ?? []).find(v => parse(v.valid_from) <= d && (!v.valid_to || d < parse(v.valid_to))) ?? null;
}

// provenance says when the version on the map on day d is valid and its
// source ('' when the history has none on that day).
export function provenance(versions, d) {
  const v = versionAt(versions, d);
  if (!v) return '';
  return v.source ? `${validity(v)} · ${v.source}` : validity(v);
}

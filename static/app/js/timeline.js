// The timeline: a slider over the data range with a tick on every change
// day, play/pause at a chosen speed, steps by day, week and month, jumps
// to the previous and next change, and the keyboard.

import { addMonths, iso, parse, shortDate, startOfYear, year } from './days.js';
import { locale, t } from './i18n.js';

const THUMB = 18; // px, the slider thumb's width in app.css
const MIN_GAP = 6; // px between ticks, on average, below which they are grouped
const UNIT_DAYS = { week: 7, month: 30.44, quarter: 91.3 };

// bucketed groups sorted change days by ISO week, calendar month, quarter
// or year: {first, last, n, label} each.
function bucketed(days, unit) {
  const out = [];
  for (const d of days) {
    const date = new Date(d * 86400000), y = date.getUTCFullYear(), m = date.getUTCMonth();
    const key = unit === 'week' ? Math.floor((d + 3) / 7) : unit === 'month' ? y * 12 + m : unit === 'quarter' ? y * 4 + Math.floor(m / 3) : y;
    const last = out.at(-1);
    if (last && last.key === key) { last.last = d; last.n++; continue; }
    const label = unit === 'week' ? t('the week of {day}', { day: shortDate(d - ((d + 3) % 7)) })
      : unit === 'month' ? date.toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' })
        : unit === 'quarter' ? `Q${Math.floor(m / 3) + 1} ${y}` : String(y);
    out.push({ key, first: d, last: d, n: 1, label });
  }
  return out;
}

export class Timeline {
  // el holds the timeline's markup (index.html); onDay(d) is called with
  // every day chosen.
  constructor(el, { min, max, changes, onDay }) {
    this.el = el;
    this.min = min;
    this.max = max;
    this.changes = changes; // sorted day numbers on which the map changes
    this.onDay = onDay;
    this.day = max;
    this.playing = false;
    this.$ = sel => el.querySelector(sel);
    this.slider = this.$('#slider');
    this.slider.min = min;
    this.slider.max = max;
    this.date = this.$('#date');
    this.date.min = iso(min);
    this.date.max = iso(max);
    this.speed = this.$('#speed');
    this.wire();
    this.drawTicks();
    new ResizeObserver(() => this.drawTicks()).observe(this.$('.track'));
  }

  wire() {
    this.slider.addEventListener('input', () => this.set(Number(this.slider.value)));
    this.date.addEventListener('change', () => {
      const d = parse(this.date.value);
      if (Number.isFinite(d)) this.set(d);
    });
    const steps = {
      'month-back': d => addMonths(d, -1), 'week-back': d => d - 7, 'day-back': d => d - 1,
      'day-fwd': d => d + 1, 'week-fwd': d => d + 7, 'month-fwd': d => addMonths(d, 1),
      'prev-change': d => this.prevChange(d), 'next-change': d => this.nextChange(d),
    };
    for (const [name, f] of Object.entries(steps)) {
      this.$(`[data-step="${name}"]`).addEventListener('click', () => { this.pause(); this.set(f(this.day)); });
    }
    this.$('#play').addEventListener('click', () => this.toggle());
    document.addEventListener('keydown', e => this.key(e));
  }

  // key steps the day with the arrows (a week with shift) and plays or
  // pauses with space, unless a text field or a select has the focus.
  key(e) {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t instanceof HTMLElement && (t.isContentEditable || t.matches('input:not([type=range]), select, textarea'))) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      this.pause();
      this.set(this.day + (e.key === 'ArrowLeft' ? -1 : 1) * (e.shiftKey ? 7 : 1));
    } else if (e.key === ' ' || e.code === 'Space') {
      e.preventDefault();
      this.toggle();
    }
  }

  prevChange(d) {
    for (let i = this.changes.length - 1; i >= 0; i--) if (this.changes[i] < d) return this.changes[i];
    return d;
  }

  nextChange(d) {
    for (const c of this.changes) if (c > d) return c;
    return d;
  }

  // set makes d (clamped to the range) the day, and tells onDay.
  set(d, quiet = false) {
    d = Math.max(this.min, Math.min(this.max, Math.round(d)));
    const changed = d !== this.day;
    this.day = d;
    this.slider.value = d;
    this.slider.setAttribute('aria-valuetext', shortDate(d));
    this.date.value = iso(d);
    this.label('prev-change', 'Previous change', this.prevChange(d), d);
    this.label('next-change', 'Next change', this.nextChange(d), d);
    this.slider.style.setProperty('--f', ((d - this.min) / (this.max - this.min)).toFixed(5));
    this.markCurrent();
    if (changed && !quiet) this.onDay(d);
  }

  // markCurrent marks the tick of the day's change (or of its week, month
  // or quarter).
  markCurrent() {
    for (const t of this.el.querySelectorAll('.tick')) {
      t.classList.toggle('current', this.day >= Number(t.dataset.day) && this.day <= Number(t.dataset.last));
    }
  }

  // label names the change a jump button goes to, or disables it.
  label(step, what, to, d) {
    const b = this.$(`[data-step="${step}"]`);
    b.disabled = to === d;
    b.title = `${t(what)}: ${to === d ? t('none') : shortDate(to)}`;
    b.setAttribute('aria-label', b.title);
  }

  // x returns the position of day d on the track in px.
  x(d, width) {
    return THUMB / 2 + (d - this.min) / (this.max - this.min) * (width - THUMB);
  }

  drawTicks() {
    const track = this.$('.track');
    const width = track.clientWidth;
    if (!width) return;
    const ticks = this.$('.ticks'), years = this.$('.years');
    ticks.replaceChildren();
    years.replaceChildren();
    // A tick a change day while they stand at least MIN_GAP px apart on
    // average; else one a week, month or quarter, as tall as the number
    // of change days in it, so hundreds of changes stay readable.
    const perPx = (this.max - this.min) / Math.max(1, width - THUMB);
    const buckets = this.changes.length * MIN_GAP <= width ? this.changes.map(c => ({ first: c, last: c, n: 1, label: shortDate(c) }))
      : bucketed(this.changes, ['week', 'month', 'quarter'].find(u => UNIT_DAYS[u] / perPx >= MIN_GAP) ?? 'year');
    const most = Math.max(...buckets.map(b => b.n));
    for (const k of buckets) {
      const b = document.createElement('button');
      b.className = 'tick' + (k.n > 1 || k.first !== k.last || buckets.length < this.changes.length ? ' bucket' : '');
      b.type = 'button';
      b.tabIndex = -1;
      b.dataset.day = k.first;
      b.dataset.last = k.last;
      b.title = buckets.length < this.changes.length ? t(k.n > 1 ? '{n} change days in {when}' : '{n} change day in {when}', { n: k.n, when: k.label }) : t('Change on {day}', { day: k.label });
      b.setAttribute('aria-label', b.title);
      b.style.left = this.x(k.first, width) + 'px';
      b.style.setProperty('--h', (0.35 + 0.65 * Math.sqrt(k.n / most)).toFixed(3));
      b.addEventListener('click', () => { this.pause(); this.set(k.first); });
      ticks.append(b);
    }
    this.markCurrent();
    const span = year(this.max) - year(this.min);
    const every = Math.max(1, Math.ceil(span / Math.max(1, Math.floor(width / 44))));
    for (let y = year(this.min) + 1; y <= year(this.max); y++) {
      const at = this.x(startOfYear(y), width);
      const mark = document.createElement('span');
      mark.className = 'year' + ((y % every) ? ' minor' : '');
      mark.style.left = at + 'px';
      if (!(y % every)) mark.textContent = y;
      years.append(mark);
    }
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  // play advances the day at the chosen speed (days a second) until the
  // end; from the end it starts again at the first change.
  play() {
    if (this.day >= this.max) this.set(this.changes[0] ?? this.min);
    this.playing = true;
    this.$('#play').classList.add('playing');
    this.$('#play').setAttribute('aria-label', t('Pause (space)'));
    this.$('#play').title = t('Pause (space)');
    let last = performance.now(), acc = 0;
    const frame = now => {
      if (!this.playing) return;
      acc += (now - last) / 1000 * Number(this.speed.value);
      last = now;
      if (acc >= 1) {
        const n = Math.floor(acc);
        acc -= n;
        this.set(this.day + n);
        if (this.day >= this.max) { this.pause(); return; }
      }
      this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.$('#play').classList.remove('playing');
    this.$('#play').setAttribute('aria-label', t('Play (space)'));
    this.$('#play').title = t('Play (space)');
  }
}

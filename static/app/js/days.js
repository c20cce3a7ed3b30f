// Days are whole UTC calendar days. Inside the app a day is a number:
// days since 1970-01-01, the same numbers as the from_day/to_day
// properties of our temporal vector tiles. On the wire it is YYYY-MM-DD.

import { locale } from './i18n.js';

const MS = 86400000;

// The first day of Russia's full-scale invasion, for "day N of the war".
export const INVASION = parse('2022-02-24');

// parse returns the day number of a YYYY-MM-DD string, or NaN.
export function parse(s) {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return NaN;
  const t = Date.parse(s + 'T00:00:00Z');
  if (Number.isNaN(t) || iso(t / MS) !== s) return NaN; // 2024-02-30
  return t / MS;
}

// iso formats a day number as YYYY-MM-DD.
export function iso(d) {
  return new Date(d * MS).toISOString().slice(0, 10);
}

// today is the current UTC day.
export function today() {
  return Math.floor(Date.now() / MS);
}

// addMonths moves d by n calendar months, keeping the day of the month
// where it exists (31 January + 1 month = 28 or 29 February).
export function addMonths(d, n) {
  const t = new Date(d * MS);
  const y = t.getUTCFullYear(), m = t.getUTCMonth() + n, dom = t.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(dom, last)) / MS;
}

// year returns the calendar year of d.
export function year(d) {
  return new Date(d * MS).getUTCFullYear();
}

// startOfYear returns the day number of 1 January of year y.
export function startOfYear(y) {
  return Date.UTC(y, 0, 1) / MS;
}

const long = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const medium = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

// longDate formats d as "Monday, 20 January 2025".
export function longDate(d) {
  return long.format(new Date(d * MS));
}

// shortDate formats d as "20 Jan 2025".
export function shortDate(d) {
  return medium.format(new Date(d * MS));
}

// PERIOD_MONTHS is how many calendar months a period of temporal tiles
// spans (tiles.PeriodMonths): periods start in January.
export const PERIOD_MONTHS = 3;

// period names the period of temporal tiles holding d by its first
// month, YYYY-MM (months: the period's length in months).
export function period(d, months = PERIOD_MONTHS) {
  const t = new Date(d * MS);
  const m = Math.floor(t.getUTCMonth() / months) * months + 1;
  return `${t.getUTCFullYear()}-${String(m).padStart(2, '0')}`;
}

// The interface in English and Ukrainian. The language is ?lang=en|uk (and
// then remembered), else the one chosen before (localStorage), else the
// browser's (Ukrainian when it prefers it), else English. Text is keyed by
// its English: t('Area held') is the Ukrainian when the language is
// Ukrainian; {name} in a key is filled from vars. The page's static text
// carries data-i18n (its text) and data-i18n-title (its title, placeholder and
// aria-label), translated by translatePage.

const uk = {
  'frontline: control map of the war in Ukraine': 'frontline: мапа контролю у війні в Україні',
  'Territorial control in Russia\'s war against Ukraine, day by day': 'Територіальний контроль у війні Росії проти України, день за днем',
  'Dataset': 'Набір даних',
  'Language': 'Мова',
  'Download map': 'Завантажити мапу',
  'Download a PNG of this view and day': 'Завантажити PNG цього вигляду й дня',
  'Copy link': 'Копіювати посилання',
  'Copied': 'Скопійовано',
  'Copy failed': 'Не вдалося скопіювати',
  'Copy a link to this day and view': 'Копіювати посилання на цей день і вигляд',
  'Area held': 'Утримувана територія',
  'Russian-occupied area over time': 'Окупована Росією площа з часом',
  'Click the chart to go to a day.': 'Клацніть на графіку, щоб перейти до дня.',
  'Close the region': 'Закрити регіон',
  'Reports': 'Повідомлення',
  'Compare with another day': 'Порівняти з іншим днем',
  'Outline control on': 'Обвести контроль на',
  'Day to compare with': 'День для порівняння',
  'Legend': 'Легенда',
  'Play (space)': 'Відтворити (пробіл)',
  'Pause (space)': 'Пауза (пробіл)',
  'Playback speed': 'Швидкість відтворення',
  '1 week/s': '1 тиждень/с',
  '1 month/s': '1 місяць/с',
  '3 months/s': '3 місяці/с',
  '1 year/s': '1 рік/с',
  'Previous change': 'Попередня зміна',
  'Next change': 'Наступна зміна',
  'none': 'немає',
  'One month back': 'На місяць назад',
  'One week back (shift+←)': 'На тиждень назад (shift+←)',
  'One day back (←)': 'На день назад (←)',
  'One day forward (→)': 'На день уперед (→)',
  'One week forward (shift+→)': 'На тиждень уперед (shift+→)',
  'One month forward': 'На місяць уперед',
  '−1m': '−1м', '−1w': '−1т', '−1d': '−1д', '+1d': '+1д', '+1w': '+1т', '+1m': '+1м',
  'Day': 'День',
  'Day on the timeline': 'День на шкалі часу',
  'Timeline': 'Шкала часу',
  'Control map': 'Мапа контролю',
  'Figures and reports': 'Цифри й повідомлення',
  'Day {n} of Russia\'s full-scale invasion': 'День {n} повномасштабного вторгнення Росії',
  'map as of {day}': 'мапа станом на {day}',
  'Map as of {day}, the last day this dataset observed: later changes are not known.': 'Мапа станом на {day}, останній день, який спостерігав цей набір даних: пізніші зміни невідомі.',
  'No control recorded on this day.': 'Цього дня контроль не зафіксовано.',
  'no data before {day}': 'немає даних до {day}',
  'No data before {day}.': 'Немає даних до {day}.',
  'No data before {day}: this dataset begins then. The empty map is not a map without occupation.': 'Немає даних до {day}: цей набір даних починається тоді. Порожня мапа — не мапа без окупації.',
  'Control areas of the seed data are approximations drawn by frontline; every version names its source.': 'Території контролю початкових даних — наближення, накреслені frontline; кожна версія називає своє джерело.',
  'Control areas: {credit}; every version names its source.': 'Території контролю: {credit}; кожна версія називає своє джерело.',
  'Shares are of {ref}\'s {km2}, Crimea included.': 'Частки — від площі України {km2}, разом із Кримом.',
  'Show this region': 'Показати цей регіон',
  'Go to this day': 'Перейти до цього дня',
  'No reports on this day.': 'Цього дня повідомлень немає.',
  'Earlier': 'Раніше',
  'Loading articles…': 'Завантаження статей…',
  'Articles': 'Статті',
  'No articles reference this region.': 'Жодна стаття не згадує цей регіон.',
  'Russian-occupied': 'Окуповано Росією',
  'Ukrainian-held in Russia': 'Утримується Україною в Росії',
  'Contested, Russian advance': 'Спірна, просування Росії',
  'Contested, Ukrainian advance': 'Спірна, просування України',
  'Contested (grey zone)': 'Спірна (сіра зона)',
  'Retaken by Russia': 'Повернуто Росією',
  'Liberated by Ukraine': 'Звільнено Україною',
  'Claimed by Russia': 'Заявлено Росією',
  'Claimed by Ukraine': 'Заявлено Україною',
  'Open the full map': 'Відкрити повну мапу',
  'Find a town': 'Знайти місто',
  'No town of that name. Did you mean: {names}?': 'Немає міста з такою назвою. Можливо: {names}?',
  '{n} more in the panel': 'ще {n} на панелі',
  'Russia': 'Росія', 'Ukraine': 'Україна',
  '{side} gained a net {km2}': '{side}: чистий приріст {km2}',
  '{side} lost a net {km2}': '{side}: чиста втрата {km2}',
  'no change in held area.': 'утримувана територія не змінилася.',
  'Copy': 'Копіювати', 'Copied': 'Скопійовано', 'Selected: copy it with Ctrl+C': 'Виділено: скопіюйте Ctrl+C',
  'before': 'до', 'after': 'після', 'gained': 'здобуто', 'lost': 'втрачено',
  'Held on {day} (compare)': 'Утримувалося {day} (порівняння)',
  ' onwards': ' і далі',
  'Net change from the published figures; the areas gained and lost need a frontline server.': 'Чиста зміна за опублікованими цифрами; здобуті й утрачені ділянки потребують сервера frontline.',
  'Russian-occupied area over time; click to go to a day': 'Окупована Росією площа з часом; клацніть, щоб перейти до дня',
  '{n} change days in {when}': 'днів зі змінами: {n}, {when}',
  '{n} change day in {when}': 'днів зі змінами: {n}, {when}',
  'Change on {day}': 'Зміна {day}',
  'the week of {day}': 'тиждень від {day}',
  'Dnipro': 'Дніпро', 'Siverskyi Donets': 'Сіверський Донець', 'Oskil': 'Оскіл', 'Desna': 'Десна',
  'The map could not start: ': 'Мапа не змогла запуститися: ',
  'At this point': 'У цій точці',
  'Not held by the other side': 'Не утримується іншою стороною',
  'At sea': 'У морі',
  'Outside the map': 'Поза мапою',
  'No data for this day': 'Немає даних за цей день',
  'since {day}': 'з {day}',
  'Other side: {d}': 'Інша сторона: {d}',
  'Grey zone: {d}': 'Сіра зона: {d}',
  'Changes of hands': 'Зміни контролю',
  'here': 'тут',
  '{km} km {dir}': '{km} км {dir}',
  'north': 'на північ', 'north-east': 'на північний схід', 'east': 'на схід', 'south-east': 'на південний схід',
  'south': 'на південь', 'south-west': 'на південний захід', 'west': 'на захід', 'north-west': 'на північний захід',
};

// html are the Ukrainian of the page's few paragraphs with markup
// (data-i18n-html names them).
const html = {
  'footer-keys': '<kbd>←</kbd> <kbd>→</kbd> — день, із <kbd>shift</kbd> — тиждень, <kbd>пробіл</kbd> — відтворення чи пауза.',
  'footer-credits': 'Кордони й вода: Natural Earth; населені пункти: GeoNames. <span class="server-only">Див. також <a href="examples/leaflet.html">растрові тайли в Leaflet</a> і <a href="api/timeline">JSON API</a>.</span>',
};

const LANGS = ['en', 'uk'];

function pick() {
  const q = new URLSearchParams(location.search).get('lang');
  if (LANGS.includes(q)) {
    try { localStorage.setItem('frontline-lang', q); } catch { /* private mode: this page only */ }
    return q;
  }
  let saved = null;
  try { saved = localStorage.getItem('frontline-lang'); } catch { /* none */ }
  if (LANGS.includes(saved)) return saved;
  return (navigator.languages ?? [navigator.language]).some(l => /^uk\b/i.test(l ?? '')) ? 'uk' : 'en';
}

// lang is the interface's language, locale the one dates and numbers use.
export const lang = pick();
export const locale = lang === 'uk' ? 'uk-UA' : 'en-GB';

// t translates s (its English), filling {name} from vars.
export function t(s, vars) {
  let out = (lang === 'uk' && uk[s]) || s;
  for (const [k, v] of Object.entries(vars ?? {})) out = out.replaceAll(`{${k}}`, v);
  return out;
}

// translatePage translates the static text of the page.
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  if (lang === 'uk') for (const el of root.querySelectorAll('[data-i18n-html]')) el.innerHTML = html[el.dataset.i18nHtml] ?? el.innerHTML;
  for (const el of root.querySelectorAll('[data-i18n-title]')) {
    const s = t(el.dataset.i18nTitle);
    if (el.hasAttribute('title')) el.title = s;
    if (el.hasAttribute('aria-label')) el.setAttribute('aria-label', s);
    if (el.hasAttribute('placeholder')) el.placeholder = s;
  }
  if (lang === 'uk') document.title = t(document.title);
}

// setLang switches the interface and reloads (the map's state is in the URL).
export function setLang(l) {
  try { localStorage.setItem('frontline-lang', l); } catch { /* none */ }
  const u = new URL(location.href);
  u.searchParams.set('lang', l);
  location.href = u.href;
}

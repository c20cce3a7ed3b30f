package geo

import (
	"strings"
	"unicode"
)

// Romanize writes Cyrillic text in Ukraine's official romanisation (Cabinet
// of Ministers resolution 55 of 27 January 2010, "KMU 2010"), the one the
// map's English names use: Харків is Kharkiv, Запоріжжя Zaporizhzhia,
// Гуляйполе Huliaipole, Куп'янськ Kupiansk. Є, Ї, Й, Ю and Я are Ye, Yi, Y,
// Yu and Ya at the start of a word and ie, i, i, iu and ia inside it; зг is
// zgh; the soft sign and apostrophes are dropped. The Russian letters the
// resolution has none for are written the way the resolution would read
// their Ukrainian sound (ы y, э e, ё io, ъ dropped), so that a Russian
// spelling gives a Latin one close to the town's name (Купянск Kupiansk).
// Other characters are kept. A capital's romanisation is capitalised
// (Щ Shch), or all capitals inside a word of capitals.
func Romanize(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i, r := range rs {
		lower := unicode.ToLower(r)
		lat, ok := kmu[lower]
		if !ok {
			if isApostrophe(r) && i > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) {
				continue
			}
			b.WriteRune(r)
			continue
		}
		start := i == 0 || !(unicode.IsLetter(rs[i-1]) || isApostrophe(rs[i-1]))
		if initial, ok := kmuInitial[lower]; ok && start {
			lat = initial
		}
		if lower == 'г' && i > 0 && unicode.ToLower(rs[i-1]) == 'з' {
			lat = "gh"
		}
		if lat == "" || r == lower {
			b.WriteString(lat)
			continue
		}
		if i+1 < len(rs) && unicode.IsUpper(rs[i+1]) || (i > 0 && unicode.IsUpper(rs[i-1]) && (i+1 == len(rs) || !unicode.IsLetter(rs[i+1]))) {
			b.WriteString(strings.ToUpper(lat))
			continue
		}
		b.WriteString(strings.ToUpper(lat[:1]) + lat[1:])
	}
	return b.String()
}

// kmu is each lower-case Cyrillic letter's romanisation inside a word.
var kmu = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie",
	'ж': "zh", 'з': "z", 'и': "y", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l",
	'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ь': "", 'ю': "iu",
	'я': "ia",
	// Russian letters
	'ы': "y", 'э': "e", 'ё': "io", 'ъ': "",
}

// kmuInitial is the romanisation at the start of a word, where it differs.
var kmuInitial = map[rune]string{'є': "ye", 'ї': "yi", 'й': "y", 'ю': "yu", 'я': "ya", 'ё': "yo"}

// isCyrillic reports whether s has a Cyrillic letter.
func isCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

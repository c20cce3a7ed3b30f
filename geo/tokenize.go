package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The gazetteer's tokenizer: text split into words of letters and digits
// of any script, folded for matching (see wordRune).

// tokenize splits s into words, appending them to toks, and returns their
// normalised text, which the tokens' ns and ne index.
func tokenize(s string, toks []token) (string, []token) {
	var norm strings.Builder
	norm.Grow(len(s))
	soft := true
	for i := 0; i < len(s); {
		if !isWordStart(s, i) {
			r, n := utf8.DecodeRuneInString(s[i:])
			soft = soft && (r == ' ' || r == '-' || unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '\u200b')
			i += n
			continue
		}
		t := token{start: i, ns: norm.Len(), soft: soft}
		t.end, t.cyr = scanWord(s, i, &norm)
		t.ne = norm.Len()
		toks = append(toks, t)
		i, soft = t.end+possessive(s, t.end), true
	}
	return norm.String(), toks
}

// scanWord writes the normalised word at s[i:] to norm and returns its end
// and whether all its letters are Cyrillic.
func scanWord(s string, i int, norm *strings.Builder) (end int, cyr bool) {
	cyr = true
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if f, c, ok := wordRune(r); ok {
			cyr = cyr && c
			norm.WriteRune(f)
		} else if isApostrophe(r) {
			if !isWordStart(s, i+n) || possessive(s, i) > 0 {
				return i, cyr
			}
		} else if !unicode.IsMark(r) && r != '\u00ad' && r != '\u200c' && r != '\u200d' && r != '\u2060' {
			return i, cyr
		} // else a mark or invisible: part of the word, left out of its form
		i += n
	}
	return i, cyr
}

// wordRune reports whether r is a letter or digit, and if so returns it
// case-folded (ё as е) and whether it is Cyrillic. ASCII and the common
// Cyrillic letters take a fast path.
func wordRune(r rune) (folded rune, cyr, ok bool) {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return r, false, true
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A', false, true
		}
		return 0, false, false
	case r == 'ё' || r == 'Ё':
		return 'е', true, true
	case 'А' <= r && r <= 'Я':
		return r + 'а' - 'А', true, true
	case 'а' <= r && r <= 'я':
		return r, true, true
	case 'Ѐ' <= r && r <= 'Џ':
		return r + 'ѐ' - 'Ѐ', true, true
	case 'ѐ' <= r && r <= 'џ':
		return r, true, true
	case isApostrophe(r) || !unicode.IsLetter(r) && !unicode.IsDigit(r):
		return 0, false, false
	}
	return unicode.ToLower(unicode.ToUpper(r)), unicode.Is(unicode.Cyrillic, r), true
}

// possessive returns the length of an English possessive "'s" at s[i:], or 0.
func possessive(s string, i int) int {
	r, n := utf8.DecodeRuneInString(s[i:])
	if !isApostrophe(r) || i+n >= len(s) || s[i+n]|0x20 != 's' {
		return 0
	}
	next, _ := utf8.DecodeRuneInString(s[i+n+1:])
	if isWordStart(s, i+n+1) || unicode.IsMark(next) {
		return 0
	}
	return n + 1
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '`', '´':
		return true
	}
	return false
}

// isWordStart reports whether a word starts at s[i:].
func isWordStart(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	_, _, ok := wordRune(r)
	return ok
}

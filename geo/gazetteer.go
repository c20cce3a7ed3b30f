package geo

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Gazetteer finds mentions of regions in text. Build it once with
// NewGazetteer; it is safe for concurrent use. The zero value finds nothing.
//
// Text is split into words: runs of letters and digits of any script.
// Combining marks (stress accents) and soft hyphens inside a word belong to
// it but are ignored, and so is an apostrophe (', ’, ‘, ʼ, `, ´) between two
// letters, so "People's" and "People’s" are the same word and Ukrainian
// "Кам'янка" and "Камʼянка" too. An English possessive "'s" is not part of
// its word, so "Kursk's" mentions Kursk. Words compare case-insensitively
// (Unicode lower case of the upper case, ё as е).
//
// The words of an alias must appear in order, separated only by space or
// dashes, so "Kursk Oblast" matches "Kursk-Oblast" but not "Kursk. Oblast".
// Latin-script words match whole words only: "Kherson" does not match
// "Khersonese" and "Krym" does not match "Krymsky"; English derived forms
// such as "Crimean" match only when given as aliases.
//
// Cyrillic words inflect, so a Cyrillic alias word of four letters or more
// that is not an acronym (all capitals) matches by stem: the stem is the
// word without its final vowel, soft-sign or й letters, at most two and
// keeping four letters ("Запоріжжя" → "запоріжж", "Курская" → "курск",
// "Крым" → "крым"). A text word matches when it is the stem followed by an
// inflection ending: one of the Russian and Ukrainian noun and adjective
// case endings of at most three letters, or the alias' own ending. A
// Ukrainian word closed by і or ї and one consonant also has the stem that
// vowel alternates to (Харків → харков-, харкев-; Київ → києв-). So
// "Крым" matches "Крыму" and "Крыма", "Курская область" matches "Курской
// области" and "Запоріжжя" matches "Запоріжжі", but "Херсон" does not match
// "Херсонес" ("ес" is no ending), "Крым" does not match "Крымск" nor
// "Крымский" and "Крим" does not match "кримінальний".
//
// A designator after a match belongs to the mention: "region(s)",
// "oblast(s)", "province(s)", "People's Republic(s)", "область" and
// "народная/народна республика" in any case, "обл". An alias that ends with
// a designator also yields the alias without it, so "Донецкая область"
// gives "Донецкая", which matches "в Донецкой и Луганской областях".
//
// Where matches overlap, the one with more words wins, then the earlier.
// An alias shared by two regions (after normalisation) belongs to the
// KindAdmin one, else to the first given; so does a text word that two
// stems match.
type Gazetteer struct {
	slugs   []string
	aliases []alias
	first   map[string][]int // alias ids by normalised first word
	stems   map[string][]int // alias ids by first-word stem
	endings map[string]bool  // inflection endings allowed after a stem
	desigs  []alias
	pool    sync.Pool // *scratch
}

// Mention is one match: the region slug and the byte range [Start, End) in
// the text, with Text the matched text[Start:End].
type Mention struct {
	Region     string
	Start, End int
	Text       string
}

// minStem is the fewest letters a Cyrillic stem keeps; shorter alias words
// match exactly.
const minStem = 4

// vowels are the letters a Cyrillic stem drops from the end of a word: the
// vowels, the soft sign and й.
const vowels = "аеиіїоуыэюяєьй"

// maxEnding is the most letters an inflection ending has.
const maxEnding = 3

// inflections are the Russian and Ukrainian noun and adjective case endings
// (ё folded to е). Genitive plurals in -ов/-ев/-ів are left out: place names
// rarely take them and surnames such as "Крымов" do.
var inflections = strings.Fields(`
	а я у ю е є и і ї ы о ь
	ом ем єм ой ей ою ею єю ам ям ах ях ий ій ый ая яя ое ее ую юю
	ым им ім ых их іх ые ие ої ью ья ье ьи ию ия ии
	ами ями ого его ому ему ими ыми іми ові еві єві ьем ьям ьях ией иям иях ьою ьої`)

// designators are the words that may follow a name in a mention.
var designators = []string{
	"region", "regions", "oblast", "oblasts", "province", "provinces",
	"people's republic", "people's republics",
	"область", "обл", "народная республика", "народна республіка",
}

// wordPat matches one normalised word.
type wordPat struct {
	word   string   // the word, or its stem when stem is set
	alts   []string // other stems, for Ukrainian vowel alternation
	stem   bool     // match a stem followed by an inflection ending
	anyGap bool     // any gap may come before this word, not just space or dashes
}

// alias is a sequence of word patterns that names a region.
type alias struct {
	words  []wordPat
	region int // index into Gazetteer.slugs; rank by index
}

// token is one word of a text.
type token struct {
	start, end int  // byte range in the text
	ns, ne     int  // byte range of the normalised word
	soft       bool // only space or dashes come between it and the word before
	cyr        bool // all its letters are Cyrillic
}

// cand is a candidate mention of a region over the tokens [start, end).
// Region indexes are in preference order.
type cand struct {
	start, end, region int
}

// scratch is per-call working memory, pooled to save allocations.
type scratch struct {
	toks  []token
	cands []cand
	taken []bool // tokens in a kept candidate
}

// NewGazetteer builds a gazetteer over regions. Each region's slug (dashes
// read as spaces), name and aliases name it; regions without a slug are
// skipped.
func NewGazetteer(regions []Region) *Gazetteer {
	g := &Gazetteer{
		first:   map[string][]int{},
		stems:   map[string][]int{},
		endings: map[string]bool{"": true},
	}
	for _, e := range inflections {
		g.endings[e] = true
	}
	for _, d := range designators {
		g.desigs = append(g.desigs, g.compile(d, -1)...)
	}
	order := rankOrder(regions)
	ids := map[string]int{} // pattern key → alias id
	for _, ri := range order {
		r := regions[ri]
		g.slugs = append(g.slugs, r.Slug)
		names := append([]string{r.Slug, r.Name}, r.Aliases...)
		for _, name := range names {
			for _, a := range g.compile(name, len(g.slugs)-1) {
				g.add(a, ids)
			}
		}
	}
	return g
}

// rankOrder returns the indexes of the regions with a slug, KindAdmin ones
// first, each group in the given order.
func rankOrder(regions []Region) []int {
	var admin, other []int
	for i, r := range regions {
		switch {
		case r.Slug == "":
		case r.Kind == KindAdmin:
			admin = append(admin, i)
		default:
			other = append(other, i)
		}
	}
	return append(admin, other...)
}

// add indexes a unless an alias with the same patterns is indexed already;
// regions are added best first, so the earlier one keeps it.
func (g *Gazetteer) add(a alias, ids map[string]int) {
	var b strings.Builder
	for _, p := range a.words {
		b.WriteString(p.word)
		b.WriteString(flag(p.stem, "~", "="))
		b.WriteString(flag(p.anyGap, "|", " "))
	}
	key := b.String()
	if _, ok := ids[key]; ok {
		return
	}
	id := len(g.aliases)
	ids[key] = id
	g.aliases = append(g.aliases, a)
	p := a.words[0]
	if !p.stem {
		g.first[p.word] = append(g.first[p.word], id)
		return
	}
	for _, st := range append([]string{p.word}, p.alts...) {
		g.stems[st] = append(g.stems[st], id)
	}
}

func flag(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// compile turns name into the aliases it yields: itself and, when it names a
// region and ends with a designator, itself without it. It records stem
// endings.
func (g *Gazetteer) compile(name string, region int) []alias {
	norm, toks := tokenize(name, nil)
	if len(toks) == 0 {
		return nil
	}
	words := make([]wordPat, len(toks))
	for i, t := range toks {
		words[i] = g.pattern(norm[t.ns:t.ne], name[t.start:t.end], t.cyr)
		words[i].anyGap = i > 0 && !t.soft
	}
	out := []alias{{words: words, region: region}}
	if region < 0 {
		return out
	}
	for _, d := range g.desigs {
		at := len(toks) - len(d.words)
		if at > 0 && toks[at].soft && g.matchAt(d.words, toks, norm, at) == len(toks) {
			out = append(out, alias{words: words[:at], region: region})
			break
		}
	}
	return out
}

// pattern returns the pattern for the normalised word w, written orig.
func (g *Gazetteer) pattern(w, orig string, cyr bool) wordPat {
	if !cyr || utf8.RuneCountInString(w) < minStem || isAcronym(orig) {
		return wordPat{word: w}
	}
	stem := w
	for range 2 {
		r, n := utf8.DecodeLastRuneInString(stem)
		if !strings.ContainsRune(vowels, r) || utf8.RuneCountInString(stem) <= minStem {
			break
		}
		stem = stem[:len(stem)-n]
	}
	g.endings[w[len(stem):]] = true
	return wordPat{word: stem, stem: true, alts: alternate(stem, w[len(stem):])}
}

// alternate returns the other stems of a Ukrainian word whose last syllable
// is closed by one consonant, as і and ї there open to о, е and є when the
// word inflects: Харків → Харкова, Тернопіль → Тернополя, Київ → Києва.
func alternate(stem, ending string) []string {
	if ending != "" && ending != "ь" {
		return nil
	}
	c, n := utf8.DecodeLastRuneInString(stem)
	v, m := utf8.DecodeLastRuneInString(stem[:len(stem)-n])
	if strings.ContainsRune(vowels, c) {
		return nil
	}
	head := stem[:len(stem)-n-m]
	switch v {
	case 'і':
		return []string{head + "о" + stem[len(stem)-n:], head + "е" + stem[len(stem)-n:]}
	case 'ї':
		return []string{head + "є" + stem[len(stem)-n:]}
	}
	return nil
}

// isAcronym reports whether s has two or more letters, all capitals.
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// Mentions returns all mentions in text order (longest match wins where
// matches overlap).
func (g *Gazetteer) Mentions(text string) []Mention {
	if g == nil {
		return nil
	}
	s := g.getScratch()
	defer g.pool.Put(s)
	cs := g.match(text, s)
	if len(cs) == 0 {
		return nil
	}
	out := make([]Mention, 0, len(cs))
	for _, c := range cs {
		start, end := s.toks[c.start].start, s.toks[c.end-1].end
		out = append(out, Mention{Region: g.slugs[c.region], Start: start, End: end, Text: text[start:end]})
	}
	return out
}

// Find returns the slugs of regions mentioned in text, each once, in order
// of first mention.
func (g *Gazetteer) Find(text string) []string {
	if g == nil {
		return nil
	}
	s := g.getScratch()
	defer g.pool.Put(s)
	var out []string
	for _, c := range g.match(text, s) {
		if slug := g.slugs[c.region]; !slices.Contains(out, slug) {
			out = append(out, slug)
		}
	}
	return out
}

func (g *Gazetteer) getScratch() *scratch {
	if s, ok := g.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

// match returns the chosen candidates in text order. They live in s.
func (g *Gazetteer) match(text string, s *scratch) []cand {
	if len(g.aliases) == 0 {
		return nil
	}
	var norm string
	norm, s.toks = tokenize(text, s.toks[:0])
	s.cands = s.cands[:0]
	for i, t := range s.toks {
		w := norm[t.ns:t.ne]
		g.try(s, g.first[w], norm, i)
		if !t.cyr {
			continue
		}
		cut := len(w)
		for k := 0; k <= maxEnding && cut > 0; k++ {
			if ids, ok := g.stems[w[:cut]]; ok && g.endings[w[cut:]] {
				g.try(s, ids, norm, i)
			}
			_, n := utf8.DecodeLastRuneInString(w[:cut])
			cut -= n
		}
	}
	return choose(s)
}

// try adds the candidates of the aliases ids that match at token i.
func (g *Gazetteer) try(s *scratch, ids []int, norm string, i int) {
	for _, id := range ids {
		a := &g.aliases[id]
		end := g.matchAt(a.words, s.toks, norm, i)
		if end < 0 {
			continue
		}
		c := cand{start: i, end: end, region: a.region}
		s.cands = append(s.cands, c)
		if ext := g.designatorEnd(s.toks, norm, end); ext > end {
			c.end = ext
			s.cands = append(s.cands, c)
		}
	}
}

// designatorEnd returns the end of the longest designator at token i, or -1.
func (g *Gazetteer) designatorEnd(toks []token, norm string, i int) int {
	best := -1
	if i >= len(toks) || !toks[i].soft {
		return best
	}
	for _, d := range g.desigs {
		best = max(best, g.matchAt(d.words, toks, norm, i))
	}
	return best
}

// matchAt returns the end of the match of words at token i, or -1.
func (g *Gazetteer) matchAt(words []wordPat, toks []token, norm string, i int) int {
	if i+len(words) > len(toks) {
		return -1
	}
	for k, p := range words {
		t := toks[i+k]
		if k > 0 && !t.soft && !p.anyGap {
			return -1
		}
		if !g.matchWord(p, norm[t.ns:t.ne]) {
			return -1
		}
	}
	return i + len(words)
}

// matchWord reports whether the normalised word w matches p.
func (g *Gazetteer) matchWord(p wordPat, w string) bool {
	if !p.stem {
		return w == p.word
	}
	if strings.HasPrefix(w, p.word) && g.endings[w[len(p.word):]] {
		return true
	}
	for _, st := range p.alts {
		if strings.HasPrefix(w, st) && g.endings[w[len(st):]] {
			return true
		}
	}
	return false
}

// choose keeps the longest of overlapping candidates (then the earlier, then
// the better ranked region) and returns them in text order, reusing s.cands.
func choose(s *scratch) []cand {
	cs := s.cands
	slices.SortFunc(cs, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.end-b.start, a.end-a.start),
			cmp.Compare(a.start, b.start), cmp.Compare(a.region, b.region))
	})
	s.taken = append(s.taken[:0], make([]bool, len(s.toks))...)
	kept := cs[:0]
	for _, c := range cs {
		if !slices.Contains(s.taken[c.start:c.end], true) {
			kept = append(kept, c)
			for i := c.start; i < c.end; i++ {
				s.taken[i] = true
			}
		}
	}
	slices.SortFunc(kept, func(a, b cand) int { return cmp.Compare(a.start, b.start) })
	return kept
}

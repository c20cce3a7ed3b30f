package geo

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/paulmach/orb"
)

// PlaceIndex finds towns by any of their names: English, Ukrainian,
// Russian, older and other spellings (Place.Variants), and Cyrillic
// spelled in Latin letters. Names compare by PlaceKey, so that case,
// apostrophes, dashes, spaces and the usual differences of romanisation
// (Kupyansk, Kupiansk; Hulyaypole, Huliaipole) do not matter, and a
// Cyrillic query is read in Latin letters (geo.Romanize), so that a
// Russian spelling of a town whose Russian name we lack still finds it.
// Build it once with NewPlaceIndex; it is read-only and safe for
// concurrent use.
type PlaceIndex struct {
	places []Place
	names  []placeName // every name of every place, by place order
	byKey  map[string][]int
}

// placeName is one name of a place, keyed.
type placeName struct {
	key, name string
	place     int
}

// PlaceMatch is a place a search found and the name of it that matched.
type PlaceMatch struct {
	Place
	Matched string `json:"matched"`
}

// SameTownKm is how near two places of one name must be to be one town
// (GeoNames and the seed's list both have Zaporizhzhia, 6 km apart).
const SameTownKm = 10

// NewPlaceIndex indexes places, which come ranked: the first of several
// that share a name wins a tie (data/seed gives the towns by rank, then
// population).
func NewPlaceIndex(places []Place) *PlaceIndex {
	ix := &PlaceIndex{places: places, byKey: map[string][]int{}}
	for i, p := range places {
		seen := map[string]bool{}
		for _, n := range append([]string{p.Name, p.NameUK, p.NameRU}, p.Variants...) {
			k := PlaceKey(n)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			ix.names = append(ix.names, placeName{key: k, name: n, place: i})
			ix.byKey[k] = append(ix.byKey[k], i)
		}
	}
	return ix
}

// Places are the places indexed, ranked as given; the caller must not
// change them.
func (ix *PlaceIndex) Places() []Place { return ix.places }

// Len is the number of places indexed.
func (ix *PlaceIndex) Len() int { return len(ix.places) }

// Search returns up to limit places that have a name matching q: first
// those with a name equal to it, then those with a name starting with it,
// then (for three letters or more) those with a name containing it, each
// group in the index's order (by size).
func (ix *PlaceIndex) Search(q string, limit int) []PlaceMatch {
	k := PlaceKey(q)
	if k == "" || limit <= 0 {
		return nil
	}
	best := map[int]int{} // place -> its best class: 0 equal, 1 prefix, 2 infix
	matched := map[int]string{}
	for _, n := range ix.names {
		class := -1
		switch {
		case n.key == k:
			class = 0
		case strings.HasPrefix(n.key, k):
			class = 1
		case len(k) >= 3 && strings.Contains(n.key, k):
			class = 2
		}
		c, ok := best[n.place]
		if class >= 0 && (!ok || class < c || class == c && strings.EqualFold(n.name, q)) {
			best[n.place], matched[n.place] = class, n.name // the name as written wins a tie
		}
	}
	ids := make([]int, 0, len(best))
	for i := range best {
		ids = append(ids, i)
	}
	slices.SortFunc(ids, func(a, b int) int {
		if best[a] != best[b] {
			return best[a] - best[b]
		}
		return a - b
	})
	out := make([]PlaceMatch, 0, min(limit, len(ids)))
	for _, i := range ids[:min(limit, len(ids))] {
		out = append(out, PlaceMatch{Place: ix.places[i], Matched: matched[i]})
	}
	return out
}

// Resolve returns the place a name names. Of several places of that name
// the biggest (first ranked) is meant when the others are smaller towns of
// a lower rank or lie within SameTownKm of it; else the name is ambiguous
// and may be qualified by the oblast after a comma ("Pervomaisk, Luhansk",
// or the ISO code "Pervomaisk, UA-09"). It fails with
// *AmbiguousPlaceError (ErrInvalid) or *UnknownPlaceError (ErrNotFound).
func (ix *PlaceIndex) Resolve(name string) (Place, error) {
	base, qual, _ := strings.Cut(name, ",")
	ids := ix.byKey[PlaceKey(base)]
	if qk := PlaceKey(qual); qk != "" {
		ids = slices.DeleteFunc(slices.Clone(ids), func(i int) bool {
			p := ix.places[i]
			return !strings.HasPrefix(PlaceKey(p.Oblast), qk) && PlaceKey(p.Admin1) != qk
		})
	}
	if len(ids) == 0 {
		return Place{}, &UnknownPlaceError{Name: name, Nearest: ix.Nearest(base, 5)}
	}
	first := ix.places[ids[0]]
	var rivals []Place
	for _, i := range ids[1:] {
		p := ix.places[i]
		if p.Rank <= first.Rank && haversineKm(p.Point(), first.Point()) > SameTownKm {
			rivals = append(rivals, p)
		}
	}
	if len(rivals) == 0 {
		return first, nil
	}
	cands := []Place{first}
	for _, i := range ids[1:] {
		if len(cands) < maxCandidates {
			cands = append(cands, ix.places[i])
		}
	}
	return Place{}, &AmbiguousPlaceError{Name: name, Candidates: cands}
}

// maxCandidates bounds the places an ambiguous name's error lists.
const maxCandidates = 20

// Nearest returns up to n names of places nearest q in spelling (edit
// distance of their keys, at most a third of q's letters and at least 2),
// nearest first, one name a place.
func (ix *PlaceIndex) Nearest(q string, n int) []string {
	k := []rune(PlaceKey(q))
	if len(k) == 0 {
		return nil
	}
	limit := max(2, len(k)/3)
	dist := map[int]int{}
	for _, pn := range ix.names {
		if d := editDistance(k, []rune(pn.key), limit); d <= limit {
			if old, ok := dist[pn.place]; !ok || d < old {
				dist[pn.place] = d
			}
		}
	}
	ids := make([]int, 0, len(dist))
	for i := range dist {
		ids = append(ids, i)
	}
	slices.SortFunc(ids, func(a, b int) int {
		if dist[a] != dist[b] {
			return dist[a] - dist[b]
		}
		return a - b
	})
	var out []string
	for _, i := range ids {
		if len(out) == n {
			break
		}
		if name := ix.places[i].Name; !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// AmbiguousPlaceError is a name several towns share; Candidates lists
// them, biggest first. It is ErrInvalid.
type AmbiguousPlaceError struct {
	Name       string
	Candidates []Place
}

func (e *AmbiguousPlaceError) Error() string {
	var cs []string
	for _, p := range e.Candidates {
		cs = append(cs, p.Name+" ("+p.Oblast+")")
	}
	return fmt.Sprintf("place %s is ambiguous: %s; add the oblast after a comma (place=%s, %s)",
		Echo(e.Name), strings.Join(cs, ", "), e.Candidates[0].Name, e.Candidates[0].Oblast)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *AmbiguousPlaceError) Is(target error) bool { return target == ErrInvalid }

// UnknownPlaceError is a name no town has; Nearest are the names nearest
// it in spelling. It is ErrNotFound.
type UnknownPlaceError struct {
	Name    string
	Nearest []string
}

func (e *UnknownPlaceError) Error() string {
	if len(e.Nearest) == 0 {
		return fmt.Sprintf("no town is named %s", Echo(e.Name))
	}
	return fmt.Sprintf("no town is named %s; nearest spellings: %s", Echo(e.Name), strings.Join(e.Nearest, ", "))
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *UnknownPlaceError) Is(target error) bool { return target == ErrNotFound }

// PlaceKey is the form names compare in: Cyrillic romanised (ё read as
// е), lower case, Latin accents dropped, only letters and digits kept,
// and the differences of romanisation folded: y and j are i, g is h, w
// is v, kh h, zh z, ts c, ch c, sh s, ie e, and a letter doubled is one.
func PlaceKey(s string) string {
	if isCyrillic(s) {
		s = Romanize(strings.NewReplacer("ё", "е", "Ё", "Е").Replace(s))
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := latinFold[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	k := keyFolds.Replace(b.String())
	k = strings.ReplaceAll(k, "ie", "e")
	var out []rune
	for _, r := range k {
		if len(out) == 0 || out[len(out)-1] != r {
			out = append(out, r)
		}
	}
	return string(out)
}

// keyFolds fold the differences of romanisation (PlaceKey).
var keyFolds = strings.NewReplacer("shch", "sc", "kh", "h", "zh", "z", "ts", "c", "tz", "c", "ch", "c", "sh", "s",
	"y", "i", "j", "i", "g", "h", "w", "v", "q", "k", "x", "ks")

// latinFold drops the accents of the Latin letters found in the names of
// the region's places (GeoNames' Orël, Polish and Romanian names).
var latinFold = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ä': 'a', 'ă': 'a', 'ą': 'a', 'ç': 'c', 'ć': 'c', 'č': 'c',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ę': 'e', 'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i',
	'ł': 'l', 'ń': 'n', 'ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'ś': 's', 'ș': 's',
	'ş': 's', 'š': 's', 'ț': 't', 'ţ': 't', 'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y',
	'ź': 'z', 'ż': 'z', 'ž': 'z',
}

// editDistance is the Levenshtein distance of a and b, or limit+1 once it
// is past limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(prev[j-1], prev[j], cur[j-1])
			}
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Around is the bounding box of the disc of radius km around the place.
func (p Place) Around(km float64) orb.Bound {
	dLat := km / kmPerDegree
	dLon := dLat / math.Max(math.Cos(p.Lat*math.Pi/180), 0.01)
	return orb.Bound{Min: orb.Point{p.Lon - dLon, p.Lat - dLat}, Max: orb.Point{p.Lon + dLon, p.Lat + dLat}}
}

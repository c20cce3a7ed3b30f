package geo

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// whereText says where an area is: "1.8 km² west of Toretsk, Donetsk
// oblast".
func whereText(ar ChangeArea) string {
	s := RoundKm2(ar.Km2, "en")
	if len(ar.Near) > 0 {
		t := ar.Near[0]
		if t.Direction == "" {
			s += " at " + t.Name
		} else {
			s += " " + t.Direction + " of " + t.Name
		}
	}
	if ar.Oblast != "" {
		s += ", " + ar.Oblast + " oblast"
	}
	return s
}

// RoundKm2 writes km² for a reader: two significant figures, "under 1
// km²" below one, in lang's number format ("en", "uk").
func RoundKm2(km2 float64, lang string) string {
	unit := " km²"
	if lang == "uk" {
		unit = " км²"
	}
	if km2 < 1 {
		if lang == "uk" {
			return "менше 1" + unit
		}
		return "under 1" + unit
	}
	return formatNumber(twoFigures(km2), lang) + unit
}

// twoFigures rounds x to two significant figures.
func twoFigures(x float64) float64 {
	if x == 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(math.Abs(x)))-1)
	return math.Round(x/p) * p
}

// formatNumber writes x, at most one decimal, with lang's separators:
// "1,200" and "1.5" in English, "1 200" and "1,5" in Ukrainian.
func formatNumber(x float64, lang string) string {
	s := strings.TrimSuffix(strconv.FormatFloat(x, 'f', 1, 64), ".0")
	if x >= 10 {
		s = strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	}
	whole, frac, _ := strings.Cut(s, ".")
	thou, dec := ",", "."
	if lang == "uk" {
		thou, dec = "\u00a0", ","
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(thou)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(dec + frac)
	}
	return b.String()
}

var monthsEN = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// monthsUK are the months in the genitive ("з 1 по 8 грудня").
var monthsUK = [12]string{"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"}

// periodText is "Between 1 and 8 December 2025" or "З 1 по 8 грудня 2025 року".
func periodText(from, to Day, lang string) string {
	f, t := from.Time(), to.Time()
	if lang == "uk" {
		fs := strconv.Itoa(f.Day())
		if f.Month() != t.Month() || f.Year() != t.Year() {
			fs += " " + monthsUK[f.Month()-1]
		}
		if f.Year() != t.Year() {
			fs += " " + strconv.Itoa(f.Year()) + " року"
		}
		return fmt.Sprintf("З %s по %d %s %d року", fs, t.Day(), monthsUK[t.Month()-1], t.Year())
	}
	fs := strconv.Itoa(f.Day())
	if f.Month() != t.Month() || f.Year() != t.Year() {
		fs += " " + monthsEN[f.Month()-1]
	}
	if f.Year() != t.Year() {
		fs += " " + strconv.Itoa(f.Year())
	}
	return fmt.Sprintf("Between %s and %d %s %d", fs, t.Day(), monthsEN[t.Month()-1], t.Year())
}

// dayText is "8 December 2025" or "8 грудня 2025 року".
func dayText(d Day, lang string) string {
	t := d.Time()
	if lang == "uk" {
		return fmt.Sprintf("%d %s %d року", t.Day(), monthsUK[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthsEN[t.Month()-1], t.Year())
}

// anchorTotal is the km² a side gained around one town.
type anchorTotal struct {
	name, nameUK, dir string
	km2               float64
}

// anchors sums a side's listed areas by the town each is grouped under,
// biggest first.
func (r ChangeReport) anchors(side Side) []anchorTotal {
	idx := map[string]int{}
	var out []anchorTotal
	for _, a := range r.Areas {
		if a.Side != side || len(a.Near) == 0 {
			continue
		}
		t := a.Near[len(a.Near)-1]
		i, ok := idx[t.Name]
		if !ok {
			i = len(out)
			idx[t.Name] = i
			out = append(out, anchorTotal{name: t.Name, nameUK: t.NameUK, dir: t.Direction})
		}
		out[i].km2 += a.Km2
	}
	slices.SortStableFunc(out, func(a, b anchorTotal) int { return cmpDesc(a.km2, b.km2) })
	return out
}

// Text is the report as a paragraph a reporter can paste, in lang ("en"
// or "uk"), ending with the credit and, past the data's end, the day the
// map is as of.
func (r ChangeReport) Text(lang string) string {
	if lang != "uk" {
		lang = "en"
	}
	var parts []string
	for _, sc := range r.Sides {
		if s := r.sideText(sc, lang); s != "" {
			parts = append(parts, s)
		}
	}
	for _, sc := range r.Sides {
		if s := r.lossText(sc, lang); s != "" {
			parts = append(parts, s)
		}
	}
	var b strings.Builder
	b.WriteString(periodText(r.From, r.To, lang))
	if scope := r.Scope; scope != "" {
		if lang == "uk" && r.ScopeUK != "" {
			scope = r.ScopeUK
		}
		b.WriteString(" (" + scope + ")")
	}
	if len(parts) == 0 {
		if lang == "uk" {
			b.WriteString(" територія під контролем сторін не змінилася.")
		} else {
			b.WriteString(" no ground changed hands.")
		}
	} else {
		b.WriteString(" " + strings.Join(parts, "; ") + ".")
	}
	for _, t := range r.Turns {
		if t.Km2 < 1 || t.Side == SideNone {
			continue
		}
		b.WriteString(" " + turnText(t, lang))
	}
	if r.Credit != "" {
		if lang == "uk" {
			b.WriteString(" Дані: " + r.Credit + ".")
		} else {
			b.WriteString(" Data: " + r.Credit + ".")
		}
	}
	if r.AsOf != 0 {
		if lang == "uk" {
			b.WriteString(" Станом на " + dayText(r.AsOf, lang) + ".")
		} else {
			b.WriteString(" As of " + dayText(r.AsOf, lang) + ".")
		}
	}
	return b.String()
}

// sideText is one side's clause: "Russian forces gained about 47 km², most
// of it around Pokrovsk (21 km²) and Huliaipole (12 km²)".
func (r ChangeReport) sideText(sc SideChange, lang string) string {
	if sc.GainedKm2 < DefaultSliverKm2 {
		return ""
	}
	var who, verb string
	switch {
	case sc.Side == SideRU && lang == "uk":
		who, verb = "російські війська", "захопили"
	case sc.Side == SideRU:
		who, verb = "Russian forces", "gained"
	case sc.Side == SideUA && lang == "uk":
		who, verb = "українські сили", "відвоювали"
	default:
		who, verb = "Ukrainian forces", "regained"
	}
	about := "about "
	if lang == "uk" {
		about = "близько "
	}
	if sc.GainedKm2 < 1 {
		about = ""
	}
	s := who + " " + verb + " " + about + RoundKm2(sc.GainedKm2, lang)
	as := r.anchors(sc.Side)
	switch {
	case len(as) == 1 || len(as) > 0 && as[0].km2 >= 0.9*sc.GainedKm2:
		s += " " + aroundText(as[0], lang, true)
	case len(as) > 1:
		var names []string
		for _, a := range as[:min(3, len(as))] {
			if a.km2 >= 1 || len(names) == 0 {
				n := aroundText(a, lang, false)
				if len(names) > 0 {
					n = strings.TrimPrefix(strings.TrimPrefix(n, "around "), "біля н. п. ")
				}
				names = append(names, n)
			}
		}
		if lang == "uk" {
			s += ", найбільше — " + joinAnd(names, " і ")
		} else {
			s += ", most of it " + joinAnd(names, " and ")
		}
	}
	return s
}

// lossText says what a side lost that the other side did not gain (ground
// given up to no one, as the seed's withdrawal from Kyiv is drawn):
// "Russian forces lost about 12,000 km²", or "" when the other side's
// gains account for most of it.
func (r ChangeReport) lossText(sc SideChange, lang string) string {
	var other float64
	for _, o := range r.Sides {
		if o.Side != sc.Side {
			other += o.GainedKm2
		}
	}
	lost := sc.LostKm2 - other
	if lost < 1 || lost < 0.5*sc.LostKm2 {
		return ""
	}
	switch {
	case sc.Side == SideRU && lang == "uk":
		return "російські війська втратили близько " + RoundKm2(lost, lang)
	case lang == "uk":
		return "українські сили втратили близько " + RoundKm2(lost, lang)
	}
	return sideWho(sc.Side) + " lost about " + RoundKm2(lost, lang)
}

// aroundText is "north of Kupiansk", "around Pokrovsk (21 km²)" or, in
// Ukrainian, "біля н. п. Покровськ (21 км²)" (the town's name as written,
// not declined).
func aroundText(a anchorTotal, lang string, only bool) string {
	if lang == "uk" {
		name := a.nameUK
		if name == "" {
			name = a.name
		}
		s := "біля н. п. " + name
		if !only {
			s += " (" + RoundKm2(a.km2, lang) + ")"
		}
		return s
	}
	if only && a.dir != "" {
		return a.dir + " of " + a.name
	}
	s := "around " + a.name
	if !only {
		s += " (" + RoundKm2(a.km2, lang) + ")"
	}
	return s
}

func joinAnd(ss []string, and string) string {
	if len(ss) <= 1 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + and + ss[len(ss)-1]
}

// turnText is "About 5 km² of contested ground became held by Russian
// forces." or the reverse.
func turnText(t ContestChange, lang string) string {
	km := RoundKm2(t.Km2, lang)
	switch {
	case lang == "uk" && t.Held && t.Side == SideRU:
		return "Близько " + km + " сірої зони перейшли під контроль російських військ."
	case lang == "uk" && t.Held:
		return "Близько " + km + " сірої зони перейшли під контроль українських сил."
	case lang == "uk" && t.Side == SideRU:
		return "Близько " + km + " під контролем російських військ стали сірою зоною."
	case lang == "uk":
		return "Близько " + km + " під контролем українських сил стали сірою зоною."
	case t.Held:
		return "About " + km + " of contested ground became held by " + sideWho(t.Side) + "."
	}
	return "About " + km + " held by " + sideWho(t.Side) + " became contested."
}

func sideWho(s Side) string {
	if s == SideRU {
		return "Russian forces"
	}
	return "Ukrainian forces"
}

// Package deepstate reads DeepStateMap's raw history (frontline import
// --format deepstate): one GeoJSON file per publication, named by its UTC
// Unix time, whose polygons say what they are only in properties.name. It
// classifies the names, keeps the last map of each UTC day, cuts ground
// Ukraine took back at the border with Russia, and gives each class's
// shape day by day as a geo.Series for the store to write. Bytes and files
// in, domain values out: no SQL, no HTTP.
package deepstate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/frontline-map/frontline/geo"
)

// This file classifies a polygon by its name; read.go reads the files.

// Class is what a polygon of a DeepStateMap snapshot shows, by its
// name.
type Class uint8

// The classes.
const (
	// Unclassified is a name that no rule knows: it is left out
	// and reported (--strict rejects it).
	Unclassified Class = iota
	// Skip is not ground of this war's front: territories that
	// the map marks elsewhere (Transnistria, Abkhazia, ... East Prussia),
	// the Wagner mutiny of June 2023 inside Russia, and Zmiinyi island.
	Skip
	// Occupied is held by Russia: side ru, status occupied
	// (Crimea, ORDLO and Tuzla included).
	Occupied
	// Contested is a grey zone of unknown status, held by neither
	// side: side none, status contested.
	Contested
	// Liberated is ground Ukraine took back ("dismissed"): side ua,
	// status liberated; where the polygon's centroid lies in Russia (outside
	// Ukraine's outline, inside Russia's), ground Ukraine holds in Russia,
	// side ua, status occupied (as the seed's Kursk incursion).
	Liberated
)

func (c Class) String() string {
	switch c {
	case Skip:
		return "skip"
	case Occupied:
		return "occupied"
	case Contested:
		return "contested"
	case Liberated:
		return "liberated"
	}
	return "unclassified"
}

// rules classify a polygon by its name, normalised (see
// normalise: whitespace collapsed, " /// " between parts,
// lower case); the first rule whose pattern matches wins, and a name that
// none matches is unclassified. Since 2024 a name ends with a machine tag
// (" /// geojson.…"): the tag rules come first, and a tag that none of them
// knows leaves the name unclassified whatever its words say. The rules
// after the tags read the untagged names of 2022-2023, Ukrainian, later
// bilingual, that vary in wording (every name of the sample is in
// classify_test.go with its class, and those of the whole archive
// that the sample lacks are in TestRules).
var rules = []struct {
	pattern string
	class   Class
}{
	// The machine tags.
	{`/// geojson\.status\.occupied$`, Occupied},
	{`/// geojson\.status\.unknown$`, Contested},
	{`/// geojson\.status\.dismissed(_at \{\{at:[^}]*\}\})?$`, Liberated},
	{`/// geojson\.territories\.(crimea|ordlo|tuzla)$`, Occupied},
	{`/// geojson\.territories\.(transnistria|abkhazia|tskhinvali-district|karelia|petsamo|salla|kuril|prussia|estonia|latvia|pechorsky-district|ichkeria)$`, Skip},
	// Zmiinyi (Snake Island): held by Russia from 2022-02-24 to 2022-06-30,
	// Ukraine's since, under one name; 6 km² off the coast, no front.
	{`/// geojson\.zmiinyi_island$`, Skip},
	{`/// geojson\.`, Unclassified}, // a tag that no rule above knows

	// Untagged names. First what is not this war's front, whose names say
	// "occupied" too.
	{`придністров|transnistria|абхаз|abkhaz|цхінвал|tskhinval|карелі|karelia|петсамо|petsamo|салла|salla|куриль|kuril|прусс|prussia|естоні|estonia|латві|latvia|печорськ|pechorsk|ічкері|ichkeria`, Skip},
	{`вагнер|wagner`, Skip}, // the mutiny of 2023-06-24, inside Russia
	{`зміїний|snake island`, Skip},
	{`^вологі мрії одного з адмінів$`, Skip}, // "an admin's wet dreams": a joke of 2022-04-15, in Russia
	// Russia's holdings from before 2022.
	{`^крим$|окупований крим|occupied crimea|ордло|cadr|calr|тузла|tuzla`, Occupied},
	// Unknown status, contested (also misspelt), grey zone, "not known
	// exactly", "the situation is unknown", "no information", and what "is
	// reported" (of spring 2022: "the orcs reportedly left").
	{`під питанням|contested|contensed|статус невідомий|unknown status|сіра зона|grey zone|gray zone|невідомо|ситуація невідома|situation is unknown|немає інформації|повідомляється`, Contested},
	// Taken back, before "occupied": "Сєвєродонецьк. Території, відбиті у
	// орків"; "under the control of Ukraine's armed forces".
	{`звільнено|liberated|taken back|recaptured|відбиті|ворога відкинуто|enemy was pushed back|орки відсутні|під контролем зсу`, Liberated},
	{`окупован|occupied|occupation|зайняті ворогом|^захоплено$`, Occupied},
	// A name that is a day, or a place and a day, and nothing else: in the
	// spring of 2022 the map marked ground Ukraine took back with the day
	// ("24.03", "Дорога Тростянець-Суми 31.03").
	{`^[^0-9]*[0-9]{1,2}\.[0-9]{2}$`, Liberated},
}

var rulesRE = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(rules))
	for i, r := range rules {
		out[i] = regexp.MustCompile(r.pattern)
	}
	return out
}()

var partsRE = regexp.MustCompile(`\s*///\s*`)

// normalise collapses every run of white space (NBSP and
// newlines included) into one space, writes the separator of the parts as
// " /// ", trims and lower-cases.
func normalise(name string) string {
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' }), " ")
	name = partsRE.ReplaceAllString(name, " /// ")
	return strings.ToLower(strings.TrimSpace(name))
}

// Classify says what a DeepStateMap polygon named name shows,
// by the first of the rules that matches its normalised name.
func Classify(name string) Class {
	n := normalise(name)
	if n == "" {
		return Unclassified
	}
	for i, re := range rulesRE {
		if re.MatchString(n) {
			return rules[i].class
		}
	}
	return Unclassified
}

// dateRE finds the days in a name: DD.MM, DD.MM.YYYY, and
// DD-DD.MM(.YYYY) for a span ("27-31.03").
var dateRE = regexp.MustCompile(`(?:^|[^0-9])([0-9]{1,2})(?:-([0-9]{1,2}))?\.([0-9]{2})(?:\.((?:19|20)[0-9]{2}))?(?:[^0-9]|$)`)

var atRE = regexp.MustCompile(`\{\{at:([^}]*)\}\}`)

// date is a day a name gives: day and month, and the year if it
// gives one (else 0).
type date struct{ d, m, y int }

// datesOf returns the days a liberated polygon's name carries: its
// {{at:…}} tag, else its words ("Liberated 25.03", "Taken back
// 16.03-17.03", "Звільнено 27-29.03.2022").
func datesOf(name string) []date {
	n := normalise(name)
	if m := atRE.FindStringSubmatch(n); m != nil {
		n = m[1]
	}
	var out []date
	// The days of "16.03-17.03" share the '-': search again from the end
	// of each month (or year).
	for i := 0; i < len(n); {
		loc := dateRE.FindStringSubmatchIndex(n[i:])
		if loc == nil {
			break
		}
		num := func(k int) int {
			if loc[2*k] < 0 {
				return 0
			}
			v, _ := strconv.Atoi(n[i+loc[2*k] : i+loc[2*k+1]])
			return v
		}
		m, y := num(3), num(4)
		out = append(out, date{num(1), m, y})
		if loc[4] >= 0 {
			out = append(out, date{num(2), m, y})
		}
		i += max(loc[7], loc[9])
	}
	return out
}

// key names the date without its year.
func (dt date) key() string { return fmt.Sprintf("%02d.%02d", dt.d, dt.m) }

// day is the date as a day. A date without a year is taken in the year of
// seen (the first snapshot that carries it), or the year before when it
// would fall after seen.
func (dt date) day(seen geo.Day) (geo.Day, bool) {
	y := dt.y
	if y == 0 {
		y = seen.Time().Year()
	}
	day, err := geo.ParseDay(fmt.Sprintf("%04d-%02d-%02d", y, dt.m, dt.d))
	if err != nil {
		return 0, false
	}
	if dt.y == 0 && day > seen {
		if day, err = geo.ParseDay(fmt.Sprintf("%04d-%02d-%02d", y-1, dt.m, dt.d)); err != nil {
			return 0, false
		}
	}
	return day, true
}

// Credit describes a dataset of DeepStateMap's maps where nothing else
// does: title and attribution "DeepStateMap", its site as the source. The
// licence stays empty: the archive states none.
func Credit() geo.DatasetEdit {
	title, site := "DeepStateMap", "https://deepstatemap.live"
	return geo.DatasetEdit{Title: &title, Attribution: &title, SourceURL: &site}
}

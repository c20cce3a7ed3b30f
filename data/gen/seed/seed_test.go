package main

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/gen/internal/gendir"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// These tests check the committed output in data/seed, not the generator:
// they run in milliseconds and fail when a hand edit or a regeneration
// breaks the seed's invariants.

var seedDir = filepath.Join("..", "..", "seed")

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(seedDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func readRegions(t *testing.T) map[string]region {
	t.Helper()
	var rs []region
	readJSON(t, "regions.json", &rs)
	out := map[string]region{}
	for _, r := range rs {
		if _, dup := out[r.Slug]; dup {
			t.Errorf("region %s twice", r.Slug)
		}
		out[r.Slug] = r
	}
	return out
}

// seedVersion is a decoded feature of history.geojson.
type seedVersion struct {
	Region, Side, Status, Source string
	Valid                        geo.Validity
	Shape                        orb.MultiPolygon
}

func readHistory(t *testing.T) []seedVersion {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(seedDir, "history.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatalf("history.geojson: %v", err)
	}
	var out []seedVersion
	for i, f := range fc.Features {
		v := seedVersion{
			Region: f.Properties.MustString("region", ""),
			Side:   f.Properties.MustString("side", ""),
			Status: f.Properties.MustString("status", ""),
			Source: f.Properties.MustString("source", ""),
		}
		var err error
		if v.Valid.From, err = geo.ParseDay(f.Properties.MustString("valid_from", "")); err != nil {
			t.Fatalf("feature %d: %v", i, err)
		}
		v.Valid.To = geo.Forever
		if s, ok := f.Properties["valid_to"].(string); ok {
			if v.Valid.To, err = geo.ParseDay(s); err != nil {
				t.Fatalf("feature %d: %v", i, err)
			}
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			v.Shape = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			v.Shape = g
		default:
			t.Fatalf("feature %d (%s): geometry %T, want Polygon or MultiPolygon", i, v.Region, f.Geometry)
		}
		if !strings.Contains(f.Properties.MustString("source", ""), " ") {
			t.Errorf("feature %d (%s %s): no source", i, v.Region, v.Valid)
		}
		out = append(out, v)
	}
	return out
}

func TestRegions(t *testing.T) {
	regions := readRegions(t)
	aliases := map[string]string{}
	for slug, r := range regions {
		if _, err := geo.ParseKind(r.Kind); err != nil {
			t.Errorf("%s: %v", slug, err)
		}
		if r.Name == "" || (r.Country != "UA" && r.Country != "RU") {
			t.Errorf("%s: name %q country %q", slug, r.Name, r.Country)
		}
		for _, a := range r.Aliases {
			k := strings.ToLower(a)
			if other, dup := aliases[k]; dup {
				t.Errorf("alias %q of %s is also an alias of %s", a, slug, other)
			}
			aliases[k] = slug
		}
	}
	for _, slug := range []string{"crimea", "sevastopol", "kyiv-city", "donetsk-oblast", "luhansk-oblast",
		"zaporizhzhia-oblast", "kherson-oblast", "kursk-oblast", "kursk-incursion", "claim-crimea",
		"claim-donetsk-oblast", "claim-luhansk-oblast", "claim-zaporizhzhia-oblast", "claim-kherson-oblast"} {
		if _, ok := regions[slug]; !ok {
			t.Errorf("no region %s", slug)
		}
	}
	n := 0
	for _, r := range regions {
		if r.Country == "UA" && r.Kind == "admin" {
			n++
		}
	}
	if n != 27 {
		t.Errorf("got %d Ukrainian admin regions, want 27", n)
	}
}

func TestHistoryRegionsAndValidity(t *testing.T) {
	regions := readRegions(t)
	vs := readHistory(t)
	byRegion := map[string][]seedVersion{}
	for _, v := range vs {
		if _, ok := regions[v.Region]; !ok {
			t.Errorf("version of unknown region %q", v.Region)
		}
		if _, err := geo.ParseSide(v.Side); err != nil {
			t.Errorf("%s: %v", v.Region, err)
		}
		if _, err := geo.ParseStatus(v.Status); err != nil {
			t.Errorf("%s: %v", v.Region, err)
		}
		if !v.Valid.Valid() {
			t.Errorf("%s: empty validity %s", v.Region, v.Valid)
		}
		for _, o := range byRegion[v.Region] {
			if o.Valid.Overlaps(v.Valid) {
				t.Errorf("%s: %s overlaps %s", v.Region, v.Valid, o.Valid)
			}
			if o.Valid.To == v.Valid.From && orb.Equal(o.Shape, v.Shape) {
				t.Errorf("%s: %s and %s have the same shape; want one version", v.Region, o.Valid, v.Valid)
			}
		}
		byRegion[v.Region] = append(byRegion[v.Region], v)
	}
}

func TestHistoryGeometry(t *testing.T) {
	for _, v := range readHistory(t) {
		for _, p := range v.Shape {
			for i, r := range p {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Errorf("%s %s: ring of %d points not closed", v.Region, v.Valid, len(r))
					continue
				}
				if ccw := planarArea(r) > 0; ccw != (i == 0) {
					t.Errorf("%s %s: ring %d wound against RFC 7946 (outer rings counter-clockwise, holes clockwise)", v.Region, v.Valid, i)
				}
				for _, pt := range r {
					if math.Abs(pt[0]*1e6-math.Round(pt[0]*1e6)) > 1e-3 || math.Abs(pt[1]*1e6-math.Round(pt[1]*1e6)) > 1e-3 {
						t.Errorf("%s %s: %v has more than 6 decimals", v.Region, v.Valid, pt)
						break
					}
				}
			}
		}
	}
}

// planarArea is the signed shoelace area of r in lon/lat, positive for a
// counter-clockwise ring.
func planarArea(r orb.Ring) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s / 2
}

func TestKurskIncursionAreas(t *testing.T) {
	want := map[string]float64{ // km² held by Ukraine from each day, as Ukraine's command gave them (or schematic)
		"2024-08-06": 150, "2024-08-12": 1000, "2024-08-15": 1150, "2024-08-20": 1263, "2024-08-27": 1294,
		"2024-11-23": 800, "2025-03-13": 140,
	}
	got := map[string]float64{}
	holdsSudzha := map[string]bool{}
	var last geo.Day
	var targets []string
	for day := range want {
		targets = append(targets, day)
	}
	sort.Strings(targets)
	for _, v := range readHistory(t) {
		if v.Region == "kursk-incursion" {
			from := v.Valid.From.String()
			got[from] = geo.AreaKm2(v.Shape)
			holdsSudzha[from] = planar.MultiPolygonContains(v.Shape, places["Sudzha"])
			last = max(last, v.Valid.To)
			if !strings.Contains(v.Source, "schematic") {
				t.Errorf("%s: source %q does not say the shape is schematic", v.Valid.From, v.Source)
			}
			// A version between targets (an event's day) has its target's area.
			if i := sort.SearchStrings(targets, from); (i == len(targets) || targets[i] != from) && i > 0 {
				if km2 := want[targets[i-1]]; math.Abs(got[from]-km2) > 0.03*km2 {
					t.Errorf("%s: got %.0f km², want the %.0f of %s ± 3%%", from, got[from], km2, targets[i-1])
				}
			}
		}
	}
	for day, km2 := range want {
		t.Run(day, func(t *testing.T) {
			a, ok := got[day]
			if !ok {
				t.Fatalf("no version from %s", day)
			}
			if math.Abs(a-km2) > 0.03*km2 {
				t.Errorf("got %.0f km², want %.0f ± 3%%", a, km2)
			}
		})
	}
	// Sudzha is contested from 2024-08-08 and held by Ukraine from 2024-08-15
	// (the events table).
	for _, day := range []string{"2024-08-15", "2024-08-27", "2024-11-23"} {
		if !holdsSudzha[day] {
			t.Errorf("%s: the incursion does not hold Sudzha", day)
		}
	}
	if holdsSudzha["2025-03-13"] {
		t.Errorf("2025-03-13: the incursion still holds Sudzha, which Russia retook that day")
	}
	if last.String() != "2025-04-26" {
		t.Errorf("incursion ends %s, want 2025-04-26", last)
	}
}

// TestKeyDates2022: Kyiv oblast is free from 2022-04-02 while Chernihiv
// and Sumy oblasts are not yet; Kherson's right bank is retaken in steps,
// the north in early October, the rest on 2022-11-11.
func TestKeyDates2022(t *testing.T) {
	held := func(region, day string) float64 {
		d := geo.MustParseDay(day)
		var km2 float64
		for _, v := range readHistory(t) {
			if v.Region == region && v.Side == "ru" && v.Status == "occupied" && v.Valid.Contains(d) {
				km2 += geo.AreaKm2(v.Shape)
			}
		}
		return km2
	}
	if a := held("kyiv-oblast", "2022-04-01"); a < 1000 {
		t.Errorf("kyiv-oblast on 2022-04-01: %.0f km² held, want the occupation still there", a)
	}
	if a := held("kyiv-oblast", "2022-04-02"); a != 0 {
		t.Errorf("kyiv-oblast on 2022-04-02: %.0f km² held, want none", a)
	}
	for _, r := range []string{"chernihiv-oblast", "sumy-oblast"} {
		if a := held(r, "2022-04-03"); a < 1000 {
			t.Errorf("%s on 2022-04-03: %.0f km² held, want the occupation still there", r, a)
		}
	}
	sep, oct, nov := held("kherson-oblast", "2022-10-01"), held("kherson-oblast", "2022-10-04"), held("kherson-oblast", "2022-11-11")
	if !(sep-oct > 500 && oct-nov > 2000) {
		t.Errorf("kherson-oblast held: %.0f km² on 2022-10-01, %.0f on 2022-10-04, %.0f on 2022-11-11: want two steps down", sep, oct, nov)
	}
}

func TestRussianHeldShare(t *testing.T) {
	regions := readRegions(t)
	day := geo.MustParseDay("2025-01-20")
	// The versions of different regions are clipped to different units and
	// never overlap, so their areas add up.
	var km2 float64
	for _, v := range readHistory(t) {
		if v.Side == "ru" && v.Status == "occupied" && v.Valid.Contains(day) && regions[v.Region].Country == "UA" {
			km2 += geo.AreaKm2(v.Shape)
		}
	}
	if km2 < 105000 || km2 > 118000 {
		t.Errorf("Russian-held area in Ukraine on %s: got %.0f km², want 105,000-118,000", day, km2)
	}
}

func TestArticles(t *testing.T) {
	var as []article
	readJSON(t, "articles.json", &as)
	if len(as) < 10 {
		t.Errorf("got %d articles, want at least 10", len(as))
	}
	urls := map[string]bool{}
	for _, a := range as {
		if _, err := geo.ParseDay(a.Published); err != nil {
			t.Errorf("%q: %v", a.Title, err)
		}
		u, err := url.Parse(a.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			t.Errorf("%q: bad url %q", a.Title, a.URL)
		}
		if urls[a.URL] {
			t.Errorf("%q: url %s used twice", a.Title, a.URL)
		}
		urls[a.URL] = true
		if a.Title == "" || a.Outlet == "" || a.Summary == "" {
			t.Errorf("%q: empty title, outlet or summary", a.Title)
		}
		if a.Published == "2025-01-20" {
			for _, w := range []string{"Crimea", "Donetsk", "Luhansk", "Zaporizhzhia", "Kherson", "Kursk", "just under a fifth", "1,300"} {
				if !strings.Contains(a.Summary, w) {
					t.Errorf("2025-01-20 article: summary lacks %q", w)
				}
			}
		}
	}
}

// TestKeyDatesEachQuarter: the mainland map changes at least once in each
// quarter from 2025 through mid-2026, and Russian forces enter
// Dnipropetrovsk oblast in 2025.
func TestKeyDatesEachQuarter(t *testing.T) {
	quarters := map[string]bool{}
	var dnipro []string
	for _, v := range readHistory(t) {
		if v.Side != "ru" || v.Status != "occupied" || v.Region == "crimea" || v.Region == "sevastopol" {
			continue
		}
		d := v.Valid.From.String()
		m, _ := strconv.Atoi(d[5:7])
		quarters[fmt.Sprintf("%s-Q%d", d[:4], (m+2)/3)] = true
		if v.Region == "dnipropetrovsk-oblast" {
			dnipro = append(dnipro, d)
			if !strings.Contains(v.Source, "schematic") {
				t.Errorf("dnipropetrovsk-oblast from %s: source does not say schematic", d)
			}
		}
	}
	for _, q := range []string{"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"} {
		if !quarters[q] {
			t.Errorf("no key date in %s", q)
		}
	}
	if len(dnipro) == 0 || dnipro[0] < "2025-01-01" || dnipro[0] > "2025-12-31" {
		t.Errorf("dnipropetrovsk-oblast versions from %v: want the first in 2025", dnipro)
	}
}

// TestTowns checks towns.json: GeoNames towns of Ukraine and the Russian
// border oblasts, the towns of this front ranked to be labelled from zoom
// 6 under their official names, no soft signs left.
func TestTowns(t *testing.T) {
	var ts []town
	readJSON(t, "towns.json", &ts)
	if len(ts) < 1500 {
		t.Fatalf("%d towns, want the GeoNames towns of 1,000 people and more", len(ts))
	}
	rank := map[string]int{}
	for _, tw := range ts {
		if tw.Rank < 2 || tw.Rank > 4 || strings.ContainsAny(tw.Name, "’'") || !townArea.Contains(orb.Point{tw.Lon, tw.Lat}) {
			t.Errorf("town %+v", tw)
		}
		if _, dup := rank[tw.Name]; !dup || tw.Rank < rank[tw.Name] {
			rank[tw.Name] = tw.Rank
		}
	}
	for _, name := range []string{"Pokrovsk", "Kupiansk", "Huliaipole", "Sudzha", "Kostiantynivka", "Vovchansk", "Kramatorsk"} {
		if r, ok := rank[name]; !ok || r > 3 {
			t.Errorf("%s: rank %d (%v), want a town of the front", name, r, ok)
		}
	}
}

// TestTownNames checks the Cyrillic names of towns.json: every town of
// rank 2 and 3 has them; a Ukrainian town's name is the official
// romanisation of its Ukrainian name (KMU 2010), a Russian town's is
// GeoNames' spelling of its Russian name (compared by geo.PlaceKey); a
// town named in places.json has the names given there; every town has
// its admin-1 unit, of its country.
func TestTownNames(t *testing.T) {
	var ts []town
	readJSON(t, "towns.json", &ts)
	var places []geo.Place
	readJSON(t, "places.json", &places)
	named := 0
	for _, tw := range ts {
		if !strings.HasPrefix(tw.Admin1, tw.Country+"-") {
			t.Errorf("%s: admin-1 unit %q, want one of %s", tw.Name, tw.Admin1, tw.Country)
		}
		if tw.NameUK == "" || tw.NameRU == "" {
			if tw.Rank <= 3 {
				t.Errorf("%s (rank %d): name_uk %q, name_ru %q", tw.Name, tw.Rank, tw.NameUK, tw.NameRU)
			}
			continue
		}
		named++
		switch tw.Country {
		case "UA":
			if got := geo.Romanize(tw.NameUK); got != tw.Name {
				t.Errorf("%s: name_uk %s romanises as %s", tw.Name, tw.NameUK, got)
			}
		case "RU":
			if geo.PlaceKey(tw.NameRU) != geo.PlaceKey(tw.Name) {
				t.Errorf("%s: name_ru %s reads %s", tw.Name, tw.NameRU, geo.Romanize(tw.NameRU))
			}
		}
		for _, p := range places {
			if p.Name == tw.Name && distanceKm(p.Point(), orb.Point{tw.Lon, tw.Lat}) <= 5 && (p.NameUK != tw.NameUK || p.NameRU != tw.NameRU) {
				t.Errorf("%s: %s, %s; places.json says %s, %s", tw.Name, tw.NameUK, tw.NameRU, p.NameUK, p.NameRU)
			}
		}
	}
	if named < 250 {
		t.Errorf("%d towns named in Cyrillic, want the 267 of rank 2 and 3 at least", named)
	}
}

// TestTownsRegenerate makes towns.json again from the basemap extracts
// and Natural Earth's admin-1 units, when they are at hand, and compares
// it with the committed file byte for byte.
func TestTownsRegenerate(t *testing.T) {
	src := filepath.Join(gendir.Dir(), "..", "..", "..", "shared", "data", "basemap", "basemap-extracts.tar.gz")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("extracts not found at %s: not regenerating", src)
	}
	units, err := rgeoProvinces()
	if err != nil {
		t.Skipf("Natural Earth admin-1 units: %v", err)
	}
	out := filepath.Join(t.TempDir(), "towns.json")
	if _, err := writeTowns(src, units, out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(seedDir, "towns.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("the generator makes a different towns.json than data/seed's: run go run ./seed from data/gen")
	}
}

package deepstate

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/internal/dsfixture"
	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/geo"
)

// skipStamps are the days of skipFixture, 12:00 UTC: the name
// "Liberated 25.03" is first on the map of 2024-03-26, so that the days of
// 2025 read it as 2024-03-25 only if the skipped days are skimmed.
var skipStamps = []int64{1711454400, 1717243200, 1743508800, 1743595200, 1743681600}

// skipBodies are the maps of skipFixture's days: each day's its own,
// with every class, the cut at the border and a name with a day.
func skipBodies() []string {
	var out []string
	for i := range skipStamps {
		r := 0.1 + 0.01*float64(i)
		out = append(out, dsfixture.Collection(
			dsfixture.Polygon("Окуповано /// Occupied /// geoJSON.status.occupied", dsfixture.Square(37.8, 48.0, r)),
			dsfixture.Polygon("Статус невідомий /// Unknown status /// geoJSON.status.unknown", dsfixture.Grey),
			dsfixture.Polygon("Звільнено /// Liberated /// geoJSON.status.dismissed", dsfixture.Kursk),
			dsfixture.Polygon("Звільнено 25.03 /// Liberated 25.03 /// geoJSON.status.dismissed_at {{at:25.03}}", dsfixture.Square(36.9, 49.9, r/2)),
			dsfixture.Point))
	}
	return out
}

// skipFixture writes a history of one file a day.
func skipFixture(t *testing.T, bodies []string) string {
	t.Helper()
	dir := t.TempDir()
	for i, b := range bodies {
		name := strconv.FormatInt(skipStamps[i], 10) + ".geojson"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// importedOf is what a store has after writing sr.
func importedOf(sr geo.Series) *geo.Imported {
	im := &geo.Imported{Digests: sr.Digests}
	for _, rd := range sr.Regions {
		im.Regions = append(im.Regions, rd.Region.Slug)
	}
	return im
}

// readCounting reads src with im, and the files it parsed.
func readCounting(t *testing.T, src string, im *geo.Imported) (*History, []string) {
	t.Helper()
	var parsed []string
	opt := Options{Options: series.Options{Imported: im, Parsing: func(name string) { parsed = append(parsed, name) }}}
	h, err := ReadPath(context.Background(), src, opt)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(parsed)
	return h, parsed
}

// TestReadSkipsImported (issue #19): a history read again with what the
// store has of it parses none of its days, yet gives the same names and
// observed range; with one day's file changed, that day and the next are
// parsed, into the days a full read gives (the years of names' days
// included).
func TestReadSkipsImported(t *testing.T) {
	bodies := skipBodies()
	first, parsed := readCounting(t, skipFixture(t, bodies), nil)
	if len(parsed) != 5 {
		t.Fatalf("first read parsed %d files, want 5", len(parsed))
	}
	sr := first.Series("")
	im := importedOf(sr)
	if len(sr.Digests) != 5 || sr.Skipped != 0 {
		t.Fatalf("first read: %d digests, %d skipped; want 5, 0", len(sr.Digests), sr.Skipped)
	}

	again, parsed := readCounting(t, skipFixture(t, bodies), im)
	sr2 := again.Series("")
	if len(parsed) != 0 || again.Parsed != 0 || sr2.Skipped != 5 || sr2.Days() != 0 || len(sr2.Digests) != 0 {
		t.Errorf("again: parsed %v (%d), skipped %d, region-days %d, digests %d; want none parsed, 5 skipped, no days or digests",
			parsed, again.Parsed, sr2.Skipped, sr2.Days(), len(sr2.Digests))
	}
	if !reflect.DeepEqual(again.Names, first.Names) || sr2.First != sr.First || sr2.Last != sr.Last || sr2.Features != sr.Features {
		t.Errorf("again: names %v, %s..%s, %d features; want %v, %s..%s, %d", again.Names, sr2.First, sr2.Last, sr2.Features,
			first.Names, sr.First, sr.Last, sr.Features)
	}

	bodies[2] = strings.Replace(bodies[2], dsfixture.Grey, dsfixture.Square(38.2, 48.3, 0.07), 1)
	changed := skipFixture(t, bodies)
	got, parsed := readCounting(t, changed, im)
	if want := []string{"1743508800.geojson", "1743595200.geojson"}; !slices.Equal(parsed, want) {
		t.Errorf("one day changed: parsed %v, want %v", parsed, want)
	}
	full, _ := readCounting(t, changed, nil)
	fullSr, gotSr := full.Series(""), got.Series("")
	if gotSr.Skipped != 3 || len(gotSr.Regions) != len(fullSr.Regions) {
		t.Fatalf("one day changed: %d skipped, %d regions; want 3, %d", gotSr.Skipped, len(gotSr.Regions), len(fullSr.Regions))
	}
	for i, rd := range gotSr.Regions {
		want := fullSr.Regions[i].Days[2:4]
		if !reflect.DeepEqual(rd.Days, want) {
			t.Errorf("%s: got days %+v, want %+v", rd.Region.Slug, rd.Days, want)
		}
	}
	for _, d := range []geo.Day{gotSr.Regions[0].Days[0].Day, gotSr.Regions[0].Days[1].Day} {
		if gotSr.Digests[d] != fullSr.Digests[d] || gotSr.Digests[d] == (geo.Digest{}) {
			t.Errorf("%s: digest %x, want %x", d, gotSr.Digests[d], fullSr.Digests[d])
		}
	}
}

// TestReadSkipOutOfOrder: a source that sends a changed day after the day
// after it, which was skipped, is read again without the digests.
func TestReadSkipOutOfOrder(t *testing.T) {
	bodies := skipBodies()
	first, _ := readCounting(t, skipFixture(t, bodies), nil)
	im := importedOf(first.Series(""))
	bodies[2] = dsfixture.Collection(dsfixture.Polygon("Окуповано", dsfixture.Square(37.8, 48.0, 0.5)))
	order := []int{0, 1, 3, 2, 4}
	walk := func(add func(string, io.Reader) error) error {
		for _, i := range order {
			if err := add(strconv.FormatInt(skipStamps[i], 10)+".geojson", strings.NewReader(bodies[i])); err != nil {
				return err
			}
		}
		return nil
	}
	_, err := Read(context.Background(), "test", walk, Options{Options: series.Options{Imported: im}})
	if !errors.Is(err, ErrUnordered) {
		t.Errorf("got %v, want ErrUnordered", err)
	}
	order = []int{0, 1, 2, 4, 3}
	if _, err := Read(context.Background(), "test", walk, Options{Options: series.Options{Imported: im}}); err != nil {
		t.Errorf("late, but nothing skipped after the changed day: got %v, want none", err)
	}
}

// TestDropCoordinates: what skim decodes keeps every key but the
// coordinates' numbers.
func TestDropCoordinates(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"polygon":     {`{"coordinates":[[[1,2],[3,4]]],"type":"Polygon"}`, `{"coordinates":[],"type":"Polygon"}`},
		"spaces":      {`{"coordinates" : [ [1] ] }`, `{"coordinates" : [] }`},
		"not array":   {`{"coordinates":"x","name":"[coordinates]"}`, `{"coordinates":"x","name":"[coordinates]"}`},
		"cut short":   {`{"coordinates":[[1,2]`, `{"coordinates":[]`},
		"no such key": {`{"name":"a"}`, `{"name":"a"}`},
	} {
		t.Run(name, func(t *testing.T) {
			if got := string(dropCoordinates([]byte(tc.in))); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

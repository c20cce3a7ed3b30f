package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/pgtest"
)

// TestPlacesCLI: frontline places finds the seed's towns by any name, and
// --place of the commands that take --bbox refuses an ambiguous or
// unknown name as bad usage, with the candidates or nearest spellings.
func TestPlacesCLI(t *testing.T) {
	db := seededCopy(t)
	for q, want := range map[string]string{
		"Купянск": "Kupiansk", "Kupyansk": "Kupiansk", "Артёмовск": "Bakhmut", "Artemivsk": "Bakhmut",
		"Odessa": "Odesa", "Харків": "Kharkiv", "Покровськ": "Pokrovsk",
		"Новоайдар": "Novoaidar", "Чугуев": "Chuhuiv", "Снігурівка": "Snihurivka",
	} {
		code, stdout, stderr := runCLI(t, db, "", "places", q, "--json", "--limit", "1")
		var body struct {
			Places []struct {
				Name, Oblast string
				NameUK       string `json:"name_uk"`
				Lat, Lon     float64
			}
		}
		if err := json.Unmarshal([]byte(stdout), &body); code != 0 || err != nil || len(body.Places) != 1 {
			t.Errorf("places %s: exit %d, %v: %s %s", q, code, err, stdout, stderr)
			continue
		}
		if p := body.Places[0]; p.Name != want || p.Oblast == "" || p.NameUK == "" || p.Lat < 44 || p.Lon < 22 {
			t.Errorf("places %s: %+v, want %s with its oblast, Ukrainian name and coordinates", q, p, want)
		}
	}
	if code, stdout, _ := runCLI(t, db, "", "places", "Pokr"); code != 0 || !strings.HasPrefix(strings.Split(stdout, "\n")[1], "Pokrovsk ") {
		t.Errorf("places Pokr: exit %d\n%s\nwant Pokrovsk first", code, stdout)
	}
	for _, tc := range []struct{ args, want []string }{
		{[]string{"timeline", "--place", "Pervomaisk"}, []string{"ambiguous", "Pervomaisk (Mykolaiv)", "Pervomaisk (Luhansk)"}},
		{[]string{"timeline", "--place", "Kupiansc"}, []string{"nearest spellings: Kupiansk"}},
		{[]string{"timeline", "--place", "Kupiansk", "--bbox", "37,49,38,50"}, []string{"not both"}},
		{[]string{"snapshot", "-o", "x.png", "--place", "Bakhmut", "--region", "crimea"}, []string{"not both"}},
		{[]string{"publish", "--out", t.TempDir(), "--place", "Nowhereville"}, []string{"no town is named"}},
		{[]string{"places"}, []string{"QUERY is required"}},
	} {
		code, _, stderr := runCLI(t, db, "", tc.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d: %s", tc.args, code, exitUsage, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr %q, want %q", tc.args, stderr, w)
			}
		}
	}
	_, all, _ := runCLI(t, db, "", "timeline", "--json")
	code, near, stderr := runCLI(t, db, "", "timeline", "--json", "--place", "Pervomaisk, Luhansk", "--radius", "25")
	if code != 0 || len(near) >= len(all) {
		t.Errorf("timeline --place \"Pervomaisk, Luhansk\": exit %d, %d bytes (all: %d): %s", code, len(near), len(all), stderr)
	}
}

// TestPlacesOnStores: over HTTP, on SQLite and PostgreSQL, place= gives
// what its bounding box gives, /api/places answers, and a bad name is
// 400 or 404 with the candidates or nearest spellings.
func TestPlacesOnStores(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers on both stores")
	}
	for name, db := range map[string]string{"sqlite": "", "postgres": pgtest.URL(t)} {
		t.Run(name, func(t *testing.T) {
			base, _ := testServerWith(t, testSetup{db: db})
			resp, body := get(t, base+"/api/places?q="+url.QueryEscape("Куп'янськ"))
			if resp.StatusCode != 200 || !strings.Contains(string(body), `"name":"Kupiansk"`) || !strings.Contains(string(body), `"oblast":"Kharkiv"`) {
				t.Errorf("/api/places?q=Куп'янськ: %d %s", resp.StatusCode, body)
			}
			_, byPlace := get(t, base+"/api/timeline?place=Pokrovsk&radius=40")
			_, all := get(t, base+"/api/timeline")
			if len(byPlace) >= len(all) || !strings.Contains(string(byPlace), `"days"`) {
				t.Errorf("timeline around Pokrovsk: %d bytes, everywhere %d: want fewer days", len(byPlace), len(all))
			}
			resp, png := get(t, base+"/snapshot.png?day=2025-01-20&place="+url.QueryEscape("Красноармейск")+"&width=400&height=300")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || len(png) < 1000 {
				t.Errorf("snapshot place=Красноармейск: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			resp, body = get(t, base+"/api/timeline?place=Pervomaisk")
			if resp.StatusCode != 400 || !strings.Contains(string(body), `"candidates"`) || !strings.Contains(string(body), `"oblast":"Luhansk"`) {
				t.Errorf("place=Pervomaisk: %d %s, want 400 with the candidates", resp.StatusCode, body)
			}
			// A point by name: the same answer as its lat and lon.
			_, byName := get(t, base+"/api/point?day=2024-08-20&place="+url.QueryEscape("Суджа"))
			ix, err := placeIndex()
			if err != nil {
				t.Fatal(err)
			}
			pl, err := ix.Resolve("Sudzha")
			if err != nil {
				t.Fatal(err)
			}
			_, byLatLon := get(t, base+fmt.Sprintf("/api/point?day=2024-08-20&lat=%g&lon=%g", pl.Lat, pl.Lon))
			if !strings.Contains(string(byName), `"status"`) || string(byName) != string(byLatLon) {
				t.Errorf("/api/point?place=Суджа: %s\nlat/lon: %s", byName, byLatLon)
			}
			resp, body = get(t, base+"/api/point/history?place=Pervomaisk")
			if resp.StatusCode != 400 || !strings.Contains(string(body), `"candidates"`) {
				t.Errorf("/api/point/history?place=Pervomaisk: %d %s, want 400 with the candidates", resp.StatusCode, body)
			}
			resp, body = get(t, base+"/api/point?place=Sudzha&lat=1&lon=1")
			if resp.StatusCode != 400 {
				t.Errorf("place= and lat/lon: %d %s, want 400", resp.StatusCode, body)
			}
			resp, body = post(t, base+"/api/points?day=2024-08-20", "",
				`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"place":"Kupyansk"}},`+
					`{"type":"Feature","geometry":{"type":"Point","coordinates":[37.6,49.7]},"properties":{}}]}`)
			if resp.StatusCode != 200 || strings.Count(string(body), `"status"`) != 2 {
				t.Errorf("POST /api/points with a place: %d %s", resp.StatusCode, body)
			}
			resp, body = post(t, base+"/api/points?day=2024-08-20", "",
				`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"place":"Sudja"}}]}`)
			if resp.StatusCode != 404 || !strings.Contains(string(body), `"nearest"`) || !strings.Contains(string(body), "feature 0") {
				t.Errorf("POST /api/points with an unknown place: %d %s, want 404 naming feature 0 with the nearest spellings", resp.StatusCode, body)
			}
			resp, body = get(t, base+"/diff.png?from=2024-08-01&to=2024-08-31&place=Sudja")
			if resp.StatusCode != 404 || !strings.Contains(string(body), `"nearest":["Sudzha"`) {
				t.Errorf("place=Sudja: %d %s, want 404, nearest Sudzha", resp.StatusCode, body)
			}
		})
	}
}

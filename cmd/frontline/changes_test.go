package main

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/store"
)

// changesFixture is dataset fc with known changes on 2024-02-01: Russia
// gains a strip west of its ground by Pokrovsk and a strip across the
// border of Zaporizhzhia and Donetsk oblasts, grey ground by Bakhmut
// becomes Russian-held, and Ukraine takes ground back near Kupiansk.
const changesFixture = `{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"region":"fc-ru","side":"ru","status":"occupied","valid_from":"2024-01-01","valid_to":"2024-02-01"},
  "geometry":{"type":"Polygon","coordinates":[[[37.3,48.1],[37.6,48.1],[37.6,48.4],[37.3,48.4],[37.3,48.1]]]}},
 {"type":"Feature","properties":{"region":"fc-ru","side":"ru","status":"occupied","valid_from":"2024-02-01"},
  "geometry":{"type":"Polygon","coordinates":[[[37.2,48.1],[37.6,48.1],[37.6,48.4],[37.2,48.4],[37.2,48.1]]]}},
 {"type":"Feature","properties":{"region":"fc-border","side":"ru","status":"occupied","valid_from":"2024-02-01"},
  "geometry":{"type":"Polygon","coordinates":[[[36.0,47.7],[37.4,47.7],[37.4,47.72],[36.0,47.72],[36.0,47.7]]]}},
 {"type":"Feature","properties":{"region":"fc-grey","side":"none","status":"contested","valid_from":"2024-01-01","valid_to":"2024-02-01"},
  "geometry":{"type":"Polygon","coordinates":[[[38.0,48.5],[38.1,48.5],[38.1,48.6],[38.0,48.6],[38.0,48.5]]]}},
 {"type":"Feature","properties":{"region":"fc-held","side":"ru","status":"occupied","valid_from":"2024-02-01"},
  "geometry":{"type":"Polygon","coordinates":[[[38.0,48.5],[38.1,48.5],[38.1,48.6],[38.0,48.6],[38.0,48.5]]]}},
 {"type":"Feature","properties":{"region":"fc-ua","side":"ua","status":"liberated","valid_from":"2024-01-01","valid_to":"2024-02-01"},
  "geometry":{"type":"Polygon","coordinates":[[[37.6,49.6],[37.7,49.6],[37.7,49.68],[37.6,49.68],[37.6,49.6]]]}},
 {"type":"Feature","properties":{"region":"fc-ua","side":"ua","status":"liberated","valid_from":"2024-02-01"},
  "geometry":{"type":"Polygon","coordinates":[[[37.6,49.6],[37.75,49.6],[37.75,49.68],[37.6,49.68],[37.6,49.6]]]}}
]}`

// changesDB is a copy of the seed database with dataset fc.
func changesDB(t *testing.T, engine string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "changes.db")
	if engine == "postgres" {
		db = pgtest.URL(t)
		s, err := store.Open(context.Background(), store.Config{Path: db})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	} else {
		copyFile(t, seedDB(t), db)
	}
	fx := filepath.Join(t.TempDir(), "fc.geojson")
	if err := os.WriteFile(fx, []byte(changesFixture), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, db, "", "import", "--dataset", "fc", fx); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	return db
}

type changesJSON struct {
	Sides []struct {
		Side       string  `json:"side"`
		GainedKm2  float64 `json:"gained_km2"`
		SliversKm2 float64 `json:"slivers_km2"`
	} `json:"sides"`
	Oblasts []struct {
		ISO       string  `json:"iso"`
		Side      string  `json:"side"`
		GainedKm2 float64 `json:"gained_km2"`
	} `json:"oblasts"`
	Contested []struct {
		Side string  `json:"side"`
		Held bool    `json:"became_held"`
		Km2  float64 `json:"km2"`
	} `json:"contested"`
	Areas struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry   struct{ Type string } `json:"geometry"`
			Properties struct {
				Side  string  `json:"side"`
				Km2   float64 `json:"km2"`
				Where string  `json:"where"`
			} `json:"properties"`
		} `json:"features"`
	} `json:"areas"`
	Text map[string]string `json:"text"`
}

// TestChangeReport (#25 part 1): GET /api/changes lists the known gains
// with their places, sums them to /api/diff's totals, splits the strip
// across an oblast border, names contested ground that became held, and
// writes the paragraph in English and Ukrainian, the same on both stores.
func TestChangeReport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			base, _ := serveOn(t, changesDB(t, engine))
			checkChangeReport(t, base)
			checkChangeText(t, base)
		})
	}
}

func checkChangeReport(t *testing.T, base string) {
	q := "?dataset=fc&from=2024-01-20&to=2024-02-05"
	var rep changesJSON
	getInto(t, base+"/api/changes"+q, &rep)
	var diff struct {
		Changes []struct {
			Side      string  `json:"side"`
			GainedKm2 float64 `json:"gained_km2"`
		} `json:"changes"`
	}
	getInto(t, base+"/api/diff"+q, &diff)
	for i, sc := range rep.Sides {
		sum := sc.SliversKm2
		for _, f := range rep.Areas.Features {
			if f.Properties.Side == sc.Side {
				sum += f.Properties.Km2
			}
		}
		if g := diff.Changes[i].GainedKm2; g <= 0 || math.Abs(sum-g) > 0.001*g {
			t.Errorf("%s: areas sum to %.3f km², /api/diff says %.3f", sc.Side, sum, g)
		}
	}
	oblasts := map[string]float64{}
	for _, o := range rep.Oblasts {
		if o.Side == "ru" {
			oblasts[o.ISO] = o.GainedKm2
		}
	}
	if oblasts["UA-23"] <= 1 || oblasts["UA-14"] <= 1 {
		t.Errorf("the strip across the border is not split: %v", oblasts)
	}
	var held float64
	for _, c := range rep.Contested {
		if c.Side == "ru" && c.Held {
			held = c.Km2
		}
	}
	if held < 80 || held > 85 { // 0.1° by 0.1° at 48.5° N: 82 km²
		t.Errorf("contested to held by ru: %.1f km², want about 82", held)
	}
	var wheres []string
	for _, f := range rep.Areas.Features {
		wheres = append(wheres, f.Properties.Where)
	}
	all := strings.Join(wheres, "; ")
	for _, want := range []string{"Kharkiv oblast", "south of Myrnohrad, Donetsk oblast"} {
		if !strings.Contains(all, want) {
			t.Errorf("areas lack %q: %s", want, all)
		}
	}
}

func checkChangeText(t *testing.T, base string) {
	q := "/api/changes?dataset=fc&from=2024-01-20&to=2024-02-05&format=text"
	en := getText(t, base+q, "")
	for _, want := range []string{"Between 20 January and 5 February 2024 Russian forces gained about ", "most of it around Myrnohrad (", "Ukrainian forces regained about ", "of contested ground became held by Russian forces"} {
		if !strings.Contains(en, want) {
			t.Errorf("en lacks %q: %s", want, en)
		}
	}
	uk := getText(t, base+q, "uk-UA,uk;q=0.9")
	for _, want := range []string{"З 20 січня по 5 лютого 2024 року російські війська захопили близько", "Мирноград"} {
		if !strings.Contains(uk, want) {
			t.Errorf("uk lacks %q: %s", want, uk)
		}
	}
	if uk2 := getText(t, base+q+"&lang=uk", ""); uk2 != uk {
		t.Errorf("lang=uk %q differs from Accept-Language uk %q", uk2, uk)
	}
	if resp, err := http.Get(base + "/api/changes?dataset=fc&from=2024-01-20&to=2024-02-05&place=Nowhereville"); err != nil || resp.StatusCode != 404 {
		t.Errorf("unknown place: %v %v, want 404", resp, err)
	}
}

func getInto(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s: %d %s", u, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func getText(t *testing.T, u, lang string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", u, resp.StatusCode, b)
	}
	return strings.TrimSpace(string(b))
}

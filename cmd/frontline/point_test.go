package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/store"
)

// pointFixture is dataset fx: Russian-occupied ground with a hole in it
// (given back in part in February, taken again in March), a grey zone
// along its west edge, ground Ukraine took back further west, ground
// Ukraine holds in Russia, and Russia's claim over the first three.
const pointFixture = `{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"region":"fx-occupied","side":"ru","status":"occupied","valid_from":"2024-01-01","valid_to":"2024-02-01","source":"map of January"},
  "geometry":{"type":"Polygon","coordinates":[[[36,48],[37,48],[37,49],[36,49],[36,48]],[[36.4,48.4],[36.4,48.6],[36.6,48.6],[36.6,48.4],[36.4,48.4]]]}},
 {"type":"Feature","properties":{"region":"fx-occupied","side":"ru","status":"occupied","valid_from":"2024-02-01","valid_to":"2024-03-01","source":"map of February"},
  "geometry":{"type":"Polygon","coordinates":[[[36,48],[36.7,48],[36.7,49],[36,49],[36,48]],[[36.4,48.4],[36.4,48.6],[36.6,48.6],[36.6,48.4],[36.4,48.4]]]}},
 {"type":"Feature","properties":{"region":"fx-occupied","side":"ru","status":"occupied","valid_from":"2024-03-01","source":"map of March"},
  "geometry":{"type":"Polygon","coordinates":[[[36,48],[37,48],[37,49],[36,49],[36,48]],[[36.4,48.4],[36.4,48.6],[36.6,48.6],[36.6,48.4],[36.4,48.4]]]}},
 {"type":"Feature","properties":{"region":"fx-contested","side":"none","status":"contested","valid_from":"2024-01-01","source":"grey"},
  "geometry":{"type":"Polygon","coordinates":[[[35.9,48],[36,48],[36,49],[35.9,49],[35.9,48]]]}},
 {"type":"Feature","properties":{"region":"fx-liberated","side":"ua","status":"liberated","valid_from":"2024-01-01","source":"taken back"},
  "geometry":{"type":"Polygon","coordinates":[[[35,48],[35.5,48],[35.5,49],[35,49],[35,48]]]}},
 {"type":"Feature","properties":{"region":"fx-incursion","side":"ua","status":"occupied","valid_from":"2024-01-01","source":"incursion"},
  "geometry":{"type":"Polygon","coordinates":[[[41,48],[41.5,48],[41.5,48.5],[41,48.5],[41,48]]]}},
 {"type":"Feature","properties":{"region":"fx-claim","side":"ru","status":"claimed","valid_from":"2024-01-01","source":"annexation"},
  "geometry":{"type":"Polygon","coordinates":[[[35,47.5],[38,47.5],[38,49.5],[35,49.5],[35,47.5]]]}}
]}`

// pointDB is a copy of the seed database with dataset fx, on SQLite or,
// for "postgres", on a fresh PostgreSQL database.
func pointDB(t *testing.T, engine string) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "point.db")
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
	fx := filepath.Join(t.TempDir(), "fx.geojson")
	if err := os.WriteFile(fx, []byte(pointFixture), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, db, "", "import", "--dataset", "fx", fx); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	return db
}

// pointGot is what the test reads of an answer.
type pointGot struct {
	Status   string
	Side     string
	Region   string
	Claims   string
	Observed bool
	Other    string
	Grey     string
}

type pointJSON struct {
	Status   string `json:"status"`
	Side     string `json:"side"`
	Observed bool   `json:"observed"`
	Border   bool   `json:"border"`
	By       *struct {
		Region string `json:"region"`
		Source string `json:"source"`
	} `json:"by"`
	Claims []struct {
		Region string `json:"region"`
	} `json:"claims"`
	Since     string `json:"since"`
	OtherSide *struct {
		Text string `json:"text"`
	} `json:"other_side"`
	Contested *struct {
		Text string `json:"text"`
	} `json:"contested"`
}

func (p pointJSON) got() pointGot {
	g := pointGot{Status: p.Status, Side: p.Side, Observed: p.Observed}
	if p.By != nil {
		g.Region = p.By.Region
	}
	var cs []string
	for _, c := range p.Claims {
		cs = append(cs, c.Region)
	}
	g.Claims = strings.Join(cs, ",")
	if p.OtherSide != nil {
		g.Other = p.OtherSide.Text
	}
	if p.Contested != nil {
		g.Grey = p.Contested.Text
	}
	return g
}

// TestPointAnswers (#24, 2 and 4): GET /api/point answers a point on each
// side, on a border, in a hole, at sea, outside the theatre, before the
// dataset begins and where a claim overlaps control, the same on both
// stores; /api/point/history lists the changes of hands; POST /api/points
// answers a list; bad input is a 4xx JSON error.
func TestPointAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			base, _ := serveOn(t, pointDB(t, engine))
			checkPointCases(t, base)
			checkPointHistory(t, base)
			checkPointsPost(t, base)
			checkPointErrors(t, base)
		})
	}
}

func checkPointCases(t *testing.T, base string) {
	t.Helper()
	const fx = "&dataset=fx&day=2024-01-15"
	cases := map[string]struct {
		query string
		want  pointGot
	}{
		"occupied, under a claim": {"lat=48.5&lon=36.9" + fx, pointGot{"occupied", "ru", "fx-occupied", "fx-claim", true, "7.4 km east", "66.3 km west"}},
		"in a hole":               {"lat=48.5&lon=36.45" + fx, pointGot{"none", "none", "", "fx-claim", true, "3.7 km west", "33.2 km west"}},
		"on the border":           {"lat=48.5&lon=36" + fx, pointGot{"occupied", "ru", "fx-occupied", "fx-claim", true, "7.4 km west", "here"}},
		"contested":               {"lat=48.5&lon=35.95" + fx, pointGot{"contested", "none", "fx-contested", "fx-claim", true, "3.7 km east", "here"}},
		"liberated":               {"lat=48.5&lon=35.2" + fx, pointGot{"liberated", "ua", "fx-liberated", "fx-claim", true, "58.9 km east", "51.6 km east"}},
		"held in Russia":          {"lat=48.2&lon=41.2" + fx, pointGot{"held-in-russia", "ua", "fx-incursion", "", true, "14.8 km west", "385.3 km west"}},
		"given back":              {"lat=48.5&lon=36.9&dataset=fx&day=2024-02-15", pointGot{"none", "none", "", "fx-claim", true, "14.7 km west", "66.3 km west"}},
		"at sea":                  {"lat=44.5&lon=36" + fx, pointGot{"sea", "none", "", "", true, "", ""}},
		"outside the theatre":     {"lat=50&lon=10" + fx, pointGot{"outside", "none", "", "", true, "", ""}},
		"Simferopol, claimed too": {"lat=44.95&lon=34.1&day=2025-01-20", pointGot{"occupied", "ru", "crimea", "claim-crimea", true, "", ""}},
		"before the seed begins":  {"lat=44.95&lon=34.1&day=2013-01-01", pointGot{"unknown", "none", "", "", false, "", ""}},
	}
	for name, tc := range cases {
		resp, body := get(t, base+"/api/point?"+tc.query)
		var p pointJSON
		if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &p) != nil {
			t.Errorf("%s: %d %s", name, resp.StatusCode, body)
			continue
		}
		got := p.got()
		if name == "Simferopol, claimed too" {
			got.Other, got.Grey = "", "" // the seed's shapes: only the status is known
		}
		if got != tc.want {
			t.Errorf("%s: got %+v, want %+v", name, got, tc.want)
		}
	}
	var p pointJSON
	if _, body := get(t, base+"/api/point?lat=48.5&lon=36.9&dataset=fx&day=2024-03-20"); json.Unmarshal(body, &p) != nil || p.Since != "2024-03-01" || p.By == nil || p.By.Source != "map of March" {
		t.Errorf("since: got %s, want since 2024-03-01 by the map of March", body)
	}
}

func checkPointHistory(t *testing.T, base string) {
	t.Helper()
	var h struct {
		Status  string `json:"status"`
		Changes []struct {
			Day  string `json:"day"`
			From struct{ Status string }
			To   struct{ Status string }
			By   struct{ Source string }
		} `json:"changes"`
	}
	_, body := get(t, base+"/api/point/history?lat=48.5&lon=36.9&dataset=fx")
	if err := json.Unmarshal(body, &h); err != nil {
		t.Fatalf("history: %v %s", err, body)
	}
	var got []string
	for _, c := range h.Changes {
		got = append(got, fmt.Sprintf("%s %s->%s %s", c.Day, c.From.Status, c.To.Status, c.By.Source))
	}
	want := []string{"2024-01-01 none->occupied map of January", "2024-02-01 occupied->none map of January", "2024-03-01 none->occupied map of March"}
	if strings.Join(got, "|") != strings.Join(want, "|") || h.Status != "occupied" {
		t.Errorf("history: got %q (%s), want %q (occupied)", got, h.Status, want)
	}
}

func checkPointsPost(t *testing.T, base string) {
	t.Helper()
	body := `{"type":"FeatureCollection","features":[
		{"type":"Feature","geometry":{"type":"Point","coordinates":[36.9,48.5]},"properties":{"name":"A"}},
		{"type":"Feature","geometry":{"type":"Point","coordinates":[36,44.5]},"properties":{"name":"B"}}]}`
	resp, b := postJSON(t, base+"/api/points?dataset=fx&day=2024-01-15", body)
	var out struct {
		Answers []struct {
			pointJSON
			Properties struct{ Name string }
		}
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &out) != nil || len(out.Answers) != 2 {
		t.Fatalf("POST /api/points: %d %s", resp.StatusCode, b)
	}
	if a := out.Answers[0]; a.Properties.Name != "A" || a.Status != "occupied" || a.OtherSide == nil || a.OtherSide.Text != "7.4 km east" {
		t.Errorf("POST /api/points: first answer %+v, want A occupied 7.4 km east of the other side", a)
	}
	if a := out.Answers[1]; a.Properties.Name != "B" || a.Status != "sea" {
		t.Errorf("POST /api/points: second answer %+v, want B at sea", a)
	}
}

func checkPointErrors(t *testing.T, base string) {
	t.Helper()
	for query, want := range map[string]int{
		"lon=36":                     http.StatusBadRequest,
		"lat=91&lon=36":              http.StatusBadRequest,
		"lat=x&lon=36":               http.StatusBadRequest,
		"lat=NaN&lon=36":             http.StatusBadRequest,
		"lat=48&lon=36&day=2024-2-1": http.StatusBadRequest,
		"lat=48&lon=36&dataset=nope": http.StatusNotFound,
	} {
		resp, body := get(t, base+"/api/point?"+query)
		if resp.StatusCode != want || !strings.Contains(string(body), `"error"`) {
			t.Errorf("GET /api/point?%s: %d %s, want %d and a JSON error", query, resp.StatusCode, body, want)
		}
	}
	many := `{"type":"FeatureCollection","features":[` + strings.TrimSuffix(strings.Repeat(`{"type":"Feature","geometry":{"type":"Point","coordinates":[36,48]}},`, 1001), ",") + `]}`
	for body, want := range map[string]int{
		"":                 http.StatusBadRequest,
		`{"type":"Point"}`: http.StatusBadRequest,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}`: http.StatusBadRequest,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[200,48]}}]}`:           http.StatusBadRequest,
		many: http.StatusRequestEntityTooLarge,
		`{"type":"FeatureCollection","x":"` + strings.Repeat("x", 2<<20) + `"}`: http.StatusRequestEntityTooLarge,
	} {
		resp, b := postJSON(t, base+"/api/points?dataset=fx", body)
		if resp.StatusCode != want || !bytes.Contains(b, []byte(`"error"`)) {
			t.Errorf("POST /api/points (%.60s): %d %.200s, want %d and a JSON error", body, resp.StatusCode, b, want)
		}
	}
}

func postJSON(t *testing.T, url, body string) (*http.Response, []byte) {
	t.Helper()
	return postToken(t, url, "", []byte(body))
}

// TestWhereCLI (#24, 2): frontline where says what GET /api/point says,
// and --history the changes of hands; a point without --lon is bad usage.
func TestWhereCLI(t *testing.T) {
	db := pointDB(t, "sqlite")
	code, out, stderr := runCLI(t, db, "", "where", "--dataset", "fx", "--lat", "48.5", "--lon", "36.9", "--day", "2024-03-20")
	if code != 0 || !strings.Contains(out, "occupied (ru) since 2024-03-01") || !strings.Contains(out, "nearest ground held by ua: 7.4 km east") ||
		!strings.Contains(out, "claimed by ru: fx-claim") {
		t.Errorf("where: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, db, "", "where", "--dataset", "fx", "--lat", "48.5", "--lon", "36.9", "--history")
	if code != 0 || !strings.Contains(out, "2024-02-01  occupied (ru) -> none") || !strings.Contains(out, "3 changes of hands") {
		t.Errorf("where --history: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, _ := runCLI(t, db, "", "where", "--lat", "48.5"); code != exitUsage {
		t.Errorf("where without --lon: exit %d, want %d", code, exitUsage)
	}
}

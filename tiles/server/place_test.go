package server

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// placeTowns are a few towns as data/seed gives them.
var placeTowns = []geo.Place{
	{Name: "Kupiansk", NameUK: "Куп'янськ", NameRU: "Купянск", Rank: 3, Lon: 37.61, Lat: 49.71, Admin1: "UA-63", Oblast: "Kharkiv", Variants: []string{"Kupyansk"}},
	{Name: "Bakhmut", NameUK: "Бахмут", NameRU: "Бахмут", Rank: 3, Lon: 38.00, Lat: 48.59, Admin1: "UA-14", Oblast: "Donetsk", Variants: []string{"Artemivsk", "Артёмовск"}},
	{Name: "Pervomaisk", Rank: 3, Lon: 30.85, Lat: 48.04, Admin1: "UA-48", Oblast: "Mykolaiv"},
	{Name: "Pervomaisk", Rank: 3, Lon: 38.55, Lat: 48.63, Admin1: "UA-09", Oblast: "Luhansk"},
}

func placeServer(t *testing.T) string {
	t.Helper()
	st, bm := fake.SeedLike()
	s := New(Config{Store: st, Basemap: bm, Places: geo.NewPlaceIndex(placeTowns), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ts := httptest.NewServer(s.Routes())
	t.Cleanup(ts.Close)
	return ts.URL
}

func getJSON(t *testing.T, u string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return resp.StatusCode, body
}

func TestAPIPlaces(t *testing.T) {
	base := placeServer(t)
	for q, want := range map[string]string{"Купянск": "Kupiansk", "kupyansk": "Kupiansk", "Артемовск": "Bakhmut", "bakh": "Bakhmut"} {
		code, body := getJSON(t, base+"/api/places?q="+url.QueryEscape(q))
		ps, _ := body["places"].([]any)
		if code != 200 || len(ps) != 1 || ps[0].(map[string]any)["name"] != want || ps[0].(map[string]any)["oblast"] == "" {
			t.Errorf("/api/places?q=%s: %d %v, want %s with its oblast", q, code, body, want)
		}
	}
	code, body := getJSON(t, base+"/api/places?q=Kupiansc")
	if ps, _ := body["places"].([]any); code != 200 || len(ps) != 0 || !strings.Contains(strings.Join(toStrings(body["nearest"]), ","), "Kupiansk") {
		t.Errorf("/api/places?q=Kupiansc: %d %v, want no place, nearest Kupiansk", code, body)
	}
	for _, q := range []string{"", "q=x&limit=0", "q=x&limit=101", "q=" + strings.Repeat("a", 201)} {
		if code, body := getJSON(t, base+"/api/places?"+q); code != 400 {
			t.Errorf("/api/places?%.30s: %d %v, want 400", q, code, body)
		}
	}
}

func toStrings(v any) (out []string) {
	xs, _ := v.([]any)
	for _, x := range xs {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// TestPlaceParameter: place= stands for bbox= on the timeline and the
// pictures; an ambiguous name is 400 with its candidates, an unknown one
// 404 with the nearest spellings.
func TestPlaceParameter(t *testing.T) {
	base := placeServer(t)
	_, all := getJSON(t, base+"/api/timeline")
	code, near := getJSON(t, base+"/api/timeline?place=Kupyansk&radius=20")
	if code != 200 || len(toAny(near["days"])) >= len(toAny(all["days"])) {
		t.Errorf("timeline around Kupiansk: %d, %d days of %d: want fewer than everywhere", code, len(toAny(near["days"])), len(toAny(all["days"])))
	}
	b := placeTowns[0].Around(20)
	_, want := getJSON(t, base+"/api/timeline?bbox="+fmt.Sprintf("%g,%g,%g,%g", b.Min[0], b.Min[1], b.Max[0], b.Max[1]))
	if len(toAny(want["days"])) != len(toAny(near["days"])) {
		t.Errorf("place=Kupyansk&radius=20 gives %d days, its bbox %d", len(toAny(near["days"])), len(toAny(want["days"])))
	}
	code, body := getJSON(t, base+"/api/timeline?place=Pervomaisk")
	cs := toAny(body["candidates"])
	if code != 400 || len(cs) != 2 || cs[0].(map[string]any)["oblast"] != "Mykolaiv" || cs[1].(map[string]any)["oblast"] != "Luhansk" ||
		cs[1].(map[string]any)["lat"] != 48.63 {
		t.Errorf("place=Pervomaisk: %d %v, want 400 with both Pervomaisks", code, body)
	}
	if code, body := getJSON(t, base+"/api/timeline?place="+url.QueryEscape("Pervomaisk, Luhansk")); code != 200 {
		t.Errorf("place=Pervomaisk, Luhansk: %d %v", code, body)
	}
	code, body = getJSON(t, base+"/snapshot.png?place=Kupiansc")
	if code != 404 || toStrings(body["nearest"])[0] != "Kupiansk" {
		t.Errorf("snapshot place=Kupiansc: %d %v, want 404, nearest Kupiansk", code, body)
	}
	for _, q := range []string{"place=Bakhmut&bbox=37,48,39,49", "place=Bakhmut&radius=0", "place=Bakhmut&radius=x", "radius=5", "place=Bakhmut&region=crimea"} {
		if code, body := getJSON(t, base+"/snapshot.png?"+q); code != 400 {
			t.Errorf("snapshot %s: %d %v, want 400", q, code, body)
		}
	}
	for _, p := range []string{"/snapshot.png?place=" + url.QueryEscape("Бахмут") + "&width=300&height=200",
		"/diff.png?from=2024-08-01&to=2024-08-31&place=Artemivsk&radius=50&width=300&height=200"} {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
			t.Errorf("%s: %d %s", p, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

func toAny(v any) []any { xs, _ := v.([]any); return xs }

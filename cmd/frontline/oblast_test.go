package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

// TestStatsByOblast: the CLI and the API give the same figures by oblast,
// and a bad --by is usage.
func TestStatsByOblast(t *testing.T) {
	db := seededCopy(t)
	code, out, stderr := runCLI(t, db, "", "stats", "--day", "2025-01-20", "--by", "oblast", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var cli geo.StatsByArea
	if err := json.Unmarshal([]byte(out), &cli); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range cli.Areas {
		if a.ISO == "UA-43" {
			for _, f := range a.Figures {
				if f.Side == geo.SideRU && f.Status == geo.StatusOccupied && f.Share > 0.98 {
					found = true
				}
			}
		}
	}
	if !found {
		t.Errorf("Crimea is not shown as occupied: %+v", cli.Areas)
	}
	code, text, _ := runCLI(t, db, "", "stats", "--day", "2025-01-20", "--by", "oblast")
	if code != 0 || !strings.Contains(text, "Crimea") || !strings.Contains(text, "Kursk") {
		t.Errorf("text: %d %s", code, text)
	}
	if code, _, _ := runCLI(t, db, "", "stats", "--day", "2025-01-20", "--by", "raion"); code != exitUsage {
		t.Errorf("--by raion: exit %d, want 2", code)
	}
	base, _ := testServer(t)
	resp, body := get(t, base+"/api/stats?day=2025-01-20&by=oblast")
	var api geo.StatsByArea
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &api) != nil || len(api.Areas) != len(cli.Areas) {
		t.Fatalf("/api/stats?by=oblast: %d %s", resp.StatusCode, cut(body))
	}
	a, _ := json.Marshal(api)
	c, _ := json.Marshal(cli)
	if string(a) != string(c) {
		t.Error("the API and the CLI give other figures by oblast")
	}
	resp, body = get(t, base+"/api/stats?day=2025-01-20&by=raion")
	wantJSONError(t, "by=raion", resp, body, http.StatusBadRequest)
}

// TestArticlesImportCLI imports a JSON Lines feed twice: the second time
// adds nothing.
func TestArticlesImportCLI(t *testing.T) {
	db := seededCopy(t)
	feed := `{"title": "Fighting near Pokrovsk", "url": "https://example.org/cli/1", "published": "2025-01-20", "summary": "Donetsk Oblast."}` + "\n"
	code, out, stderr := runCLI(t, db, feed, "articles", "import", "-")
	if code != 0 || !strings.Contains(out, "1 added") || !strings.Contains(out, "donetsk-oblast") {
		t.Fatalf("first import: %d %q %q", code, out, stderr)
	}
	if code, out, _ := runCLI(t, db, feed, "articles", "import", "-"); code != 0 || !strings.Contains(out, "0 added, 1 already stored") {
		t.Fatalf("again: %d %q", code, out)
	}
	if code, _, _ := runCLI(t, db, "not a feed", "articles", "import", "-"); code != exitRejected {
		t.Errorf("not a feed: exit %d, want 3", code)
	}
}

package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
)

// TestREADMELayersAndZooms: every layer README.md lists for the vector
// tiles is in at least one day tile, no tile carries a layer README does
// not list, and the zoom range README gives is the TileJSON's and the
// server's.
func TestREADMELayersAndZooms(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("Vector tiles \\(MVT 2\\.1, layers ((?:`[a-z]+`(?:, )?)+); zooms 0-(\\d+)").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md does not list the vector tiles' layers and zooms as \"Vector tiles (MVT 2.1, layers `a`, `b`; zooms 0-N\"")
	}
	listed := map[string]bool{}
	for _, l := range regexp.MustCompile("`([a-z]+)`").FindAllSubmatch(m[1], -1) {
		listed[string(l[1])] = false
	}
	maxZoom, _ := strconv.Atoi(string(m[2]))

	base, _ := testServer(t)
	for _, tile := range []string{"5/18/11", "6/37/22", "8/153/88", "8/148/89", "9/304/177"} {
		resp, body := get(t, base+"/tiles/2025-01-20/"+tile+".mvt")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", tile, resp.StatusCode, body)
		}
		layers, err := mvt.Unmarshal(body)
		if err != nil {
			t.Fatalf("%s: %v", tile, err)
		}
		for _, l := range layers {
			if _, ok := listed[l.Name]; !ok {
				t.Errorf("tile %s carries layer %q, which README.md does not list", tile, l.Name)
			}
			if len(l.Features) > 0 {
				listed[l.Name] = true
			}
		}
	}
	for name, seen := range listed {
		if !seen {
			t.Errorf("layer %q, listed in README.md, is in none of the tiles", name)
		}
	}

	for _, path := range []string{"/tiles/2025-01-20.json", "/tiles/all.json"} {
		var tj struct{ MaxZoom int }
		resp, body := get(t, base+path)
		if err := json.Unmarshal(body, &tj); resp.StatusCode != http.StatusOK || err != nil || tj.MaxZoom != maxZoom {
			t.Errorf("%s: maxzoom %d (%v), README.md says %d", path, tj.MaxZoom, err, maxZoom)
		}
	}
	for z, want := range map[int]int{maxZoom: http.StatusOK, maxZoom + 1: http.StatusBadRequest} {
		resp, _ := get(t, fmt.Sprintf("%s/tiles/2025-01-20/%d/0/0.png", base, z))
		if resp.StatusCode != want {
			t.Errorf("a tile of zoom %d: %d, want %d", z, resp.StatusCode, want)
		}
	}
}

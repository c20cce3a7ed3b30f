package tiles

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/internal/hashes"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

func lonLatBox(minLon, minLat, maxLon, maxLat float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}}}
}

func testVersion(id int64, region string, from, to string, g orb.MultiPolygon) geo.Version {
	v := geo.Version{ID: id, Dataset: "test", Region: region, Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: g,
		Valid: geo.Validity{From: geo.MustParseDay(from), To: geo.Forever}, Source: "test"}
	if to != "" {
		v.Valid.To = geo.MustParseDay(to)
	}
	return v
}

// crimeaContent is a z5 tile over Crimea: Simferopol and occupied Crimea.
func crimeaContent(t *testing.T) *Content {
	tile := maptile.At(orb.Point{34.1, 44.95}, 5) // over Crimea
	b := NewBuilder(&Basemap{Places: []geo.Place{{Name: "Simferopol", Lon: 34.1, Lat: 44.95, Rank: 1}}}, 1<<20)
	c := &Content{Tile: tile, Items: b.baseItems(tile, true, 0)}
	it, ok := b.controlItem(testVersion(7, "crimea", "2014-02-27", "", lonLatBox(33, 44.5, 36, 46)), nil, tile, dayProps)
	if !ok {
		t.Fatal("version misses the tile")
	}
	c.Items = append(c.Items, it)
	return c
}

func TestMVTDecodes(t *testing.T) {
	c := crimeaContent(t)
	tile := c.Tile
	body, err := MVT(c)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := MVT(c)
	if !bytes.Equal(body, again) {
		t.Errorf("MVT is not deterministic")
	}
	layers, err := mvt.Unmarshal(body)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*mvt.Layer{}
	for _, l := range layers {
		got[l.Name] = l
		if l.Version != 2 || l.Extent != Extent {
			t.Errorf("layer %s: version %d extent %d, want 2 and %d", l.Name, l.Version, l.Extent, Extent)
		}
	}
	ctl := got[LayerControl]
	if ctl == nil || len(ctl.Features) != 1 {
		t.Fatalf("control layer: got %v, want one feature", ctl)
	}
	p := ctl.Features[0].Properties
	if p["region"] != "crimea" || p["side"] != "ru" || p["status"] != "occupied" || p["dataset"] != "test" || len(p) != 4 {
		t.Errorf("control properties: got %v, want region, side, status and dataset alone", p)
	}
	if id := ctl.Features[0].ID; id != nil {
		t.Errorf("control feature id: got %v, want none (a version's id would change the tile every day)", id)
	}
	// Back in lon/lat, the feature covers Simferopol.
	ctl.ProjectToWGS84(tile)
	if !ctl.Features[0].Geometry.Bound().Contains(orb.Point{34.1, 44.95}) {
		t.Errorf("control feature at %v, want it over Simferopol", ctl.Features[0].Geometry.Bound())
	}
	if pl := got[LayerPlaces]; pl == nil || pl.Features[0].Properties["name"] != "Simferopol" {
		t.Errorf("places layer: got %v", pl)
	}
}

// temporalContent is a temporal z8 tile of four versions of one region,
// the first two and the last two with the same shape in the tile.
func temporalContent() *Content {
	tile := maptile.New(144, 85, 8) // a z8 tile inside the boxes below
	b := NewBuilder(nil, 1<<20)
	tb := tile.Bound()
	inside := lonLatBox(tb.Min[0]-1, tb.Min[1]-1, tb.Max[0]+1, tb.Max[1]+1)
	elsewhere := lonLatBox(tb.Min[0]-1, tb.Min[1]-1, tb.Max[0]+3, tb.Max[1]+1) // differs only outside the tile
	moved := lonLatBox(tb.Min[0]-1, tb.Min[1]-1, tb.Center()[0], tb.Max[1]+1)
	vs := []geo.Version{
		testVersion(1, "a", "2024-01-01", "2024-01-02", inside),
		testVersion(2, "a", "2024-01-02", "2024-01-03", elsewhere),
		testVersion(3, "a", "2024-01-03", "2024-01-04", moved),
		testVersion(4, "a", "2024-01-04", "", moved),
	}
	return b.Temporal(vs, tile)
}

func TestTemporalMergesIdenticalShapes(t *testing.T) {
	c := temporalContent()
	if len(c.Items) != 2 {
		t.Fatalf("got %d features, want 2 (1+2 merged, 3+4 merged)", len(c.Items))
	}
	first, second := c.Items[0].Props, c.Items[1].Props
	day := func(s string) int64 { return int64(geo.MustParseDay(s)) }
	if first["from_day"] != day("2024-01-01") || first["to_day"] != day("2024-01-03") || first["versions"] != 2 {
		t.Errorf("first: got %v", first)
	}
	if second["from_day"] != day("2024-01-03") || second["to_day"] != int64(geo.Forever) || second["versions"] != 2 {
		t.Errorf("second: got %v", second)
	}
	for _, p := range []map[string]any{first, second} {
		for _, k := range []string{"source", "version_id", "valid_from", "valid_to"} {
			if _, ok := p[k]; ok {
				t.Errorf("temporal feature carries %s: %v", k, p)
			}
		}
	}
}

func TestContentKey(t *testing.T) {
	tile := maptile.New(144, 85, 8)
	b := NewBuilder(nil, 1<<20)
	tb := tile.Bound()
	g := lonLatBox(tb.Min[0]-1, tb.Min[1]-1, tb.Max[0]+1, tb.Max[1]+1)
	a, _ := b.controlItem(testVersion(1, "a", "2024-01-01", "2024-01-02", g), nil, tile, dayProps)
	other, _ := b.controlItem(testVersion(2, "a", "2024-01-02", "", g), nil, tile, dayProps)
	ca, cb := &Content{Tile: tile, Items: []Item{a}}, &Content{Tile: tile, Items: []Item{other}}
	const look = "draw/1/style"
	if ContentKey("png", look, ca, false) != ContentKey("png", look, cb, false) {
		t.Errorf("the same drawn content on two days must have one PNG key")
	}
	if ContentKey("mvt", MVTLook, ca, true) != ContentKey("mvt", MVTLook, cb, true) {
		t.Errorf("two versions drawing the same in a day tile must have one MVT key")
	}
	ta, _ := b.controlItem(testVersion(1, "a", "2024-01-01", "2024-01-02", g), nil, tile, temporalProps)
	tb2, _ := b.controlItem(testVersion(2, "a", "2024-01-02", "", g), nil, tile, temporalProps)
	if ContentKey("mvt", MVTLook, &Content{Tile: tile, Items: []Item{ta}}, true) == ContentKey("mvt", MVTLook, &Content{Tile: tile, Items: []Item{tb2}}, true) {
		t.Errorf("MVT keys must differ when the attributes carried differ")
	}
	if ContentKey("png", look, ca, false) == ContentKey("png2x", look, ca, false) {
		t.Errorf("keys must differ by kind")
	}
	if ContentKey("png", look, ca, false) == ContentKey("png", "draw/2/style", ca, false) ||
		ContentKey("png", look, ca, false) == ContentKey("png", "draw/1/other-style", ca, false) {
		t.Errorf("keys must differ by look: the renderer's version and style")
	}
	other.Status = geo.StatusContested
	if ContentKey("png", look, ca, false) == ContentKey("png", look, &Content{Tile: tile, Items: []Item{other}}, false) {
		t.Errorf("keys must differ when the status drawn differs")
	}
}

// TestHashes checks the bytes of the reference vector tiles (a day tile
// and a temporal tile) against testdata/mvt-v<MVTVersion>.txt: bytes that
// change while MVTVersion does not would be served under the ETags of the
// old ones.
func TestHashes(t *testing.T) {
	got := map[string][]byte{}
	for name, c := range map[string]*Content{"crimea-z5": crimeaContent(t), "temporal-z8": temporalContent()} {
		b, err := MVT(c)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got[name] = b
	}
	if MVTLook != "mvt/"+strconv.Itoa(MVTVersion) {
		t.Errorf("MVTLook %q does not name MVTVersion %d", MVTLook, MVTVersion)
	}
	hashes.Set{
		File:    fmt.Sprintf("testdata/mvt-v%d.txt", MVTVersion),
		What:    "the MVT encoding",
		Const:   "tiles.MVTVersion",
		Version: MVTVersion,
		Update:  "go test ./tiles -run Hashes -update-hashes",
	}.Check(t, got)
}

package tiles

import (
	"bytes"
	"testing"

	"github.com/frontline-map/frontline/geo"

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

func TestMVTDecodes(t *testing.T) {
	tile := maptile.At(orb.Point{34.1, 44.95}, 5) // over Crimea
	b := NewBuilder(&Basemap{Places: []geo.Place{{Name: "Simferopol", Lon: 34.1, Lat: 44.95, Rank: 1}}}, 1<<20)
	c := &Content{Tile: tile, Items: b.baseItems(tile, true)}
	it, ok := b.controlItem(testVersion(7, "crimea", "2014-02-27", "", lonLatBox(33, 44.5, 36, 46)), tile)
	if !ok {
		t.Fatal("version misses the tile")
	}
	c.Items = append(c.Items, it)
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
	if p["region"] != "crimea" || p["side"] != "ru" || p["valid_from"] != "2014-02-27" || p["valid_to"] != "" {
		t.Errorf("control properties: got %v", p)
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

func TestTemporalMergesIdenticalShapes(t *testing.T) {
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
	c := b.Temporal(vs, tile)
	if len(c.Items) != 2 {
		t.Fatalf("got %d features, want 2 (1+2 merged, 3+4 merged)", len(c.Items))
	}
	first, second := c.Items[0].Props, c.Items[1].Props
	if first["valid_from"] != "2024-01-01" || first["valid_to"] != "2024-01-03" || first["versions"] != 2 {
		t.Errorf("first: got %v", first)
	}
	if second["valid_from"] != "2024-01-03" || second["valid_to"] != "" || second["to_day"] != int64(geo.Forever) {
		t.Errorf("second: got %v", second)
	}
}

func TestContentKey(t *testing.T) {
	tile := maptile.New(144, 85, 8)
	b := NewBuilder(nil, 1<<20)
	tb := tile.Bound()
	g := lonLatBox(tb.Min[0]-1, tb.Min[1]-1, tb.Max[0]+1, tb.Max[1]+1)
	a, _ := b.controlItem(testVersion(1, "a", "2024-01-01", "2024-01-02", g), tile)
	other, _ := b.controlItem(testVersion(2, "a", "2024-01-02", "", g), tile)
	ca, cb := &Content{Tile: tile, Items: []Item{a}}, &Content{Tile: tile, Items: []Item{other}}
	if ContentKey("png", ca, false) != ContentKey("png", cb, false) {
		t.Errorf("the same drawn content on two days must have one PNG key")
	}
	if ContentKey("mvt", ca, true) == ContentKey("mvt", cb, true) {
		t.Errorf("MVT keys must differ when the attributes carried differ")
	}
	if ContentKey("png", ca, false) == ContentKey("png2x", ca, false) {
		t.Errorf("keys must differ by kind")
	}
	other.Status = geo.StatusContested
	if ContentKey("png", ca, false) == ContentKey("png", &Content{Tile: tile, Items: []Item{other}}, false) {
		t.Errorf("keys must differ when the status drawn differs")
	}
}

package publish

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/internal/fake"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/protomaps/go-pmtiles/pmtiles"
)

// readArchive reads every tile of an archive with go-pmtiles'
// deserializers, by tile id.
func readArchive(t *testing.T, path string) map[uint64][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := pmtiles.DeserializeHeader(b[:pmtiles.HeaderV3LenBytes])
	if err != nil {
		t.Fatal(err)
	}
	got := map[uint64][]byte{}
	var walk func(dir []byte)
	walk = func(dir []byte) {
		for _, e := range pmtiles.DeserializeEntries(bytes.NewBuffer(dir), h.InternalCompression) {
			if e.RunLength == 0 {
				off := h.LeafDirectoryOffset + e.Offset
				walk(b[off : off+uint64(e.Length)])
				continue
			}
			body := b[h.TileDataOffset+e.Offset : h.TileDataOffset+e.Offset+uint64(e.Length)]
			for i := range uint64(e.RunLength) {
				got[e.TileID+i] = body
			}
		}
	}
	walk(b[h.RootOffset : h.RootOffset+h.RootLength])
	return got
}

// TestArchivesAreTheServiceAnswers: every tile of each archive is the
// tile service's body for the same tile (issue #19), which the HTTP
// server answers too, and every tile of the archive's area left out is
// one the service finds empty.
func TestArchivesAreTheServiceAnswers(t *testing.T) {
	st, bm := fake.SeedLike()
	ctx := context.Background()
	day := geo.MustParseDay("2025-01-20")
	opt := Options{Dataset: "seed", Dir: t.TempDir(), MaxZoom: 6, Basemap: bm, Raster: &Raster{Day: day}}
	if _, err := Publish(ctx, st, opt); err != nil {
		t.Fatal(err)
	}
	// The areas Publish covered.
	pre, err := preload(ctx, st, "seed")
	if err != nil {
		t.Fatal(err)
	}
	opt.defaults()
	base := opt.areas(pre)
	svc := service.New(service.Config{Source: st, Builder: tiles.NewBuilder(bm, service.DefaultMemoBytes)})
	for name, tc := range map[string]struct {
		area tileArea
		req  service.Request
	}{
		"control":                {tileArea{Bound: opt.Bound}, service.Request{Dataset: "seed", Set: service.TemporalTiles, Format: service.MVT}},
		"basemap":                {base, service.Request{Dataset: "seed", Set: service.BaseTiles, Format: service.MVT}},
		"raster-" + day.String(): {tileArea{Bound: opt.Bound}, service.Request{Dataset: "seed", Day: day, Format: service.PNG}},
	} {
		t.Run(name, func(t *testing.T) {
			got := readArchive(t, filepath.Join(opt.Dir, name+".pmtiles"))
			ts, ids := areaBy(tc.area.at, opt.MinZoom, opt.MaxZoom)
			n, empty := 0, 0
			for i, tl := range ts {
				req := tc.req
				req.Tile = tl
				want, err := svc.Get(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				body, ok := got[ids[i]]
				switch {
				case ok:
					n++
					if !bytes.Equal(body, want.Body) {
						t.Errorf("tile %d/%d/%d: got %d bytes, want the service's %d", tl.Z, tl.X, tl.Y, len(body), len(want.Body))
					}
				case want.Empty && req.Format == service.MVT:
					empty++
				default:
					t.Errorf("tile %d/%d/%d: left out, but the service has content", tl.Z, tl.X, tl.Y)
				}
			}
			if n == 0 || n != len(got) {
				t.Errorf("got %d tiles in the archive, %d of them in its area", len(got), n)
			}
			t.Logf("%d tiles compared, %d empty left out", n, empty)
		})
	}
}

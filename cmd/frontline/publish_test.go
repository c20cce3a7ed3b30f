package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/tiles/publish"
	"github.com/frontline-map/frontline/tiles/server"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/protomaps/go-pmtiles/pmtiles"
)

// readArchive reads a PMTiles archive with go-pmtiles' own deserializers:
// its header, metadata and every tile address (through leaf directories)
// with its bytes. Its tiles are gzip'd MVT.
func readArchive(t *testing.T, path string) (pmtiles.HeaderV3, map[string]any, map[uint64][]byte) {
	t.Helper()
	return readArchiveOf(t, path, pmtiles.Mvt, pmtiles.Gzip)
}

// readArchiveOf is readArchive of an archive of tiles of type tt and
// compression tc.
func readArchiveOf(t *testing.T, path string, tt pmtiles.TileType, tc pmtiles.Compression) (pmtiles.HeaderV3, map[string]any, map[uint64][]byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := pmtiles.DeserializeHeader(b[:pmtiles.HeaderV3LenBytes])
	if err != nil {
		t.Fatal(err)
	}
	if h.SpecVersion != 3 || h.InternalCompression != pmtiles.Gzip || h.TileCompression != tc || h.TileType != tt || !h.Clustered {
		t.Fatalf("header %+v", h)
	}
	if got := h.TileDataOffset + h.TileDataLength; got != uint64(len(b)) {
		t.Fatalf("tile data ends at %d, file is %d bytes", got, len(b))
	}
	if h.RootLength+pmtiles.HeaderV3LenBytes > 16384 {
		t.Errorf("root directory %d bytes: the header and root must fit in 16 KiB", h.RootLength)
	}
	meta, err := pmtiles.DeserializeMetadata(bytes.NewReader(b[h.MetadataOffset:h.MetadataOffset+h.MetadataLength]), h.InternalCompression)
	if err != nil {
		t.Fatal(err)
	}
	tilesByID := map[uint64][]byte{}
	var entries, addressed uint64
	contents := map[uint64]bool{}
	var walk func(off, n uint64, leaf bool)
	walk = func(off, n uint64, leaf bool) {
		for _, e := range pmtiles.DeserializeEntries(bytes.NewBuffer(b[off:off+n]), h.InternalCompression) {
			if e.RunLength == 0 {
				walk(h.LeafDirectoryOffset+e.Offset, uint64(e.Length), true)
				continue
			}
			entries++
			if e.Offset+uint64(e.Length) > h.TileDataLength {
				t.Fatalf("entry %+v past the tile data (%d bytes)", e, h.TileDataLength)
			}
			contents[e.Offset] = true
			body := b[h.TileDataOffset+e.Offset : h.TileDataOffset+e.Offset+uint64(e.Length)]
			for i := range uint64(e.RunLength) {
				tilesByID[e.TileID+i] = body
				addressed++
			}
		}
	}
	walk(h.RootOffset, h.RootLength, false)
	if addressed != h.AddressedTilesCount || entries != h.TileEntriesCount || uint64(len(contents)) != h.TileContentsCount {
		t.Errorf("counts: addressed %d entries %d contents %d; header %d %d %d", addressed, entries, len(contents),
			h.AddressedTilesCount, h.TileEntriesCount, h.TileContentsCount)
	}
	return h, meta, tilesByID
}

// sampleByZoom picks up to perZoom tile ids of each zoom below zooms,
// spread evenly over ids (sorted).
func sampleByZoom(ids []uint64, zooms uint8, perZoom int) map[uint64]bool {
	sample := map[uint64]bool{}
	for z := range zooms {
		var zs []uint64
		for _, id := range ids {
			if zz, _, _ := pmtiles.IDToZxy(id); zz == z {
				zs = append(zs, id)
			}
		}
		n := min(len(zs), perZoom)
		for i := range n {
			sample[zs[i*len(zs)/n]] = true
		}
	}
	return sample
}

func gunzipT(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPublishMatchesServer(t *testing.T) {
	dir := t.TempDir()
	base, s := testServerWith(t, testSetup{cfg: server.Config{PMTilesDir: dir}})
	ctx := context.Background()
	bm, err := loadBasemap(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := s.Dataset(ctx, "seed")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := publish.Publish(ctx, s, publish.Options{Dataset: "seed", Dir: dir, MinZoom: 0, MaxZoom: 9,
		Basemap: bm, Attribution: server.AttributionOf(ds), ByOblast: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Archives) != 2+len(sum.Periods) || sum.Archives[0].Stats.Addressed == 0 || sum.Archives[1].Stats.Addressed == 0 {
		t.Fatalf("summary %+v", sum)
	}

	// (a) go-pmtiles reads the archive; every address resolves to an MVT.
	h, meta, got := readArchive(t, filepath.Join(dir, "control.pmtiles"))
	if h.MinZoom != 0 || h.MaxZoom != 9 || h.MinLonE7 >= h.MaxLonE7 || h.MinLatE7 >= h.MaxLatE7 {
		t.Errorf("header %+v", h)
	}
	for _, k := range []string{"name", "attribution", "description", "bounds", "minzoom", "maxzoom", "vector_layers", "observed_from", "observed_to"} {
		if meta[k] == nil {
			t.Errorf("metadata has no %s: %v", k, meta)
		}
	}
	var ids []uint64
	for id, body := range got {
		if _, err := mvt.Unmarshal(gunzipT(t, body)); err != nil {
			t.Fatalf("tile %d: %v", id, err)
		}
		ids = append(ids, id)
	}
	if len(ids) != sum.Archives[0].Stats.Addressed {
		t.Fatalf("%d addresses read, %d written", len(ids), sum.Archives[0].Stats.Addressed)
	}
	slices.Sort(ids)
	perZoom := map[uint8]int{}
	for _, id := range ids {
		z, _, _ := pmtiles.IDToZxy(id)
		perZoom[z]++
	}
	for z := range uint8(10) {
		if perZoom[z] == 0 {
			t.Errorf("no tiles at zoom %d", z)
		}
	}

	// (b) A sample of tiles across zooms: the archive's bytes are the
	// server's /tiles/all body; and tiles left out are empty there.
	sample := sampleByZoom(ids, 10, 6)
	if len(sample) < 25 {
		t.Fatalf("sample of %d tiles", len(sample))
	}
	get := func(path string) []byte {
		resp, err := http.Get(base + path) // the client asks for gzip and unpacks it
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		return b
	}
	for id := range sample {
		z, x, y := pmtiles.IDToZxy(id)
		want := get(fmt.Sprintf("/tiles/all/%d/%d/%d.mvt", z, x, y))
		if !bytes.Equal(gunzipT(t, got[id]), want) {
			t.Errorf("tile %d/%d/%d: archive and server differ (%d and %d bytes)", z, x, y, len(gunzipT(t, got[id])), len(want))
		}
	}
	empty := 0
	for id := pmtiles.ZxyToID(9, 0, 0); id < pmtiles.ZxyToID(9, 0, 0)+1<<18 && empty < 5; id += 997 {
		if _, ok := got[id]; ok {
			continue
		}
		z, x, y := pmtiles.IDToZxy(id)
		if b := get(fmt.Sprintf("/tiles/all/%d/%d/%d.mvt", z, x, y)); len(b) != 0 {
			t.Errorf("tile %d/%d/%d left out of the archive has %d bytes on the server", z, x, y, len(b))
		}
		empty++
	}

	// (c) Each period's archive holds the server's tiles of that period
	// (GET /tiles/all/{period}/...), byte for byte.
	if len(sum.Periods) < 2 {
		t.Fatalf("periods published: %v", sum.Periods)
	}
	for p, f := range sum.Periods {
		_, pm, pt := readArchive(t, filepath.Join(dir, f))
		if pm["frontline:period"] != p || len(pt) == 0 {
			t.Errorf("%s: period %v, %d tiles", f, pm["frontline:period"], len(pt))
		}
		var pids []uint64
		for id := range pt {
			pids = append(pids, id)
		}
		slices.Sort(pids)
		for id := range sampleByZoom(pids, 10, 2) {
			z, x, y := pmtiles.IDToZxy(id)
			want := get(fmt.Sprintf("/tiles/all/%s/%d/%d/%d.mvt", p, z, x, y))
			if !bytes.Equal(gunzipT(t, pt[id]), want) {
				t.Errorf("%s tile %d/%d/%d: archive and server differ", f, z, x, y)
			}
		}
	}

	// The basemap archive reads back too, its tiles those of /tiles/base.
	_, _, bt := readArchive(t, filepath.Join(dir, "basemap.pmtiles"))
	if len(bt) == 0 {
		t.Error("basemap.pmtiles has no tiles")
	}
	n := 0
	for id, body := range bt {
		if id%7 != 0 {
			continue
		}
		z, x, y := pmtiles.IDToZxy(id)
		if want := get(fmt.Sprintf("/tiles/base/%d/%d/%d.mvt", z, x, y)); !bytes.Equal(gunzipT(t, body), want) {
			t.Errorf("basemap tile %d/%d/%d: archive and /tiles/base differ", z, x, y)
		}
		n++
	}
	if n == 0 {
		t.Error("no basemap tile compared")
	}
	// Each data file is the API's answer.
	tlb, err := os.ReadFile(filepath.Join(dir, "data", "timeline.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := get("/api/timeline?dataset=seed"); !bytes.Equal(tlb, want) {
		t.Errorf("timeline.json differs from /api/timeline:\n%s\n%s", cut(tlb), cut(want))
	}
	for file, path := range map[string]string{"regions.json": "/api/regions", "articles.json": "/api/articles",
		"history/crimea.json": "/api/regions/crimea/history?dataset=seed", "stats-by-oblast/2022-04-07.json": "/api/stats?day=2022-04-07&by=oblast",
		"series.json": "/api/series?dataset=seed", "series-by-oblast.json": "/api/series?dataset=seed&by=oblast"} {
		b, err := os.ReadFile(filepath.Join(dir, "data", file))
		if err != nil {
			t.Fatal(err)
		}
		if want := get(path); !bytes.Equal(b, want) {
			t.Errorf("data/%s differs from %s:\n%s\n%s", file, path, cut(b), cut(want))
		}
	}
	var tl struct{ Days []struct{ Day string } }
	if err := json.Unmarshal(tlb, &tl); err != nil || len(tl.Days) == 0 {
		t.Fatalf("timeline.json: %v %s", err, cut(tlb))
	}
	for _, sub := range []string{"stats", "stats-by-oblast"} {
		if _, err := os.Stat(filepath.Join(dir, "data", sub, tl.Days[len(tl.Days)-1].Day+".json")); err != nil {
			t.Error(err)
		}
	}
	statsWant := get("/api/stats?day=" + tl.Days[0].Day)
	if b, _ := os.ReadFile(filepath.Join(dir, "data", "stats", tl.Days[0].Day+".json")); !bytes.Equal(b, statsWant) {
		t.Errorf("stats of %s: file %s, /api/stats %s", tl.Days[0].Day, b, statsWant)
	}

	// (c) GET /pmtiles/control.pmtiles by range.
	file, _ := os.ReadFile(filepath.Join(dir, "control.pmtiles"))
	req, _ := http.NewRequest("GET", base+"/pmtiles/control.pmtiles", nil)
	req.Header.Set("Range", "bytes=100-16483")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, file[100:16484]) {
		t.Errorf("range: %d, %d bytes", resp.StatusCode, len(body))
	}
	if cr := resp.Header.Get("Content-Range"); cr != fmt.Sprintf("bytes 100-16483/%d", len(file)) {
		t.Errorf("Content-Range %q", cr)
	}
	etag := resp.Header.Get("Etag")
	if etag == "" || resp.Header.Get("Cache-Control") == "" {
		t.Errorf("headers %v", resp.Header)
	}
	req.Header.Set("If-None-Match", etag)
	req.Header.Del("Range")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	for _, p := range []string{"/pmtiles/Control.pmtiles", "/pmtiles/nope.pmtiles", "/pmtiles/control.mvt", "/pmtiles/..%2fcontrol.pmtiles", "/pmtiles/a_b.pmtiles"} {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestPublishCLI(t *testing.T) {
	db := seededCopy(t)
	out := filepath.Join(t.TempDir(), "site")
	if code, _, stderr := runCLI(t, db, `{"type":"FeatureCollection","features":[]}`, "import", "--dataset", "empty", "-"); code != exitOK {
		t.Fatalf("import of an empty dataset: %d %s", code, stderr)
	}
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"publish"}, exitUsage},
		{[]string{"publish", "--out", out, "--maxzoom", "40"}, exitUsage},
		{[]string{"publish", "--out", out, "--minzoom", "5", "--maxzoom", "4"}, exitUsage},
		{[]string{"publish", "--out", out, "--bbox", "1,2,3"}, exitUsage},
		{[]string{"publish", "--out", out, "extra"}, exitUsage},
		{[]string{"publish", "--out", out, "--dataset", "nope"}, exitRejected},
		{[]string{"publish", "--out", out, "--dataset", "empty"}, exitUsage},
		{[]string{"publish", "--out", filepath.Join(file, "site"), "--maxzoom", "3"}, exitFailure},
		{[]string{"publish", "--out", out, "--bbox", "20,40,200,50"}, exitUsage},
		{[]string{"publish", "--out", out, "--raster", "2024-13-01"}, exitUsage},
		{[]string{"publish", "--out", out, "--raster", "yesterday"}, exitUsage},
		{[]string{"publish", "--out", out, "--maxzoom", "6", "--by-oblast=false"}, exitOK},
	} {
		code, stdout, stderr := runCLI(t, db, "", tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.code, stdout, stderr)
		}
		if code == exitOK && (!strings.Contains(stdout, "control.pmtiles") || !strings.Contains(stdout, "share a stored tile")) {
			t.Errorf("summary: %s", stdout)
		}
	}
	h, _, _ := readArchive(t, filepath.Join(out, "control.pmtiles"))
	if h.MaxZoom != 6 {
		t.Errorf("maxzoom %d", h.MaxZoom)
	}
}

func TestPublishRaster(t *testing.T) {
	dir := t.TempDir()
	base, s := testServerWith(t, testSetup{})
	ctx := context.Background()
	bm, err := loadBasemap(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := s.Dataset(ctx, "seed")
	if err != nil {
		t.Fatal(err)
	}
	days, err := s.ChangeDays(ctx, "seed", orb.Bound{})
	if err != nil || len(days) == 0 {
		t.Fatalf("change days %v %v", days, err)
	}
	last := days[len(days)-1]
	sum, err := publish.Publish(ctx, s, publish.Options{Dataset: "seed", Dir: dir, MinZoom: 0, MaxZoom: 9,
		Basemap: bm, Attribution: server.AttributionOf(ds), Raster: &publish.Raster{Latest: true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Archives) != 3+len(sum.Periods) {
		t.Fatalf("summary %+v", sum)
	}
	ra := sum.Archives[2]
	path := filepath.Join(dir, "raster-"+last.String()+".pmtiles")
	if ra.Path != path || ra.Empty != 0 {
		t.Fatalf("raster archive %+v, want %s", ra, path)
	}
	h, meta, got := readArchiveOf(t, path, pmtiles.Png, pmtiles.NoCompression)
	if h.MinZoom != 0 || h.MaxZoom != 9 {
		t.Errorf("header %+v", h)
	}
	for _, k := range []string{"name", "attribution", "license", "bounds", "minzoom", "maxzoom"} {
		if meta[k] == nil {
			t.Errorf("metadata has no %s: %v", k, meta)
		}
	}
	if meta["format"] != "png" || meta["day"] != last.String() || meta["attribution"] != server.AttributionOf(ds) {
		t.Errorf("metadata %v", meta)
	}
	// Every tile of the area is there (a raster map needs its sea), as many
	// as the control archive's and the tiles it leaves out; the sea and
	// land repeat, and are stored once.
	ctl := sum.Archives[0]
	if len(got) != ra.Stats.Addressed || ra.Stats.Addressed != ctl.Stats.Addressed+ctl.Empty {
		t.Errorf("%d addresses read, %d written; control %d + %d empty", len(got), ra.Stats.Addressed, ctl.Stats.Addressed, ctl.Empty)
	}
	if ra.Stats.Contents >= ra.Stats.Addressed || ra.Stats.Shared == 0 {
		t.Errorf("stats %+v: identical tiles not shared", ra.Stats)
	}
	var ids []uint64
	for id, body := range got {
		if !bytes.HasPrefix(body, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("tile %d is not a PNG", id)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)

	// A sample across zooms: the archive's bytes are the server's PNG.
	sample := sampleByZoom(ids, 10, 2)
	if len(sample) < 12 {
		t.Fatalf("sample of %d tiles", len(sample))
	}
	for id := range sample {
		z, x, y := pmtiles.IDToZxy(id)
		for _, d := range []string{"latest", last.String()} {
			p := fmt.Sprintf("/tiles/%s/%d/%d/%d.png?dataset=seed", d, z, x, y)
			resp, err := http.Get(base + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %s", p, resp.StatusCode, b)
			}
			if !bytes.Equal(got[id], b) {
				t.Errorf("%s: archive and server differ (%d and %d bytes)", p, len(got[id]), len(b))
			}
		}
	}
}

package publish

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/protomaps/go-pmtiles/pmtiles"
)

func TestTileID(t *testing.T) {
	for z := range uint8(16) {
		n := uint32(1) << z
		for _, xy := range [][2]uint32{{0, 0}, {n - 1, 0}, {0, n - 1}, {n - 1, n - 1}, {n / 3, n / 2}, {n / 2, n / 5}} {
			if got, want := TileID(z, xy[0], xy[1]), pmtiles.ZxyToID(z, xy[0], xy[1]); got != want {
				t.Errorf("TileID(%d, %d, %d) = %d, want %d", z, xy[0], xy[1], got, want)
			}
		}
	}
}

// TestWriterLeaves writes enough entries for leaf directories and reads
// every one back with go-pmtiles.
func TestWriterLeaves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.pmtiles")
	w, err := NewWriter(path)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	want := map[uint64][]byte{}
	id := uint64(0)
	for i := range 60000 {
		id += 1 + uint64(rng.IntN(50))
		body := bytes.Repeat([]byte{byte(i)}, 1+rng.IntN(300))
		if i%10 == 0 {
			body = []byte("shared") // stored once
		}
		if _, err := w.Add(id, body); err != nil {
			t.Fatal(err)
		}
		want[id] = body
	}
	st, err := w.Close(Header{MaxZoom: 14, Bound: orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}}, map[string]any{"name": "t"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	h, err := pmtiles.DeserializeHeader(b[:pmtiles.HeaderV3LenBytes])
	if err != nil {
		t.Fatal(err)
	}
	if h.LeafDirectoryLength == 0 {
		t.Fatal("no leaf directories")
	}
	if h.AddressedTilesCount != 60000 || int(h.TileContentsCount) != st.Contents || h.MinLonE7 != 220000000 || h.MaxLatE7 != 530000000 {
		t.Errorf("header %+v", h)
	}
	got := 0
	root := pmtiles.DeserializeEntries(bytes.NewBuffer(b[h.RootOffset:h.RootOffset+h.RootLength]), h.InternalCompression)
	for _, le := range root {
		off := h.LeafDirectoryOffset + le.Offset
		for _, e := range pmtiles.DeserializeEntries(bytes.NewBuffer(b[off:off+uint64(le.Length)]), h.InternalCompression) {
			for i := range uint64(e.RunLength) {
				body := b[h.TileDataOffset+e.Offset : h.TileDataOffset+e.Offset+uint64(e.Length)]
				if !bytes.Equal(body, want[e.TileID+i]) {
					t.Fatalf("tile %d differs", e.TileID+i)
				}
				got++
			}
		}
	}
	if got != len(want) {
		t.Errorf("read %d tiles, wrote %d", got, len(want))
	}
	if _, err := w.Add(1, nil); err == nil {
		t.Error("Add after a lower id: no error")
	}
}

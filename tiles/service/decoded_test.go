package service

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// TestWriteDecodedMemory: a tile of 31 MB unpacked (issue #22: a 30 MiB
// source in every tile over its polygon) goes to 16 clients that do not
// accept gzip with a few tens of KB allocated each, not a decoded copy
// each (which took RSS from 45 MB to 1.28 GB); DecodedSize says its length
// without unpacking it.
func TestWriteDecodedMemory(t *testing.T) {
	plain := strings.Repeat("source text ", 31<<20/12)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(plain))
	zw.Close()
	tile := newTile(MVT, "k", gz.Bytes(), false)
	if n, ok := tile.DecodedSize(); !ok || n != int64(len(plain)) {
		t.Fatalf("DecodedSize: got %d, %v, want %d", n, ok, len(plain))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 16 {
		n, err := tile.WriteDecoded(io.Discard)
		if err != nil || n != int64(len(plain)) {
			t.Fatalf("WriteDecoded: got %d, %v, want %d", n, err, len(plain))
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / 16; per > 1<<20 {
		t.Errorf("%d bytes allocated a client, want at most 1 MiB", per)
	}
}

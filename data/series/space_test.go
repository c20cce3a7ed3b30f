package series

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/geo"
)

// TestSpaceBomb reads a .tar.gz of a file of nothing but spaces (issue
// #22: 4/8/16 MiB took 0.21/0.79/3.21 s, quadratic): it is refused as
// broken JSON in linear time, and past a file bound as too large at once.
func TestSpaceBomb(t *testing.T) {
	for name, tc := range map[string]struct {
		size  int
		limit int64
		want  error
	}{
		"16 MiB":                {size: 16 << 20, want: geo.ErrInvalid},
		"16 MiB past 1 MiB cap": {size: 16 << 20, limit: 1 << 20, want: geo.ErrTooLarge},
	} {
		t.Run(name, func(t *testing.T) {
			b := tarGz(t, map[string]string{"2025-01-01.geojson": strings.Repeat(" ", tc.size)})
			start := time.Now()
			_, err := ReadStream(context.Background(), "s.tar.gz", bytes.NewReader(b), Options{Limits: geojson.Limits{FileBytes: tc.limit}})
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("read in %v, want under 1 s", d)
			}
		})
	}
}

// TestPAXTooLong: an archive with an 8 MiB PAX header (past archive/tar's
// bound) is a bad archive, refused as invalid input (issue #22: a 500).
func TestPAXTooLong(t *testing.T) {
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	body := strings.Repeat("x", 8<<20)
	if err := tw.WriteHeader(&tar.Header{Name: "PaxHeaders/x", Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
		t.Fatal(err)
	}
	tw.Write([]byte(body))
	tw.Close()
	raw := tb.Bytes()
	raw[156] = tar.TypeXHeader // the first header becomes a PAX header: new checksum
	copy(raw[148:156], "        ")
	sum := 0
	for _, c := range raw[:512] {
		sum += int(c)
	}
	copy(raw[148:156], fmt.Sprintf("%06o\x00 ", sum))
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	zw.Close()
	_, err := ReadStream(context.Background(), "s.tar.gz", &buf, Options{})
	if !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("got %v, want geo.ErrInvalid", err)
	}
	if err != nil && len(err.Error()) > 300 {
		t.Errorf("error of %d bytes, want at most 300", len(err.Error()))
	}
}

package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"

	"github.com/gorilla/mux"
	"github.com/klauspost/compress/gzip"
	"github.com/paulmach/orb/maptile"
)

// tile serves GET /tiles/{day}/{z}/{x}/{y}.png|@2x.png|.mvt for one day.
func (s *Server) tile(w http.ResponseWriter, r *http.Request) {
	dayS, z, x, yext, _ := splitTilePath(r.URL.Path)
	t, f, err := parseTile(z, x, yext)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var layers, dsName string
	if v, ok := simpleQuery(r.URL.RawQuery, "layers", "dataset"); ok {
		layers, dsName = v[0], v[1]
	} else {
		q := r.URL.Query()
		layers, dsName = q.Get("layers"), q.Get("dataset")
	}
	controlOnly := false
	switch layers {
	case "", "all":
	case "control":
		controlOnly = true
	default:
		s.fail(w, r, geo.Invalidf("layers %q: want control or all", layers))
		return
	}
	ctx := r.Context()
	dataset, err := s.datasetNamed(ctx, dsName)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if dayS == baseDay {
		s.baseTile(w, r, t, f, dataset)
		return
	}
	day, latest, err := s.parseDay(ctx, dataset, dayS, "day")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	kind := tileKind(f, controlOnly)
	rk := dayTileKey(dataset, day, kind, t)
	body, key, err := s.tileBody(ctx, rk, dataset, kind, f, func() (*tiles.Content, error) {
		return s.build.Day(ctx, s.store, dataset, day, t, controlOnly)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveTile(w, r, f, key, body, cacheControl(day, latest))
}

// baseDay is the "day" of the basemap's tiles: GET /tiles/base/{z}/{x}/{y}.mvt.
const baseDay = "base"

// baseTile serves GET /tiles/base/{z}/{x}/{y}.mvt: the basemap alone, every
// water feature with its validity (Builder.BaseTile), the same bytes as
// basemap.pmtiles of frontline publish.
func (s *Server) baseTile(w http.ResponseWriter, r *http.Request, t maptile.Tile, f tileFormat, dataset string) {
	if f != formatMVT {
		s.fail(w, r, geo.Invalidf("basemap tiles are vector tiles: want {y}.mvt"))
		return
	}
	rk := requestKey("", baseDay, "mvt", tileString(t))
	body, key, err := s.tileBody(r.Context(), rk, dataset, "mvt", f, func() (*tiles.Content, error) {
		return s.build.BaseTile(t), nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveTile(w, r, f, key, body, "public, max-age=86400")
}

// temporalTile serves GET /tiles/all/{z}/{x}/{y}.mvt: every version with its validity.
func (s *Server) temporalTile(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	t, f, err := parseTile(vars["z"], vars["x"], vars["yext"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f != formatMVT {
		s.fail(w, r, geo.Invalidf("temporal tiles are vector tiles: want {y}.mvt"))
		return
	}
	ctx := r.Context()
	dataset, err := s.dataset(ctx, r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rk := requestKey(dataset, "all", "mvt-temporal", tileString(t))
	body, key, err := s.tileBody(ctx, rk, dataset, "mvt-temporal", f, func() (*tiles.Content, error) {
		vs, err := s.store.VersionsIn(ctx, dataset, tiles.TileBound(t, tiles.ControlBuffer))
		if err != nil {
			return nil, err
		}
		return s.build.Temporal(vs, t), nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveTile(w, r, f, key, body, "public, max-age=300")
}

func tileKind(f tileFormat, controlOnly bool) string {
	k := map[tileFormat]string{formatPNG: "png", formatPNG2x: "png2x", formatMVT: "mvt"}[f]
	if controlOnly {
		k += "-control"
	}
	return k
}

func tileString(t maptile.Tile) string {
	return strconv.Itoa(int(t.Z)) + "/" + strconv.Itoa(int(t.X)) + "/" + strconv.Itoa(int(t.Y))
}

// tileBody returns a tile's body (gzipped for tiles.MVT) and content key: from
// the resolved request and the cache if it can, else by building the
// content, keying it and rendering it once. The key covers the look too
// (the renderer's version and style for a raster tile, the MVT encoding's
// version for a vector tile); the request keys need not, since one Server
// draws with one renderer for its life.
func (s *Server) tileBody(ctx context.Context, rk, dataset, kind string, f tileFormat, content func() (*tiles.Content, error)) ([]byte, string, error) {
	// The generation is read before the store: content built from data a
	// change has already replaced is remembered under the old generation.
	gen := s.gens.of(dataset)
	if key, ok := s.resolved.get(rk, gen); ok {
		if body, ok := s.cache.Get(key); ok {
			return body, key, nil
		}
	}
	c, err := content()
	if err != nil {
		return nil, "", err
	}
	look := s.raster.Key() // computed once, by draw.NewRenderer
	if f == formatMVT {
		look = tiles.MVTLook
	}
	key := tiles.ContentKey(kind, look, c, f == formatMVT)
	s.resolved.put(rk, key, gen)
	if body, ok := s.cache.Get(key); ok {
		return body, key, nil
	}
	body, err := s.flight.Do(ctx, key, func(context.Context) ([]byte, error) {
		start := time.Now()
		body, err := s.render(c, f, strings.HasSuffix(kind, "-control"))
		if err != nil {
			return nil, err
		}
		s.metrics.rendered(kind, time.Since(start))
		s.cache.Put(key, body)
		return body, nil
	})
	return body, key, err
}

func (s *Server) render(c *tiles.Content, f tileFormat, controlOnly bool) ([]byte, error) {
	switch f {
	case formatMVT:
		b, err := tiles.MVT(c)
		if err != nil {
			return nil, err
		}
		return tiles.Gzip(b), nil
	case formatPNG2x:
		return s.raster.PNG(c, draw.RasterOptions{Size: 512, ControlOnly: controlOnly})
	}
	return s.raster.PNG(c, draw.RasterOptions{Size: 256, ControlOnly: controlOnly})
}

// cacheControl is long for a past day and short for latest or today.
func cacheControl(day geo.Day, latest bool) string {
	if latest || day >= geo.DayOf(time.Now()) {
		return "public, max-age=60"
	}
	return "public, max-age=86400, stale-while-revalidate=604800"
}

// Header values shared by every response: net/http only reads them, and a
// handler that sets the header again replaces the slice.
var (
	hdrPNG            = []string{"image/png"}
	hdrAcceptEncoding = []string{"Accept-Encoding"}
	hdrAnyOrigin      = []string{"*"}
	hdrExpose         = []string{"ETag, Content-Length"}
)

// serveTile writes a tile with its ETag, answering If-None-Match with 304.
func (s *Server) serveTile(w http.ResponseWriter, r *http.Request, f tileFormat, key string, body []byte, cc string) {
	// Headers are set by their canonical names directly: this is the path
	// of every cache hit.
	h := w.Header()
	gz := f == formatMVT && acceptsGzip(r)
	etag := `"` + key + `"`
	if gz {
		etag = `"` + key + `-gz"`
	}
	vals := make([]string, 3) // one allocation for three headers
	vals[0], vals[1] = etag, cc
	h["Etag"] = vals[0:1:1]
	h["Cache-Control"] = vals[1:2:2]
	if f == formatMVT {
		h["Vary"] = hdrAcceptEncoding
	}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if f == formatMVT {
		h.Set("Content-Type", "application/vnd.mapbox-vector-tile")
		if gz {
			h.Set("Content-Encoding", "gzip")
		} else {
			plain, err := gunzip(body)
			if err != nil {
				// A cached body that does not unpack is a defect: say so
				// rather than answer an empty tile.
				s.fail(w, r, fmt.Errorf("tile %s: gunzip of cached body: %w", key, err))
				return
			}
			body = plain
		}
	} else {
		h["Content-Type"] = hdrPNG
	}
	vals[2] = strconv.Itoa(len(body))
	h["Content-Length"] = vals[2:3:3]
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

func etagMatch(header, etag string) bool {
	for _, part := range strings.Split(header, ",") {
		p := strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if p == etag || p == "*" {
			return true
		}
	}
	return false
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// splitTilePath splits /tiles/{day}/{z}/{x}/{yext} without a regexp; ok is
// false for any other shape of path.
func splitTilePath(p string) (day, z, x, yext string, ok bool) {
	rest, found := strings.CutPrefix(p, "/tiles/")
	if !found {
		return "", "", "", "", false
	}
	var parts [4]string
	for i := range 3 {
		parts[i], rest, found = strings.Cut(rest, "/")
		if !found || parts[i] == "" {
			return "", "", "", "", false
		}
	}
	if rest == "" || strings.Contains(rest, "/") {
		return "", "", "", "", false
	}
	return parts[0], parts[1], parts[2], rest, true
}

package server

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb/maptile"
)

// tileFormat is what a tile request asks for.
type tileFormat int

const (
	formatPNG tileFormat = iota + 1
	formatPNG2x
	formatMVT
)

// parseTile parses z, x and the "{y}.ext" path element of an XYZ tile.
// Tiles outside the pyramid are bad requests.
func parseTile(zs, xs, yext string) (maptile.Tile, tileFormat, error) {
	var f tileFormat
	var ys string
	switch {
	case strings.HasSuffix(yext, "@2x.png"):
		f, ys = formatPNG2x, strings.TrimSuffix(yext, "@2x.png")
	case strings.HasSuffix(yext, ".png"):
		f, ys = formatPNG, strings.TrimSuffix(yext, ".png")
	case strings.HasSuffix(yext, ".mvt"):
		f, ys = formatMVT, strings.TrimSuffix(yext, ".mvt")
	case strings.HasSuffix(yext, ".pbf"):
		f, ys = formatMVT, strings.TrimSuffix(yext, ".pbf")
	default:
		return maptile.Tile{}, 0, geo.Invalidf("tile %q: want {y}.png, {y}@2x.png or {y}.mvt", yext)
	}
	z, err := parseUint(zs, "z")
	if err != nil {
		return maptile.Tile{}, 0, err
	}
	if z > tiles.MaxZoom {
		return maptile.Tile{}, 0, geo.Invalidf("zoom %d is outside 0..%d", z, tiles.MaxZoom)
	}
	x, err := parseUint(xs, "x")
	if err != nil {
		return maptile.Tile{}, 0, err
	}
	y, err := parseUint(ys, "y")
	if err != nil {
		return maptile.Tile{}, 0, err
	}
	if n := uint64(1) << z; x >= n || y >= n {
		return maptile.Tile{}, 0, geo.Invalidf("tile %d/%d/%d is outside the pyramid (x and y < %d at zoom %d)", z, x, y, n, z)
	}
	return maptile.New(uint32(x), uint32(y), maptile.Zoom(z)), f, nil
}

func parseUint(s, name string) (uint64, error) {
	if s == "" || len(s) > 10 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, geo.Invalidf("%s %q is not a whole number", name, s)
	}
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, geo.Invalidf("%s %q is out of range", name, s)
	}
	return v, nil
}

// parseDay parses a day parameter; "latest" is the last change day of the dataset.
func (s *Server) parseDay(ctx context.Context, dataset, v, name string) (geo.Day, bool, error) {
	if v == "latest" {
		d, err := s.latest(ctx, dataset)
		return d, true, err
	}
	d, err := geo.ParseDay(v)
	if err != nil {
		return 0, false, geo.Invalidf("%s: %s", name, err.Error())
	}
	return d, false, nil
}

// dataset returns the ?dataset= parameter or the default, checking it
// exists. The answer is remembered for a few seconds and forgotten on
// every edit, so that a cached tile costs no query.
func (s *Server) dataset(ctx context.Context, q url.Values) (string, error) {
	return s.datasetNamed(ctx, q.Get("dataset"))
}

// datasetNamed checks a dataset name; empty names the default.
func (s *Server) datasetNamed(ctx context.Context, name string) (string, error) {
	s.dsMu.RLock()
	known, fresh := s.dsKnown, time.Since(s.dsAt) < 10*time.Second
	s.dsMu.RUnlock()
	if !fresh {
		loaded, err := s.loadDatasets(ctx)
		switch {
		case err == nil:
			known = loaded
		case known != nil && errors.Is(err, geo.ErrUnavailable):
			// The database is away: the names known before still serve
			// what the caches hold.
		default:
			return "", err
		}
	}
	if name == "" {
		return known[""], nil
	}
	if !geo.ValidSlug(name) {
		return "", geo.Invalidf("bad dataset name %s: want lowercase words joined by '-'", geo.Echo(name))
	}
	if _, ok := known[name]; !ok {
		return "", fmt.Errorf("dataset %s: %w", geo.Echo(name), geo.ErrNotFound)
	}
	return name, nil
}

// datasetMeta describes the dataset name (as datasetNamed takes it: ""
// is the default) from what loadDatasets remembered: refreshed every few
// seconds and on every edit, kept while the database is away.
func (s *Server) datasetMeta(ctx context.Context, name string) (geo.Dataset, error) {
	name, err := s.datasetNamed(ctx, name)
	if err != nil {
		return geo.Dataset{}, err
	}
	s.dsMu.RLock()
	d, ok := s.dsMeta[name]
	s.dsMu.RUnlock()
	if !ok {
		d = geo.Dataset{Name: name}
	}
	return d, nil
}

// loadDatasets reads the dataset names and the default (under ""), and
// what describes each dataset.
func (s *Server) loadDatasets(ctx context.Context) (map[string]string, error) {
	ds, err := s.store.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	def, err := s.store.DefaultDataset(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]string{"": def}
	meta := make(map[string]geo.Dataset, len(ds))
	for _, d := range ds {
		known[d.Name] = d.Name
		meta[d.Name] = d
	}
	s.dsMu.Lock()
	s.dsKnown, s.dsMeta, s.dsAt = known, meta, time.Now()
	s.dsMu.Unlock()
	return known, nil
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/frontline-map/frontline/data/mbtiles"
	"github.com/frontline-map/frontline/tiles/publish"

	"github.com/paulmach/orb"
)

// mbtilesSinks is publish's Sink for --mbtiles: DIR/NAME.mbtiles beside
// each DIR/NAME.pmtiles, of the same tiles, written by data/mbtiles.
func mbtilesSinks(dir string, written *[]string) func(ctx context.Context, name string) (publish.TileSink, error) {
	return func(ctx context.Context, name string) (publish.TileSink, error) {
		path := filepath.Join(dir, name+".mbtiles")
		w, err := mbtiles.Create(ctx, path)
		if err != nil {
			return nil, err
		}
		return mbtilesSink{w, path, written}, nil
	}
}

// mbtilesSink is an MBTiles writer as a publish.TileSink: it reads the
// archive's metadata (TileJSON's fields) into MBTiles'.
type mbtilesSink struct {
	*mbtiles.Writer
	path    string
	written *[]string
}

func (s mbtilesSink) Close(ctx context.Context, meta map[string]any) error {
	m, err := mbtilesMeta(meta)
	if err != nil {
		s.Abort()
		return err
	}
	if err := s.Writer.Close(ctx, m); err != nil {
		return err
	}
	*s.written = append(*s.written, s.path)
	return nil
}

// mbtilesMeta reads a published archive's metadata into MBTiles 1.3's:
// the "json" row carries vector_layers.
func mbtilesMeta(meta map[string]any) (mbtiles.Metadata, error) {
	str := func(k string) string { s, _ := meta[k].(string); return s }
	num := func(k string) int { n, _ := meta[k].(int); return n }
	m := mbtiles.Metadata{Name: str("name"), Format: str("format"), Attribution: str("attribution"),
		Description: str("description"), Type: str("type"), Version: str("version"),
		MinZoom: num("minzoom"), MaxZoom: num("maxzoom")}
	if b, ok := meta["bounds"].([]float64); ok && len(b) == 4 {
		m.Bounds = orb.Bound{Min: orb.Point{b[0], b[1]}, Max: orb.Point{b[2], b[3]}}
	}
	if c, ok := meta["center"].([]float64); ok && len(c) == 3 {
		m.Center, m.CenterZoom = orb.Point{c[0], c[1]}, int(c[2])
	}
	if vl, ok := meta["vector_layers"]; ok {
		b, err := json.Marshal(map[string]any{"vector_layers": vl})
		if err != nil {
			return m, fmt.Errorf("mbtiles metadata: %w", err)
		}
		m.JSON = string(b)
	}
	return m, nil
}

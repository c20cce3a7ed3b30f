package service

import (
	"context"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"
)

// Get answers a tile request: its body (gzip'd for MVT, as it is stored,
// served to clients that accept gzip and archived), ETag and content type.
// The body comes from the cache when the request or its content was seen
// before; otherwise the content is built, keyed and encoded once however
// many ask for it at the same time. Errors are the request's
// (*FormatError, geo.ErrInvalid), the store's, or the context's; a panic
// while encoding is a *flight.PanicError.
func (s *Service) Get(ctx context.Context, r Request) (Tile, error) {
	if err := r.Check(); err != nil {
		return Tile{}, err
	}
	kind := r.kind()
	rk := ""
	gen := s.gens.of(r.Dataset) // read before the store: content built from data a change has already replaced is remembered under the old generation
	if s.resolved != nil {
		rk = requestKey(r, kind)
		if v, ok := s.resolved.get(rk, gen); ok {
			if v.empty && r.OmitEmpty {
				return newTile(r.Format, v.key, nil, true), nil
			}
			if body, ok := s.cached(v.key); ok {
				return newTile(r.Format, v.key, body, v.empty), nil
			}
		}
	}
	c, err := s.content(ctx, r, gen)
	if err != nil {
		return Tile{}, err
	}
	if r.Format == MVT {
		c = c.ForMVT() // keyed as written: two contents the spec writes the same are one tile
	}
	key := tiles.ContentKey(kind, s.look(r.Format), c, r.Format == MVT)
	empty := len(c.Items) == 0
	if s.resolved != nil {
		s.resolved.put(rk, resolved{key: key, empty: empty, gen: gen})
	}
	if empty && r.OmitEmpty {
		return newTile(r.Format, key, nil, true), nil
	}
	if body, ok := s.cached(key); ok {
		return newTile(r.Format, key, body, empty), nil
	}
	body, err := s.flight.Do(ctx, key, func(context.Context) ([]byte, error) {
		start := time.Now()
		body, err := s.render(c, r.Format, r.ControlOnly)
		if err != nil {
			return nil, err
		}
		s.rendered(kind, time.Since(start))
		if s.cache != nil {
			s.cache.Put(key, body)
		}
		return body, nil
	})
	if err != nil {
		return Tile{}, err
	}
	return newTile(r.Format, key, body, empty), nil
}

// look names what turns content into bytes, for the content key: the
// renderer's version and style for a raster tile (computed once, by
// draw.NewRenderer), the MVT encoding's version for a vector tile. The
// request keys need not cover it, since one Service draws with one
// renderer for its life.
func (s *Service) look(f Format) string {
	if f == MVT {
		return tiles.MVTLook
	}
	return s.raster.Key()
}

func (s *Service) cached(key string) ([]byte, bool) {
	if s.cache == nil {
		return nil, false
	}
	return s.cache.Get(key)
}

// content builds what a request's tile shows.
func (s *Service) content(ctx context.Context, r Request, gen uint64) (*tiles.Content, error) {
	switch r.Set {
	case BaseTiles:
		return s.build.BaseTile(r.Tile), nil
	case TemporalTiles:
		var vs []geo.Version
		var err error
		b := tiles.TileBound(r.Tile, tiles.ControlBuffer)
		if r.Period.Valid() {
			vs, err = tiles.During(ctx, s.src, r.Dataset, r.Period, b)
		} else {
			vs, err = s.src.VersionsIn(ctx, r.Dataset, b)
		}
		if err != nil {
			return nil, err
		}
		return s.build.Temporal(vs, r.Tile), nil
	}
	return s.build.Day(ctx, s.source(gen), r.Dataset, r.Day, r.Tile, r.ControlOnly)
}

// render encodes content: MVT gzip'd, or PNG of 256 or 512 px.
func (s *Service) render(c *tiles.Content, f Format, controlOnly bool) ([]byte, error) {
	switch f {
	case MVT:
		b, err := tiles.MVT(c)
		if err != nil {
			return nil, err
		}
		return tiles.Gzip(b), nil
	case PNG2x:
		return s.raster.PNG(c, draw.RasterOptions{Size: 512, ControlOnly: controlOnly})
	}
	return s.raster.PNG(c, draw.RasterOptions{Size: 256, ControlOnly: controlOnly})
}

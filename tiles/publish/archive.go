package publish

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/frontline-map/frontline/tiles/service"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// archive says what an archive holds: the tile service's answers to req
// (Tile aside) over an area.
type archive struct {
	name string // the file is DIR/name.pmtiles
	area tileArea
	meta map[string]any
	req  service.Request
}

// areaBy lists the tiles of zooms min..max that cover bound(z), in tile id
// order.
func areaBy(bound func(z int) orb.Bound, minZ, maxZ int) ([]maptile.Tile, []uint64) {
	const maxLat = 85.05112878
	type tid struct {
		t  maptile.Tile
		id uint64
	}
	var all []tid
	for z := minZ; z <= maxZ; z++ {
		b := bound(z)
		nw := orb.Point{b.Min.X(), math.Min(b.Max.Y(), maxLat)}
		se := orb.Point{b.Max.X(), math.Max(b.Min.Y(), -maxLat)}
		zz := maptile.Zoom(z)
		a, c := maptile.At(nw, zz), maptile.At(se, zz)
		for x := a.X; x <= c.X; x++ {
			for y := a.Y; y <= c.Y; y++ {
				all = append(all, tid{maptile.New(x, y, zz), TileID(uint8(z), x, y)})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].id < all[j].id })
	ts, ids := make([]maptile.Tile, len(all)), make([]uint64, len(all))
	for i, a := range all {
		ts[i], ids[i] = a.t, a.id
	}
	return ts, ids
}

// tileArea is where an archive has tiles: Bound, or at the zooms up to
// WideMaxZoom the Wide bound if it is set (the header's bound then).
type tileArea struct {
	Bound, Wide orb.Bound
	WideMaxZoom int
}

func (a tileArea) at(z int) orb.Bound {
	if a.Wide != (orb.Bound{}) && z <= a.WideMaxZoom {
		return a.Wide
	}
	return a.Bound
}

func (a tileArea) header() orb.Bound {
	if a.Wide != (orb.Bound{}) {
		return a.Wide
	}
	return a.Bound
}

// writeArchive writes DIR/name.pmtiles of the tile service's answers over
// the area: gzip'd MVT, or PNG. A tile the service answers without a body
// (empty, when the request omits empty tiles) is left out. The same tiles
// go to opt.Sink's sink too, if there is one.
func writeArchive(ctx context.Context, opt Options, svc *service.Service, ar archive) (Archive, error) {
	start := time.Now()
	path := filepath.Join(opt.Dir, ar.name+".pmtiles")
	a := Archive{Name: ar.name, Path: path, ZoomTiles: make([]int, opt.MaxZoom+1), ZoomBytes: make([]int64, opt.MaxZoom+1)}
	ts, ids := areaBy(ar.area.at, opt.MinZoom, opt.MaxZoom)
	w, err := NewWriter(path)
	if err != nil {
		return a, err
	}
	sink, err := opt.sink(ctx, ar.name)
	if err != nil {
		w.Abort()
		return a, err
	}
	fail := func(err error) (Archive, error) {
		w.Abort()
		sink.Abort()
		return a, err
	}
	encode := func(ctx context.Context, t maptile.Tile) ([]byte, error) {
		req := ar.req
		req.Tile = t
		tile, err := svc.Get(ctx, req)
		return tile.Body, err
	}
	// Chunks are built in parallel and added in order; progress is told
	// of every tile built.
	const chunk = 512
	bodies := make([][]byte, chunk)
	var built atomic.Int64
	stage := ar.name + ".pmtiles"
	tileDone := func() { opt.Progress(stage, int(built.Add(1)), len(ts)) }
	for lo := 0; lo < len(ts); lo += chunk {
		hi := min(lo+chunk, len(ts))
		if err := buildChunk(ctx, opt.Workers, ts[lo:hi], bodies, encode, tileDone); err != nil {
			return fail(fmt.Errorf("publish %s: %w", ar.name, err))
		}
		if err := a.add(ctx, w, sink, ts[lo:hi], ids[lo:hi], bodies); err != nil {
			return fail(err)
		}
	}
	if len(ts) == 0 {
		opt.Progress(stage, 0, 0)
	}
	h := Header{MinZoom: uint8(opt.MinZoom), MaxZoom: uint8(opt.MaxZoom), Bound: ar.area.header(),
		CenterZoom: uint8(centerZoom(opt)), PNG: ar.req.Format != service.MVT}
	st, err := w.Close(h, ar.meta)
	a.Stats, a.Elapsed = st, time.Since(start)
	if err != nil {
		sink.Abort()
		return a, err
	}
	return a, sink.Close(ctx, ar.meta)
}

// add adds the tiles ts (ids their tile ids) of bodies, in order, to the
// archive and the sink, counting them in a; an empty tile (nil) is left
// out.
func (a *Archive) add(ctx context.Context, w *Writer, sink TileSink, ts []maptile.Tile, ids []uint64, bodies [][]byte) error {
	for i, t := range ts {
		body := bodies[i]
		if body == nil {
			a.Empty++
			continue
		}
		first, err := w.Add(ids[i], body)
		if err == nil {
			err = sink.Put(ctx, t, body)
		}
		if err != nil {
			return err
		}
		a.ZoomTiles[t.Z]++
		if first {
			a.ZoomBytes[t.Z] += int64(len(body))
		}
	}
	return nil
}

// TileSink receives the tiles of an archive as they are written into it,
// in the archive's order (ascending tile id), then the archive's metadata
// (as the PMTiles archive's: name, description, attribution, format "pbf"
// or "png", type, bounds, center, minzoom, maxzoom, vector_layers). cmd
// gives an MBTiles writer (data/mbtiles) for --mbtiles: one iteration of
// the tile service's answers makes both files.
type TileSink interface {
	// Put adds the tile t (XYZ) with its body: gzip'd MVT or PNG.
	Put(ctx context.Context, t maptile.Tile, body []byte) error
	Close(ctx context.Context, meta map[string]any) error
	Abort()
}

// sink is opt.Sink's sink for the archive name, or one that keeps nothing.
func (opt Options) sink(ctx context.Context, name string) (TileSink, error) {
	if opt.Sink == nil {
		return noSink{}, nil
	}
	return opt.Sink(ctx, name)
}

type noSink struct{}

func (noSink) Put(context.Context, maptile.Tile, []byte) error { return nil }
func (noSink) Close(context.Context, map[string]any) error     { return nil }
func (noSink) Abort()                                          {}

// buildChunk builds the bodies of ts (nil for an empty tile) with workers
// goroutines, calling done after each.
func buildChunk(ctx context.Context, workers int, ts []maptile.Tile, bodies [][]byte,
	encode func(context.Context, maptile.Tile) ([]byte, error), done func()) error {
	var wg sync.WaitGroup
	errs := make([]error, len(ts))
	next := make(chan int)
	for range min(workers, len(ts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				bodies[i], errs[i] = encode(ctx, ts[i])
				done()
			}
		}()
	}
	for i := range ts {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"image/gif"
	"image/png"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/fogleman/gg"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/maptile/tilecover"
)

// snapshotBBox is the view of the measured snapshots: Ukraine, as in the
// issue and the tiles bench.
var snapshotBBox = orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}

// snapshotRenders is how many pictures of each size are timed.
const snapshotRenders = 20

// snapshotResult is what measureSnapshots found.
type snapshotResult struct {
	day                  string
	renders              int
	rps1200, rps2400     float64 // frontline: uncached /snapshot.png renders a second, one client
	rpsNew1200           float64 // the same with a new view each time: the basemap drawn too
	bytes1200, bytes2400 int
	frames               int     // timelapse frames
	msPerFrame           float64 // timelapse: milliseconds a frame
	gifBytes             int
	rings, points        int     // of the polygons gg draws
	ggRps1200, ggRps2400 float64 // gg: the same polygons at the same sizes, no basemap
}

// measureSnapshots times, against a frontline server holding the
// DeepStateMap series as dataset deepstate, uncached (nocache=1, with the
// server's bearer token) snapshots of Ukraine on benchDay at 1200×800 and
// 2400×1600 (1200×800 at scale 2) and a weekly timelapse's time per frame;
// and, for comparison, drawing the same day's polygons at the same sizes
// with fogleman/gg as flopp/go-staticmaps draws an sm.Area (path, fill,
// stroke, PNG) with no tile provider. go-staticmaps itself cannot be
// fetched here (the module proxy refuses it), so this is the drawing it
// would do, without its tile fetching and attribution. The polygons come
// from the server's z6 vector tiles, which hold them at the detail a
// 1200×800 map needs.
func measureSnapshots(ctx context.Context, srv *server) (snapshotResult, error) {
	r, err := measureServerSnapshots(ctx, srv)
	if err != nil {
		return r, err
	}
	c := &http.Client{Timeout: 2 * time.Minute}
	polys, err := controlPolygons(ctx, c, srv.base, benchDay)
	if err != nil {
		return r, err
	}
	for _, p := range polys {
		r.rings += len(p)
		for _, ring := range p {
			r.points += len(ring)
		}
	}
	if r.ggRps1200, err = timeGG(polys, 1200, 800); err != nil {
		return r, err
	}
	r.ggRps2400, err = timeGG(polys, 2400, 1600)
	return r, err
}

// measureServerSnapshots is the server's part of measureSnapshots: the
// uncached snapshots and the timelapse, without the gg comparison.
func measureServerSnapshots(ctx context.Context, srv *server) (snapshotResult, error) {
	r := snapshotResult{day: benchDay, renders: snapshotRenders}
	c := &http.Client{Timeout: 2 * time.Minute}
	base, token := srv.base, srv.token
	q := "/snapshot.png?dataset=deepstate&nocache=1&day=" + benchDay + "&bbox=22,44,41,53"
	var err error
	if r.rps1200, r.bytes1200, err = timeRenders(ctx, c, base+q, token, snapshotRenders); err != nil {
		return r, err
	}
	if r.rps2400, r.bytes2400, err = timeRenders(ctx, c, base+q+"&scale=2", token, snapshotRenders); err != nil {
		return r, err
	}
	// A view moved by a hundredth of a degree each time: nothing of the
	// picture is kept from the one before.
	start := time.Now()
	for i := range snapshotRenders {
		u := fmt.Sprintf("%s/snapshot.png?dataset=deepstate&nocache=1&day=%s&bbox=%.2f,44,%.2f,53", base, benchDay, 22+0.01*float64(i+1), 41+0.01*float64(i+1))
		if _, err := fetchAuth(ctx, c, u, token); err != nil {
			return r, err
		}
	}
	r.rpsNew1200 = float64(snapshotRenders) / time.Since(start).Seconds()
	err = measureTimelapse(ctx, c, base, token, &r)
	return r, err
}

// timeRenders GETs url once to warm up, then n times, and returns the
// renders a second and the size of a body.
func timeRenders(ctx context.Context, c *http.Client, url, token string, n int) (float64, int, error) {
	b, err := fetchAuth(ctx, c, url, token)
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	for range n {
		if b, err = fetchAuth(ctx, c, url, token); err != nil {
			return 0, 0, err
		}
	}
	return float64(n) / time.Since(start).Seconds(), len(b), nil
}

// measureTimelapse times a weekly timelapse of Ukraine over the first
// quarter of 2025 (the series changes every day: every week is a frame).
func measureTimelapse(ctx context.Context, c *http.Client, base, token string, r *snapshotResult) error {
	url := base + "/timelapse.gif?dataset=deepstate&nocache=1&from=2025-01-01&to=2025-03-31&step=1w&bbox=22,44,41,53"
	if _, err := fetchAuth(ctx, c, url, token); err != nil { // warm up
		return err
	}
	start := time.Now()
	b, err := fetchAuth(ctx, c, url, token)
	if err != nil {
		return err
	}
	d := time.Since(start)
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("timelapse: %w", err)
	}
	r.frames, r.gifBytes = len(g.Image), len(b)
	r.msPerFrame = d.Seconds() * 1000 / float64(len(g.Image))
	return nil
}

// controlPolygons reads the control layer of a day's z6 vector tiles over
// the snapshot's view, as [lon, lat] polygons.
func controlPolygons(ctx context.Context, c *http.Client, base, day string) ([]orb.Polygon, error) {
	set, err := tilecover.Geometry(snapshotBBox, 6)
	if err != nil {
		return nil, err
	}
	var out []orb.Polygon
	for t := range set {
		b, err := fetch(ctx, c, fmt.Sprintf("%s/tiles/%s/%d/%d/%d.mvt?dataset=deepstate", base, day, t.Z, t.X, t.Y))
		if err != nil {
			return nil, err
		}
		layers, err := mvt.UnmarshalGzipped(b)
		if err != nil {
			return nil, fmt.Errorf("tile %v: %w", t, err)
		}
		for _, l := range layers {
			if l.Name != "control" {
				continue
			}
			l.ProjectToWGS84(maptile.New(t.X, t.Y, t.Z))
			for _, f := range l.Features {
				switch g := f.Geometry.(type) {
				case orb.Polygon:
					out = append(out, g)
				case orb.MultiPolygon:
					out = append(out, g...)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no control polygons on %s: is the deepstate dataset imported?", day)
	}
	return out, nil
}

// timeGG draws polys over snapshotBBox fitted into w×h pixels (Web
// Mercator) snapshotRenders times, and returns the renders a second.
func timeGG(polys []orb.Polygon, w, h int) (float64, error) {
	if _, err := drawGG(polys, w, h); err != nil { // warm up
		return 0, err
	}
	start := time.Now()
	for range snapshotRenders {
		if _, err := drawGG(polys, w, h); err != nil {
			return 0, err
		}
	}
	return float64(snapshotRenders) / time.Since(start).Seconds(), nil
}

// drawGG draws polygons as go-staticmaps draws an sm.Area: a path per
// area, filled then stroked 1.5 px wide with round caps and joins, on a
// plain background, and encodes the image as a PNG with image/png.
func drawGG(polys []orb.Polygon, w, h int) ([]byte, error) {
	merc := func(p orb.Point) (float64, float64) {
		s := math.Sin(p[1] * math.Pi / 180)
		return (p[0] + 180) / 360, 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
	}
	x0, y0 := merc(orb.Point{snapshotBBox.Min[0], snapshotBBox.Max[1]})
	x1, y1 := merc(orb.Point{snapshotBBox.Max[0], snapshotBBox.Min[1]})
	k := math.Min(float64(w)/(x1-x0), float64(h)/(y1-y0))
	ox, oy := (x0+x1)/2-float64(w)/2/k, (y0+y1)/2-float64(h)/2/k
	dc := gg.NewContext(w, h)
	dc.SetRGB(0.95, 0.94, 0.91)
	dc.Clear()
	fill, stroke := color.NRGBA{0xc8, 0x3c, 0x32, 0x73}, color.NRGBA{0x9e, 0x2a, 0x22, 0xff}
	for _, p := range polys {
		dc.ClearPath()
		dc.SetLineWidth(1.5)
		dc.SetLineCap(gg.LineCapRound)
		dc.SetLineJoin(gg.LineJoinRound)
		for _, ring := range p {
			for i, pt := range ring {
				x, y := merc(pt)
				if i == 0 {
					dc.MoveTo((x-ox)*k, (y-oy)*k)
				} else {
					dc.LineTo((x-ox)*k, (y-oy)*k)
				}
			}
			dc.ClosePath()
		}
		dc.SetColor(fill)
		dc.FillPreserve()
		dc.SetColor(stroke)
		dc.Stroke()
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, dc.Image()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// markdown is the result as rows of the bench table and a note.
func (r snapshotResult) markdown() string {
	var b strings.Builder
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	b.WriteString("| snapshots | result |\n|---|---|\n")
	fmt.Fprintf(&b, "| snapshot.png 1200×800, Ukraine on %s, uncached, 1 client | frontline %.1f renders/s (%.0f KB); gg drawing the same polygons %.1f renders/s: **%.2f×** |\n",
		r.day, r.rps1200, float64(r.bytes1200)/1024, r.ggRps1200, ratio(r.rps1200, r.ggRps1200))
	fmt.Fprintf(&b, "| snapshot.png 1200×800, a new view each time (basemap drawn too) | frontline %.1f renders/s; gg %.1f renders/s: **%.2f×** |\n",
		r.rpsNew1200, r.ggRps1200, ratio(r.rpsNew1200, r.ggRps1200))
	fmt.Fprintf(&b, "| snapshot.png 2400×1600 (scale 2) | frontline %.1f renders/s (%.0f KB); gg %.1f renders/s: **%.2f×** |\n",
		r.rps2400, float64(r.bytes2400)/1024, r.ggRps2400, ratio(r.rps2400, r.ggRps2400))
	fmt.Fprintf(&b, "| timelapse.gif 1200×800, weekly, 2025-01-01 to 2025-03-31 | %d frames, %.0f ms a frame, %.0f KB |\n",
		r.frames, r.msPerFrame, float64(r.gifBytes)/1024)
	fmt.Fprintf(&b, "\nSnapshots: %d timed renders of each size over HTTP with nocache=1 (store query, held km² in view, basemap, control layer, labels, "+
		"title, legend, scale bar, attribution, PNG). The drawn basemap of a view (sea, land, borders) is kept for the next picture of that view, as "+
		"it is for every frame of a timelapse, so repeated views skip it; the \"new view\" row moves the view every time. The comparison draws only the day's control polygons (%d rings, %d points, from the z6 vector tiles) "+
		"with fogleman/gg in process, as flopp/go-staticmaps draws sm.Area objects with no tile provider, and encodes them with image/png; "+
		"go-staticmaps itself is not served by the Go module proxy here.\n", r.renders, r.rings, r.points)
	return b.String()
}

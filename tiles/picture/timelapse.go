package picture

import (
	"bytes"
	"context"
	"slices"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/internal/encode"
)

// Frame delays of a timelapse, in hundredths of a second.
const (
	frameDelay     = 70
	lastFrameDelay = 300
)

// maxSteps bounds the days a timelapse looks at before it keeps those on
// which the View changed.
const maxSteps = 100 * MaxFrames

// timelapseDays are the days of a timelapse's frames: from, then every
// step up to to, and to itself; unless all, only the days by which
// something in View changed since the previous frame (to is always kept).
func (s *Renderer) timelapseDays(ctx context.Context, p *Plan) ([]geo.Day, error) {
	step := p.req.Step
	var days []geo.Day
	for i := 0; step.At(p.from, i) <= p.day; i++ {
		if i == maxSteps {
			return nil, geo.Invalidf("from %s to %s every %s is more than %d steps: choose a longer step", p.from, p.day, step, maxSteps)
		}
		days = append(days, step.At(p.from, i))
	}
	if days[len(days)-1] != p.day {
		days = append(days, p.day)
	}
	if !p.req.All {
		changes, err := s.store.ChangeDays(ctx, p.dataset, p.mv.bound())
		if err != nil {
			return nil, err
		}
		days = keepChanged(days, changes)
	}
	if len(days) > MaxFrames {
		return nil, geo.Invalidf("%d frames from %s to %s every %s: a timelapse has at most %d; choose a longer step", len(days), p.from, p.day, step, MaxFrames)
	}
	return days, checkWork(len(days), p.lay)
}

// checkWork refuses a timelapse of frames frames of lay's size whose work
// (frames × pixels) is past MaxTimelapsePixels, saying how to ask for less.
func checkWork(frames int, lay layout) error {
	w, h := lay.pixels()
	px := int64(w) * int64(h)
	if work := int64(frames) * px; work > MaxTimelapsePixels {
		return geo.Invalidf("%d frames of %d×%d pixels is %d frame pixels; a timelapse draws at most %d: choose a longer step (at most %d frames of this size) or a smaller width, height or scale",
			frames, w, h, work, int64(MaxTimelapsePixels), MaxTimelapsePixels/px)
	}
	return nil
}

// keepChanged keeps the first and the last of days (ascending) and those
// between by which the map changed (a day in changes, ascending) since the
// day kept before.
func keepChanged(days, changes []geo.Day) []geo.Day {
	out := []geo.Day{days[0]}
	j := 0
	for i, d := range days[1:] {
		prev := out[len(out)-1]
		for j < len(changes) && changes[j] <= prev {
			j++
		}
		if (j < len(changes) && changes[j] <= d) || i == len(days)-2 {
			out = append(out, d)
		}
	}
	return out
}

// renderGIF draws a timelapse: the basemap once, then for each frame the
// control layer, labels and chrome over a copy of it, each frame written
// to the GIF as soon as it is drawn. It returns the last frame's figures
// and the text of its chrome as drawn.
func (s *Renderer) renderGIF(ctx context.Context, p *Plan, progress func(done, total int)) ([]byte, Figures, drawnText, error) {
	r := s.raster
	if r.Err() != nil {
		return nil, Figures{}, drawnText{}, r.Err()
	}
	f := r.Frame()
	defer r.Release(f)
	w, h := p.lay.pixels()
	canvas := f.Canvas(w, h)
	g := tiles.NewGrid(p.mv.x0, p.mv.y0, p.mv.zoom, p.mv.w, p.mv.h, p.lay.scale)
	// The basemap is drawn once, with the water of the last frame's day.
	last := p.frames[len(p.frames)-1].day
	base := &tiles.Content{Items: s.build.ViewBase(g, last)}
	mv := draw.GridView(g, p.lay.mapRect().Min, p.lay.mapRect(), p.lay.scale)
	s.drawBasemap(canvas, g, mv, base, s.build.WaterState(last))
	bg := slices.Clone(canvas.Pix)
	pal := gifPalette(r)
	q := encode.NewQuantizer(pal)
	var out bytes.Buffer
	gw := encode.NewGIF(&out, w, h, pal)
	keys := timelapseKeys(r, p)
	var figs Figures
	var text drawnText
	for i := range p.frames {
		if err := ctx.Err(); err != nil {
			return nil, figs, text, err
		}
		fr := &p.frames[i]
		var err error
		if figs, err = s.figures(ctx, p, fr); err != nil {
			return nil, figs, text, err
		}
		copy(canvas.Pix, bg)
		f.Begin(canvas, mv)
		c := &tiles.Content{Items: s.build.ViewControl(g, fr.versions)}
		r.Control(f, c)
		r.Top(f, base)
		text = newChrome(r, f, canvas, p.lay).draw(p, fr, &figs, keys)
		q.Convert(gw.Pixels(), canvas)
		delay := frameDelay
		if i == len(p.frames)-1 {
			delay = lastFrameDelay
		}
		if err := gw.Frame(delay); err != nil {
			return nil, figs, text, err
		}
		if progress != nil {
			progress(i+1, len(p.frames))
		}
	}
	gw.Close()
	return out.Bytes(), figs, text, nil
}

// timelapseKeys lists the sides and statuses of every frame's versions in
// View, in drawing order: one legend for all frames, so it stays still.
func timelapseKeys(r *draw.Renderer, p *Plan) []draw.ControlKey {
	b := p.mv.bound()
	seen := map[draw.ControlKey]bool{}
	for _, fr := range p.frames {
		for _, v := range fr.versions {
			if v.Geometry.Bound().Intersects(b) {
				seen[draw.ControlKey{Side: v.Side, Status: v.Status}] = true
			}
		}
	}
	return r.DrawnKeys(seen)
}

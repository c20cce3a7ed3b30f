package picture

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"

	"github.com/paulmach/orb"
)

// draw draws the frame of a picture around its map: the title bar with
// the date stamp, the legend, the scale bar and the footer (a compact
// picture has only the scale bar and the footer, the stamp in it). It
// returns the footer's credits and the legend's notes as drawn.
func (c *chrome) draw(p *Plan, fr *frameData, figs *Figures, keys []draw.ControlKey) drawnText {
	stamp := p.stamp(fr.day)
	var notes []string
	if !c.lay.compact {
		progress := -1.0
		if p.req.Kind == KindTimelapse && p.day > p.from {
			progress = float64(fr.day-p.from) / float64(p.day-p.from)
		}
		c.titleBar(p.title, p.subtitle(), stamp, progress)
		header, rows, ns := c.legendRows(p, figs, keys)
		if c.legend(header, rows, ns) {
			notes = ns
		}
	}
	c.scaleBar(p.mv)
	b := p.mv.bound()
	var shown []geo.Version
	for _, vs := range [][]geo.Version{fr.versions, fr.before} {
		for _, v := range vs {
			if v.Geometry.Bound().Intersects(b) {
				shown = append(shown, v)
			}
		}
	}
	return drawnText{credits: c.footer(stamp, p.meta.CreditOrName(), sources(shown)), notes: notes}
}

// drawnText is the text a frame's chrome drew: the footer's credits and
// the legend's notes.
type drawnText struct {
	credits string
	notes   []string
}

// stamp is the date stamp of a frame: its day, or a diff's two days. A
// day after the dataset's last observed day shows the map of that day,
// and the stamp says so: "map as of 22 Aug 2026" (after a diff's days);
// a day before its first observed day has no map: "no data before 3 Apr
// 2022".
func (p *Plan) stamp(day geo.Day) string {
	asOf := p.meta.AsOf(day)
	switch {
	case p.req.Kind == KindDiff && !p.meta.Observed(p.from):
		return strings.ToUpper(shortDay(p.from)+" → "+shortDay(p.day)) + " · " + noDataText(p.meta.ObservedFrom)
	case p.req.Kind != KindDiff && !p.meta.Observed(day):
		return noDataText(p.meta.ObservedFrom)
	}
	if p.req.Kind == KindDiff {
		a, b := p.from.Time(), p.day.Time()
		s := strings.ToUpper(shortDay(p.from) + " → " + shortDay(p.day))
		if a.Year() == b.Year() {
			s = strings.ToUpper(a.Format("2 Jan") + " → " + shortDay(p.day))
		}
		if asOf != 0 {
			s += " · " + asOfText(asOf)
		}
		return s
	}
	if asOf != 0 {
		return asOfText(asOf)
	}
	return strings.ToUpper(shortDay(day))
}

// asOfText says which day's map a picture shows: "map as of 22 Aug 2026".
func asOfText(d geo.Day) string { return "map as of " + shortDay(d) }

// noDataText says that a day has no map: "no data before 3 Apr 2022".
func noDataText(from geo.Day) string { return "no data before " + shortDay(from) }

// subtitle says what the map shows and from which dataset.
func (p *Plan) subtitle() string {
	ds := " · dataset " + p.dataset
	observed := ""
	if asOf := p.meta.AsOf(p.day); asOf != 0 {
		observed = ", as last observed on " + longDay(asOf)
	}
	if !p.meta.Observed(p.from) {
		observed = " (no data before " + longDay(p.meta.ObservedFrom) + ")"
	}
	switch p.req.Kind {
	case KindDiff:
		return "Areas gained and lost from " + longDay(p.from) + " to " + longDay(p.day) + ", over the map of " + longDay(p.day) + observed + ds
	case KindTimelapse:
		every := "a frame every " + stepWords(p.req.Step)
		if !p.req.All {
			every += " on which the map changed"
		}
		return "Areas of control, " + every + ds
	}
	return "Areas of control on " + longDay(p.day) + observed + ds
}

func stepWords(s Step) string {
	unit := map[byte]string{'d': "day", 'w': "week", 'm': "month"}[s.Unit]
	if s.N == 1 {
		return unit
	}
	return fmt.Sprintf("%d %ss", s.N, unit)
}

// legendRows lists the symbols drawn with their figures, a diff's gains
// and losses, and notes: the ground held across the line and contested in
// View, and what the shares are of. A request without figures
// (Request.NoFigures) gets the symbols and no numbers.
func (c *chrome) legendRows(p *Plan, figs *Figures, keys []draw.ControlKey) (string, []legendRow, []string) {
	header := "Control on " + shortDay(figs.Day)
	if figs.AsOf != 0 {
		header = "Control as of " + shortDay(figs.AsOf)
	}
	show := !p.req.NoFigures
	value := func(v string) string {
		if show {
			return v
		}
		return ""
	}
	var rows []legendRow
	for _, k := range keys {
		rows = append(rows, legendRow{area: c.Style().Control[k], symbol: true, label: controlLabel(k), value: value(statValue(figs.Stats, k))})
	}
	if p.req.Kind == KindDiff {
		gained, lost := diffStyles(c.Style())
		n := len(rows)
		for _, ch := range figs.Changes {
			if ch.GainedKm2 >= 0.05 {
				rows = append(rows, legendRow{area: gained[ch.Side], symbol: true, label: "Gained by " + sideName(ch.Side) + " since " + shortDay(p.from), value: value("+" + km2(ch.GainedKm2))})
			}
			if ch.LostKm2 >= 0.05 {
				rows = append(rows, legendRow{area: lost[ch.Side], symbol: true, label: "Lost by " + sideName(ch.Side) + " since " + shortDay(p.from), value: value("−" + km2(ch.LostKm2))})
			}
		}
		if len(rows) == n {
			rows = append(rows, legendRow{label: "No change in View since " + shortDay(p.from)})
		}
	}
	if !show {
		return header, rows, nil
	}
	notes := []string{inViewNote(figs.InView)}
	if figs.Stats != nil && figs.Stats.ReferenceKm2 > 0 {
		notes = append(notes, "Figures: area in "+figs.Stats.Reference+" and share of it ("+km2(figs.Stats.ReferenceKm2)+"); outside it, total area")
	}
	return header, rows, notes
}

// inViewNote names each kind of ground counted in view with its area:
// "In view: Russian-occupied 812 km² · Ukrainian-held in Russia 656 km² ·
// contested 599 km²".
func inViewNote(in []HeldArea) string {
	var parts []string
	for _, a := range in {
		parts = append(parts, a.Label()+" "+km2(a.Km2))
	}
	if len(parts) == 0 {
		return "In view: no ground held across the line or contested"
	}
	return "In view: " + strings.Join(parts, " · ")
}

// statValue is a symbol's area and share of the reference, from
// /api/stats: the area inside the reference beside its share, so that the
// two agree; the total area where none of it lies inside (ground held in
// Russia); "" without stats.
func statValue(st *geo.Stats, k draw.ControlKey) string {
	if st == nil {
		return ""
	}
	for _, f := range st.Figures {
		if f.Side == k.Side && f.Status == k.Status {
			if f.Share >= 0.00005 {
				return fmt.Sprintf("%s · %.2f%%", km2(f.InsideKm2), 100*f.Share)
			}
			return km2(f.AreaKm2)
		}
	}
	return ""
}

// diffStyles are the symbols of a diff: what a side gained is filled
// solid in its colour with a bold outline; what it lost is hatched in its
// colour with a dashed outline.
func diffStyles(st *draw.Style) (gained, lost map[geo.Side]draw.Area) {
	gained, lost = map[geo.Side]draw.Area{}, map[geo.Side]draw.Area{}
	for side, col := range map[geo.Side]color.NRGBA{geo.SideRU: st.RU, geo.SideUA: st.UA} {
		dark := rgba(uint8(int(col.R)*2/3), uint8(int(col.G)*2/3), uint8(int(col.B)*2/3), 0xff)
		gained[side] = draw.Area{Fill: alpha(col, 0xbf), Outline: draw.Line{Color: dark, Width: 2.2}}
		lost[side] = draw.Area{
			Fill:    rgba(0xff, 0xff, 0xff, 0x59),
			Hatch:   draw.Hatch{Color: alpha(col, 0xe6), Width: 1.6, Spacing: 5},
			Outline: draw.Line{Color: dark, Width: 1.6, Dash: 4, Gap: 3},
		}
	}
	return gained, lost
}

// drawChanges draws a diff's gained and lost areas over the map, in the
// grid's view.
func drawChanges(f *draw.Frame, g tiles.Grid, gained, lost map[geo.Side]draw.Area, changes []geo.Change) {
	for _, ch := range changes {
		for _, part := range []struct {
			mp orb.MultiPolygon
			a  draw.Area
		}{{ch.Lost, lost[ch.Side]}, {ch.Gained, gained[ch.Side]}} {
			c := &tiles.Content{Items: tiles.ViewShapes(g, "change", ch.Side, part.mp)}
			f.Symbol(c, "change", part.a)
		}
	}
}

// footer draws the line of credits under the map, credit (the dataset's
// attribution and licence, if any) first, and returns it as drawn; a
// compact picture starts it with the date stamp.
func (c *chrome) footer(stamp, credit string, srcs []string) string {
	w, h := float64(c.lay.w), float64(c.lay.h)
	fh := float64(c.lay.footerH)
	if fh <= 0 {
		return ""
	}
	y0 := h - fh
	c.Rect(0, y0, w, h, c.in.footer)
	c.Rect(0, y0, w, y0+1, c.in.rule)
	size := 10.5
	if c.lay.compact {
		size = min(9, fh*0.6)
	}
	base := y0 + fh/2 + size*0.36
	margin := 12.0
	if c.lay.compact {
		margin = 4
	}
	x := margin
	if c.lay.compact { // the stamp first: on a thumbnail it may be all there is room for
		stamp = c.Fit(stamp, size, true, w-2*margin)
		c.Text(x, base, stamp, size, true, c.in.ink)
		x += c.Width(stamp, size, true) + 8
	}
	const brand = "frontline"
	bw := c.Width(brand, size, true)
	if x+bw+margin > w {
		return ""
	}
	c.Text(w-margin-bw, base, brand, size, true, c.in.muted)
	line := c.attribution(credit, srcs, size, w-margin-bw-x-16)
	c.Text(x, base, line, size, false, c.in.muted)
	return line
}

// attribution credits the dataset ("Data: DeepStateMap (GPL-3.0)", when
// it names an attribution or licence), the sources of the versions shown
// and the basemap in at most w CSS pixels, naming fewer sources ("+2
// more") if it must.
func (c *chrome) attribution(credit string, srcs []string, size, w float64) string {
	const base = "Basemap: Natural Earth, GeoNames"
	for n := len(srcs); n >= 0; n-- {
		var b strings.Builder
		if credit != "" {
			b.WriteString("Data: " + credit + " · ")
		}
		if n > 0 {
			b.WriteString("Sources: " + strings.Join(srcs[:n], "; "))
			if n < len(srcs) {
				b.WriteString("; +" + itoa(len(srcs)-n) + " more")
			}
			b.WriteString(" · ")
		} else if len(srcs) > 0 {
			b.WriteString(itoa(len(srcs)) + " sources · ")
		}
		b.WriteString(base)
		if s := b.String(); n == 0 || c.Width(s, size, false) <= w {
			return c.Fit(s, size, false, w)
		}
	}
	return ""
}

func itoa(n int) string { return thousands(int64(n)) }

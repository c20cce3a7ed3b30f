package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/picture"
)

func runSnapshot(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "snapshot", "-o FILE [--day D | --from D1 --to D2 [--gif [--step 7d]]] [--bbox B | --place NAME [--radius KM] | --center C --zoom Z | --region R] [flags]",
		"Draws a map for publication, as GET /snapshot.png, /diff.png and /timelapse.gif do: the\n"+
			"map at a day; with --from and --to, the map at --to with the areas each side gained and\n"+
			"lost since --from; with --gif, an animated timelapse from --from to --to. Each has a title,\n"+
			"legend, date stamp, scale bar and attribution. The view is a bbox fitted to the picture,\n"+
			"a centre and zoom, or a region (default: Ukraine).")
	dataset := datasetFlag(e, fs)
	out := fs.String("o", "", "output file (.png, or .gif with --gif), - for stdout (required)")
	q := url.Values{}
	str := func(name, usage string) { fs.Func(name, usage, func(v string) error { q.Set(name, v); return nil }) }
	str("day", "day YYYY-MM-DD or 'latest' (default latest)")
	str("from", "first day of a diff or timelapse")
	str("to", "last day of a diff or timelapse")
	str("bbox", "minlon,minlat,maxlon,maxlat to fit into the picture")
	str("center", "lon,lat of the middle of the map, with --zoom")
	str("zoom", "Web Mercator zoom (fractional), with --center")
	str("region", "region slug to fit with a margin, such as crimea or kursk-incursion")
	str("width", "width in pixels, 64 to 3000 (default 1200)")
	str("height", "height in pixels, 64 to 3000 (default 800)")
	str("scale", "1 to 3: multiplies the pixels, fonts and lines, for print (default 1)")
	str("title", "title (default: the region's name, or Ukraine, and the day)")
	str("step", "timelapse: days, weeks or months between frames: Nd, Nw or Nm (default 7d)")
	gif := fs.Bool("gif", false, "draw an animated GIF timelapse from --from to --to")
	all := fs.Bool("all", false, "timelapse: a frame on every step, not only where the view changed")
	asJSON := fs.Bool("json", false, "print the figures the picture shows, its date stamp and credits as JSON")
	figures := fs.Bool("figures", true, "draw the figures: the areas in the legend and what is in view (--figures=false: the symbols only)")
	place := addPlaceFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := place.setBBox(q); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q (the output file goes in -o)", fs.Arg(0))
	}
	if *asJSON && *out == "-" {
		return usagef("--json and -o - would both write to stdout")
	}
	if !*figures {
		q.Set("figures", "0")
	}
	req, err := snapshotRequest(q, *out, *gif, *all)
	if err != nil {
		return err
	}
	req.Dataset = *dataset
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	pic, err := drawPicture(ctx, e, s, req)
	if err != nil {
		return err
	}
	if err := writeOutput(e, *out, pic.Body); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, summary(*out, pic))
	if *asJSON {
		m := pic.Map
		return writeJSON(e.stdout, map[string]any{"file": *out, "type": pic.Type, "width": pic.Width, "height": pic.Height,
			"map": []int{m.Min.X, m.Min.Y, m.Max.X, m.Max.Y}, "title": pic.Title, "days": pic.Days, "etag": pic.Key, "figures": pic.Figures,
			"stamp": pic.Stamp, "attribution": pic.Attribution, "notes": pic.Notes})
	}
	return nil
}

// snapshotRequest checks the flags and turns them into a request, with the
// HTTP API's own parser: the same names, defaults and limits.
func snapshotRequest(q url.Values, out string, gif, all bool) (picture.Request, error) {
	kind := picture.KindSnapshot
	switch {
	case out == "":
		return picture.Request{}, usagef("-o FILE is required (- for stdout)")
	case gif:
		kind = picture.KindTimelapse
	case q.Has("from") || q.Has("to"):
		kind = picture.KindDiff
	}
	switch {
	case q.Has("day") && kind != picture.KindSnapshot:
		return picture.Request{}, usagef("give --day, or --from and --to, not both")
	case q.Has("step") && !gif:
		return picture.Request{}, usagef("--step is for a timelapse (--gif)")
	}
	if err := checkOutputExt(out, kind); err != nil {
		return picture.Request{}, err
	}
	if all {
		q.Set("all", "1")
	}
	// Every error here is a flag's value (an impossible day included): bad
	// usage.
	req, err := picture.ParseQuery(kind, q)
	if err != nil {
		return req, usagef("%v", err)
	}
	// Two days in the wrong order are a mistake in the flags too (the
	// server checks it again once "latest" is resolved).
	if from, to := q.Get("from"), q.Get("to"); from != "" && to != "" && from != "latest" && to != "latest" && from > to {
		return req, usagef("--from %s is after --to %s", from, to)
	}
	return req, nil
}

// checkOutputExt checks that the -o file's extension is the one of the
// format written: .png for a snapshot or a diff, .gif for a timelapse.
func checkOutputExt(out string, kind picture.Kind) error {
	if out == "-" {
		return nil
	}
	what, want := "a snapshot", ".png"
	switch kind {
	case picture.KindDiff:
		what = "a diff"
	case picture.KindTimelapse:
		what, want = "a timelapse (--gif)", ".gif"
	}
	ext := filepath.Ext(out)
	if strings.EqualFold(ext, want) {
		return nil
	}
	if ext == "" {
		return usagef("-o %s: %s is written to a %s file, and %s has no extension", out, what, want, out)
	}
	return usagef("-o %s: %s is written to a %s file, not %s", out, what, want, ext)
}

// drawPicture draws a picture with the pictures' renderer over the store,
// as the server does but with no server, showing a progress bar for a
// timelapse.
func drawPicture(ctx context.Context, e *env, s *store.Store, req picture.Request) (*picture.Picture, error) {
	base, err := loadBasemap(ctx, s)
	if err != nil {
		return nil, err
	}
	pics := picture.New(picture.Config{Source: s, Builder: tiles.NewBuilder(base, 64<<20)})
	var progress func(done, total int)
	if req.Kind == picture.KindTimelapse {
		bar := newProgress(e, "frames")
		defer bar.finish()
		progress = bar.update
	}
	pic, err := pics.Render(ctx, req, progress)
	if errors.Is(err, geo.ErrInvalid) {
		return nil, &rejectedError{err}
	}
	return pic, err
}

// rejectedError is a request the store refused to draw (a view past the
// edge of the map, from after to, too many frames): exit code 3, as for a
// geo.ValidationError.
type rejectedError struct{ err error }

func (e *rejectedError) Error() string { return e.err.Error() }

func (e *rejectedError) Unwrap() error { return e.err }

// As makes errors.As(err, **geo.ValidationError) true, which report maps
// to "input rejected".
func (e *rejectedError) As(target any) bool {
	if p, ok := target.(**geo.ValidationError); ok {
		*p = &geo.ValidationError{Problems: []geo.Problem{{What: "picture", Why: e.err.Error()}}}
		return true
	}
	return false
}

func writeOutput(e *env, out string, body []byte) error {
	if out == "-" {
		_, err := e.stdout.Write(body)
		return err
	}
	return writeFileAtomic(out, func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	})
}

// summary says what was written and the figures shown.
func summary(out string, pic *picture.Picture) string {
	var b strings.Builder
	fmt.Fprintf(&b, "wrote %s: %d×%d px, %q", out, pic.Width, pic.Height, pic.Title)
	if n := len(pic.Days); n > 1 {
		fmt.Fprintf(&b, ", %d frames from %s to %s", n, pic.Days[0], pic.Days[n-1])
	}
	var held []string
	for _, a := range pic.Figures.InView {
		held = append(held, a.Label()+" "+strconv.FormatFloat(a.Km2, 'f', 1, 64)+" km²")
	}
	if len(held) > 0 {
		fmt.Fprintf(&b, "; in view on %s: %s", pic.Figures.Day, strings.Join(held, ", "))
	}
	for _, c := range pic.Figures.Changes {
		fmt.Fprintf(&b, "; %s gained %.1f km², lost %.1f km²", c.Side, c.GainedKm2, c.LostKm2)
	}
	return b.String()
}

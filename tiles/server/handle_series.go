package server

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"mime"
	"net/http"
	"slices"
	"strconv"

	"github.com/frontline-map/frontline/geo"
)

// writeTagged writes body, a JSON or CSV answer read from the stored
// figures, under an ETag that hashes it: a request whose If-None-Match
// names it gets 304 and no body. The figures change only when the
// dataset's versions do, so most requests of a page open again are 304s.
func writeTagged(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "public, max-age=30")
	}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// writeJSONTagged writes v as JSON under an ETag (writeTagged).
func writeJSONTagged(w http.ResponseWriter, r *http.Request, v any) error {
	var buf bytes.Buffer
	if err := encodeJSON(&buf, v); err != nil {
		return err
	}
	writeTagged(w, r, "application/json", buf.Bytes())
	return nil
}

// apiSeries serves GET /api/series[?dataset=&from=&to=&by=oblast&format=csv]:
// km² per side and status on from and on every change day after it up to
// to (from: the first change day, to: the latest, by default), as JSON
// (geo.FigureSeries) or CSV (seriesCSV).
func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	dataset, err := s.dataset(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var from geo.Day
	if v := q.Get("from"); v != "" {
		if from, _, err = s.parseDay(ctx, dataset, v, "from"); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	to := q.Get("to")
	if to == "" {
		to = "latest"
	}
	end, _, err := s.parseDay(ctx, dataset, to, "to")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byOblast := false
	switch q.Get("by") {
	case "":
	case "oblast":
		byOblast = true
	default:
		s.fail(w, r, geo.Invalidf("by %s: want oblast", geo.Echo(q.Get("by"))))
		return
	}
	format := q.Get("format")
	if format != "" && format != "json" && format != "csv" {
		s.fail(w, r, geo.Invalidf("format %s: want json or csv", geo.Echo(format)))
		return
	}
	fs, err := s.stats.Series(ctx, dataset, from, end, byOblast)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format != "csv" {
		if err := writeJSONTagged(w, r, fs); err != nil {
			s.fail(w, r, err)
		}
		return
	}
	name := "frontline-" + fs.Dataset + "-" + fs.From.String() + "-" + fs.To.String() + ".csv"
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	writeTagged(w, r, "text/csv; charset=utf-8; header=present", seriesCSV(fs))
}

// seriesCSV is a series as CSV, a header row and a row for each entry's
// day and each reference (UA for Ukraine, else the oblast's ISO code),
// side and status that the series has on any day: 0 km² where that day's
// map has none, so that every day has the same rows.
func seriesCSV(fs geo.FigureSeries) []byte {
	type key struct {
		ref    string
		side   geo.Side
		status geo.Status
	}
	var keys []key
	seen := map[key]bool{}
	add := func(ref string, f geo.SeriesFigure) key {
		k := key{ref, f.Side, f.Status}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
		return k
	}
	byDay := make([]map[key]geo.SeriesFigure, len(fs.Days))
	for i, d := range fs.Days {
		byDay[i] = map[key]geo.SeriesFigure{}
		for _, f := range d.Figures {
			byDay[i][add("UA", f)] = f
		}
		for _, a := range d.Areas {
			for _, f := range a.Figures {
				byDay[i][add(a.ISO, f)] = f
			}
		}
	}
	// Ukraine, then the oblasts in their order; sides and statuses in
	// /api/stats's order.
	refAt := map[string]int{"UA": -1}
	for i, a := range fs.Areas {
		refAt[a.ISO] = i
	}
	order := func(k key) int {
		side := slices.Index(geo.Sides, k.side)
		if side < 0 {
			side = len(geo.Sides)
		}
		return side*len(geo.Statuses) + slices.Index(geo.Statuses, k.status)
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(refAt[a.ref], refAt[b.ref]), cmp.Compare(order(a), order(b)))
	})
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"day", "reference", "side", "status", "area_km2", "inside_km2", "share"})
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for i, d := range fs.Days {
		for _, k := range keys {
			f := byDay[i][k]
			cw.Write([]string{d.Day.String(), k.ref, k.side.String(), k.status.String(), num(f.AreaKm2), num(f.InsideKm2), num(f.Share)})
		}
	}
	cw.Flush()
	return buf.Bytes()
}

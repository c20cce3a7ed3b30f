package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/server"

	"github.com/paulmach/orb"
)

// placeIndex is the seed's 2,152 towns, indexed once.
var placeIndex = sync.OnceValues(func() (*geo.PlaceIndex, error) {
	bm, err := seed.LoadBasemap()
	if err != nil {
		return nil, err
	}
	return geo.NewPlaceIndex(bm.Towns), nil
})

func runPlaces(_ context.Context, e *env, args []string) error {
	fs, _ := flags(e, "places", "QUERY [--limit N] [--json]",
		"Finds towns by name, as GET /api/places?q= does: the 2,152 towns of the seed (GeoNames),\n"+
			"by English, Ukrainian or Russian name, older and other spellings (Artemivsk, Kupyansk),\n"+
			"or Cyrillic read in Latin letters; equal names first, then names starting with QUERY,\n"+
			"then names containing it, each by size. Each with its oblast, coordinates and names.")
	limit := fs.Int("limit", 10, "at most this many towns (1 to 100)")
	asJSON := fs.Bool("json", false, "print JSON, as /api/places does")
	var words []string // flags may come after the query's words
	for {
		if err := parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		words, args = append(words, fs.Arg(0)), fs.Args()[1:]
	}
	if len(words) == 0 {
		return usagef("a QUERY is required: frontline places Kupiansk")
	}
	if *limit < 1 || *limit > 100 {
		return usagef("--limit %d: want 1 to 100", *limit)
	}
	q := strings.Join(words, " ")
	ix, err := placeIndex()
	if err != nil {
		return err
	}
	ms := ix.Search(q, *limit)
	var nearest []string
	if len(ms) == 0 {
		nearest = ix.Nearest(q, 5)
	}
	if *asJSON {
		if ms == nil {
			ms = []geo.PlaceMatch{}
		}
		body := map[string]any{"query": q, "places": ms}
		if len(ms) == 0 {
			body["nearest"] = append([]string{}, nearest...)
		}
		return writeJSON(e.stdout, body)
	}
	if len(ms) == 0 {
		fmt.Fprintf(e.stderr, "no town matches %s", geo.Echo(q))
		if len(nearest) > 0 {
			fmt.Fprintf(e.stderr, "; nearest spellings: %s", strings.Join(nearest, ", "))
		}
		fmt.Fprintln(e.stderr)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tOBLAST\tLAT\tLON\tUKRAINIAN\tRUSSIAN\tRANK\tPOPULATION\tMATCHED")
	for _, m := range ms {
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%s\t%s\t%d\t%d\t%s\n", m.Name, m.Oblast, m.Lat, m.Lon,
			dash(m.NameUK), dash(m.NameRU), m.Rank, m.Population, m.Matched)
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// placeFlags are --place NAME [--radius KM], which the commands that take
// --bbox take instead: the bounding box of the disc around the town.
type placeFlags struct {
	name   string
	radius float64
}

func addPlaceFlags(fs *flag.FlagSet) *placeFlags {
	p := &placeFlags{}
	fs.StringVar(&p.name, "place", "", "a town's name (any language or spelling, \"Pervomaisk, Luhansk\" where several share it) instead of --bbox")
	fs.Float64Var(&p.radius, "radius", server.DefaultPlaceRadiusKm, "with --place: km around the town")
	return p
}

// area resolves the flags as ?place=&radius= does (server.ResolvePlace):
// ok is false without --place; an unknown or ambiguous name is a usage
// error (exit 2) with the nearest spellings or the candidates.
func (p *placeFlags) area() (server.PlaceArea, bool, error) {
	if p.name == "" {
		return server.PlaceArea{}, false, nil
	}
	ix, err := placeIndex()
	if err != nil {
		return server.PlaceArea{}, false, err
	}
	q := url.Values{"place": {p.name}, "radius": {fmt.Sprint(p.radius)}}
	a, ok, err := server.ResolvePlace(ix, q)
	if err != nil {
		return a, false, usagef("--place: %v", err)
	}
	return a, ok, nil
}

// setBBox resolves --place into q's bbox, as ?place= is for pictures;
// given with --bbox, --center or --region it is a usage error.
func (p *placeFlags) setBBox(q url.Values) error {
	a, ok, err := p.area()
	if err != nil || !ok {
		return err
	}
	for _, k := range []string{"bbox", "center", "zoom", "region"} {
		if q.Has(k) {
			return usagef("give --place or --%s, not both", k)
		}
	}
	b := a.Bound
	q.Set("bbox", fmt.Sprintf("%g,%g,%g,%g", b.Min[0], b.Min[1], b.Max[0], b.Max[1]))
	return nil
}

// bound resolves --place into a box; given with --bbox it is a usage error.
func (p *placeFlags) bound(bbox string) (orb.Bound, bool, error) {
	a, ok, err := p.area()
	if err != nil || !ok {
		return orb.Bound{}, false, err
	}
	if bbox != "" {
		return orb.Bound{}, false, usagef("give --place or --bbox, not both")
	}
	return a.Bound, true, nil
}

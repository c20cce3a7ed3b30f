package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/server"

	"github.com/paulmach/orb"
)

func runWhere(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "where", "--lat LAT --lon LON | --place NAME [--day D] [--history] [--json]",
		"Says what holds a point on a day (GET /api/point): occupied (with the side), held in\nRussia, liberated, contested, none (no version covers it), sea, outside the theatre, or\nunknown before the dataset's first observed day; the version that says so and its\nsource, the claims over it, since when, and the distance to the nearest ground of the\nother side and to the nearest contested ground, with its direction (8 points of the\ncompass). With --history, every change of hands at the point (GET /api/point/history).")
	dataset := datasetFlag(e, fs)
	latS := fs.String("lat", "", "latitude in degrees (WGS84)")
	lonS := fs.String("lon", "", "longitude in degrees (WGS84)")
	dayS := fs.String("day", "latest", "day YYYY-MM-DD or 'latest'")
	history := fs.Bool("history", false, "list every change of hands at the point")
	asJSON := fs.Bool("json", false, "print JSON for scripts")
	place := fs.String("place", "", "a town's name (any language or spelling, \"Pervomaisk, Luhansk\" where several share it) instead of --lat and --lon")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	pt, err := wherePoint(*place, *latS, *lonS)
	if err != nil {
		return err
	}
	if err := checkDayFlags(map[string]string{"day": *dayS}); err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	name, err := resolveDataset(ctx, s, *dataset)
	if err != nil {
		return err
	}
	ds, err := s.Dataset(ctx, name)
	if err != nil {
		return err
	}
	bm, err := seed.LoadBasemap()
	if err != nil {
		return err
	}
	land := geo.NewLand(bm.Features)
	h, err := pointHistory(ctx, s, ds, pt, land)
	if err != nil {
		return err
	}
	if *history {
		if *asJSON {
			return writeJSON(e.stdout, h)
		}
		printPointHistory(e.stdout, h)
		return nil
	}
	day, err := resolveDay(ctx, s, name, "day", *dayS)
	if err != nil {
		return err
	}
	a, err := answerPoint(ctx, s, ds, day, pt, land, h)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, a)
	}
	printPoint(e.stdout, a)
	return nil
}

// pointFlags reads --lat and --lon, as usage errors.
func pointFlags(latS, lonS string) (orb.Point, error) {
	if latS == "" || lonS == "" {
		return orb.Point{}, usagef("give --lat and --lon")
	}
	lat, err1 := strconv.ParseFloat(latS, 64)
	lon, err2 := strconv.ParseFloat(lonS, 64)
	if err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lon) || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return orb.Point{}, usagef("--lat %s --lon %s: want degrees, lat -90..90 and lon -180..180", latS, lonS)
	}
	return orb.Point{lon, lat}, nil
}

func pointHistory(ctx context.Context, s *store.Store, ds geo.Dataset, pt orb.Point, land *geo.Land) (geo.PointHistory, error) {
	var vs []geo.Version
	if geo.Theatre.Contains(pt) {
		var err error
		if vs, err = s.VersionsIn(ctx, ds.Name, orb.Bound{Min: pt, Max: pt}); err != nil {
			return geo.PointHistory{}, err
		}
	}
	return geo.NewPointHistory(ctx, ds, pt, vs, land)
}

func answerPoint(ctx context.Context, s *store.Store, ds geo.Dataset, day geo.Day, pt orb.Point, land *geo.Land, h geo.PointHistory) (geo.PointAnswer, error) {
	mapDay := day
	if as := ds.AsOf(day); as != 0 {
		mapDay = as
	}
	var vs []geo.Version
	if ds.Observed(day) {
		var err error
		if vs, err = s.VersionsAt(ctx, ds.Name, mapDay, orb.Bound{}); err != nil {
			return geo.PointAnswer{}, err
		}
	}
	a, err := geo.AnswerPoint(ctx, geo.PointQuery{Dataset: ds, Day: day, Point: pt}, geo.NewPointMap(vs), land)
	if err != nil {
		return a, err
	}
	if since, ok := h.Since(mapDay); ok && a.Observed && a.Status != geo.PointOutside {
		a.Since = &since
	}
	return a, nil
}

func printPoint(w io.Writer, a geo.PointAnswer) {
	fmt.Fprintf(w, "%.4f, %.4f on %s, dataset %s: %s", a.Lat, a.Lon, a.Day, a.Dataset, a.Status)
	if a.Side != geo.SideNone {
		fmt.Fprintf(w, " (%s)", a.Side)
	}
	if a.Since != nil {
		fmt.Fprintf(w, " since %s", a.Since)
	}
	if a.AsOf != 0 {
		fmt.Fprintf(w, " (as of %s, the last day observed)", a.AsOf)
	}
	fmt.Fprintln(w)
	if a.By != nil {
		fmt.Fprintf(w, "  says %s, version %d: %s\n", a.By.Region, a.By.Version, a.By.Source)
	}
	for _, c := range a.Claims {
		fmt.Fprintf(w, "  claimed by %s: %s, version %d\n", c.Side, c.Region, c.Version)
	}
	if d := a.OtherSide; d != nil {
		fmt.Fprintf(w, "  nearest ground held by %s: %s\n", d.Side, d.Text)
	}
	if d := a.Contested; d != nil {
		fmt.Fprintf(w, "  nearest contested ground: %s\n", d.Text)
	}
}

func printPointHistory(w io.Writer, h geo.PointHistory) {
	fmt.Fprintf(w, "%.4f, %.4f, dataset %s: %s now, %d changes of hands\n", h.Lat, h.Lon, h.Dataset, h.Status, len(h.Changes))
	for _, c := range h.Changes {
		fmt.Fprintf(w, "  %s  %s -> %s", c.Day, holdText(c.From), holdText(c.To))
		if c.By != nil {
			fmt.Fprintf(w, "  (%s, version %d: %s)", c.By.Region, c.By.Version, c.By.Source)
		}
		fmt.Fprintln(w)
	}
}

func holdText(h geo.PointHold) string {
	if h.Side == geo.SideNone {
		return string(h.Status)
	}
	return string(h.Status) + " (" + h.Side.String() + ")"
}

// wherePoint is the town's point of --place, else --lat and --lon's.
func wherePoint(place, lat, lon string) (orb.Point, error) {
	if place == "" {
		return pointFlags(lat, lon)
	}
	if lat != "" || lon != "" {
		return orb.Point{}, usagef("give --place or --lat and --lon, not both")
	}
	a, _, err := (&placeFlags{name: place, radius: server.DefaultPlaceRadiusKm}).area()
	if err != nil {
		return orb.Point{}, err
	}
	return a.Point(), nil
}

// Command seed generates frontline's seed data: data/seed/regions.json,
// data/seed/history.geojson and data/seed/articles.json. It is a tool run
// by hand and never imported by the server.
//
// It is part of the module github.com/frontline-map/frontline/data/gen
// (data/gen/go.mod), which keeps rgeo out of the product's go.mod. Usage,
// from data/gen:
//
//	go run ./seed [-src Provinces10.gz] [-out ../seed] [-table seed/areas.txt] [-simplify 0]
//
// The defaults of -out and -table are the repository's data/seed and
// data/gen/seed/areas.txt, found from the working directory.
//
// It reads the Natural Earth 10m admin-1 polygons (public domain) at full
// resolution from the data file of github.com/sams96/rgeo v1.2.0 in the
// module cache (-src overrides), draws the Russian-held areas at key dates
// from the front lines in lines*.go, lays on them the settlements of the
// events table (events*.go: each on its side from its event's day, contested
// ground where fighting was reported; patches.go), clips them to the
// oblasts, and prints
// the area of every version (also written to -table). The output is
// deterministic: the same input gives the same bytes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/frontline-map/frontline/data/gen/internal/gendir"
)

func main() {
	var cfg config
	flag.StringVar(&cfg.Src, "src", "", "Natural Earth admin-1 GeoJSON (gzipped); default: rgeo's Provinces10.gz")
	flag.StringVar(&cfg.Out, "out", gendir.Seed(), "directory for regions.json, history.geojson and articles.json")
	flag.StringVar(&cfg.Table, "table", filepath.Join(gendir.Dir(), "seed", "areas.txt"), "file for the area table")
	flag.Float64Var(&cfg.Simplify, "simplify", 0, "Douglas-Peucker tolerance in degrees for all outlines (0: full resolution)")
	flag.StringVar(&cfg.GeoNames, "geonames", filepath.Join(gendir.Dir(), "..", "..", "..", "shared", "data", "basemap", "basemap-extracts.tar.gz"),
		"the basemap extracts holding GeoNames places (towns.json is left as it is when they are missing)")
	flag.Parse()
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// config is what the flags set.
type config struct {
	Src      string
	Out      string
	Table    string
	Simplify float64
	GeoNames string
}

// russianUnits are the Russian units the seed uses besides Ukraine's 27.
var russianUnits = []string{"RU-KRS", "RU-BEL", "RU-BRY", "RU-ROS", "RU-VOR"}

func run(cfg config) error {
	if cfg.Src == "" {
		src, err := rgeoProvinces()
		if err != nil {
			return err
		}
		cfg.Src = src
	}
	us, err := loadUnits(cfg.Src, russianUnits...)
	if err != nil {
		return err
	}
	vs, err := history(us, cfg.Simplify)
	if err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(cfg.Out, "regions.json"), regions()); err != nil {
		return err
	}
	if err := writeHistory(filepath.Join(cfg.Out, "history.geojson"), vs); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(cfg.Out, "articles.json"), articles()); err != nil {
		return err
	}
	if _, err := os.Stat(cfg.GeoNames); err == nil {
		n, err := writeTowns(cfg.GeoNames, cfg.Src, filepath.Join(cfg.Out, "towns.json"))
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "towns.json: %d towns\n", n)
	}
	var table bytes.Buffer
	if err := writeTable(&table, vs, ukraineKm2(us)); err != nil {
		return err
	}
	os.Stdout.Write(table.Bytes())
	return writeFile(cfg.Table, table.Bytes())
}

// history returns every version, ordered by region as in regions.json and
// then by day.
func history(us units, tol float64) ([]version, error) {
	kds := keyDates()
	if err := checkDrawn(kds); err != nil {
		return nil, err
	}
	vs, err := crimea(us, tol)
	if err != nil {
		return nil, err
	}
	vs = append(vs, claims(us, tol)...)
	var inUkraine, inRussia []*place
	for _, pl := range eventPlaces(events()) {
		if pl.Russia {
			inRussia = append(inRussia, pl)
		} else {
			inUkraine = append(inUkraine, pl)
		}
	}
	russia, err := unionOf(us, russianUnits...)
	if err != nil {
		return nil, err
	}
	kdDays := make([]string, len(kds))
	for i, kd := range kds {
		kdDays[i] = kd.Day
	}
	ua := newPatcher(inUkraine, kdDays, russia)
	occ, greyUA, err := occupation(kds, ua, us, tol)
	if err != nil {
		return nil, err
	}
	vs = append(vs, occ...)
	ru := newPatcher(inRussia, kurskDays(), nil)
	inc, greyRU, err := incursion(us, ru, tol)
	if err != nil {
		return nil, err
	}
	vs = append(vs, inc...)
	con, err := contestedGround(greyUA, greyRU, append(inUkraine, inRussia...), us, tol)
	if err != nil {
		return nil, err
	}
	vs = append(vs, con...)
	order := map[string]int{}
	for i, r := range regions() {
		order[r.Slug] = i
	}
	sort.SliceStable(vs, func(i, j int) bool {
		if vs[i].Region != vs[j].Region {
			return order[vs[i].Region] < order[vs[j].Region]
		}
		return vs[i].From < vs[j].From
	})
	return vs, nil
}

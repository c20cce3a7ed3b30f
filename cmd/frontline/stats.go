package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

func runStats(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "stats", "--day D [--by oblast] | --from D1 --to D2 [--json]",
		"Prints km² per side and status at a day and the share of Ukraine (the union of its\nadmin-1 units, Crimea included), with the articles of that day; with --by oblast, the\nsame inside each oblast of Ukraine and of Russia's Belgorod, Bryansk and Kursk oblasts;\nor, with --from and --to, the area each side gained and lost between two days.")
	dataset := datasetFlag(e, fs)
	dayS := fs.String("day", "", "day YYYY-MM-DD or 'latest'")
	fromS := fs.String("from", "", "first day of a diff")
	toS := fs.String("to", "", "second day of a diff")
	asJSON := fs.Bool("json", false, "print JSON for scripts")
	by := fs.String("by", "", "with --day: oblast, for the figures inside each oblast")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	diff := *fromS != "" || *toS != ""
	if *by != "" && (*by != "oblast" || diff) {
		return usagef("--by takes oblast, with --day")
	}
	if diff == (*dayS != "") || (diff && (*fromS == "" || *toS == "")) {
		return usagef("give --day, or both --from and --to")
	}
	// Malformed days are usage errors, found before the database is opened
	// (or created).
	if err := checkDayFlags(map[string]string{"day": *dayS, "from": *fromS, "to": *toS}); err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	ds, err := resolveDataset(ctx, s, *dataset)
	if err != nil {
		return err
	}
	if diff {
		from, err := resolveDay(ctx, s, ds, "from", *fromS)
		if err != nil {
			return err
		}
		to, err := resolveDay(ctx, s, ds, "to", *toS)
		if err != nil {
			return err
		}
		// As GET /diff.png: from after to is refused, from == to is an
		// empty diff (GET /api/diff accepts it too).
		if from > to {
			return usagef("--from %s is after --to %s", from, to)
		}
		r, err := s.Diff(ctx, ds, from, to)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, r)
		}
		printDiff(e.stdout, r)
		return nil
	}
	day, err := resolveDay(ctx, s, ds, "day", *dayS)
	if err != nil {
		return err
	}
	if *by == "oblast" {
		st, err := s.StatsByOblast(ctx, ds, day)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, st)
		}
		printStatsByArea(e.stdout, st, dayNote(ctx, s, ds, st.AsOf, st.Observed))
		return nil
	}
	st, err := s.Stats(ctx, ds, day)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, st)
	}
	printStats(e.stdout, st, dayNote(ctx, s, ds, st.AsOf, st.Observed))
	return nil
}

// printStatsByArea prints each oblast that the map reaches: what each
// side holds in it, in km² and as a share of the oblast.
func printStatsByArea(w io.Writer, st geo.StatsByArea, note string) {
	fmt.Fprintf(w, "%s%s, dataset %s, by oblast\n\n", st.Day, note, st.Dataset)
	fmt.Fprintf(w, "  %-8s %-30s %9s  %-4s %-10s %10s %7s\n", "iso", "oblast", "km²", "side", "status", "held km²", "share")
	for _, a := range st.Areas {
		if len(a.Figures) == 0 {
			continue
		}
		for i, f := range a.Figures {
			iso, name, area := a.ISO, a.Name, fmt.Sprintf("%.0f", a.AreaKm2)
			if i > 0 {
				iso, name, area = "", "", ""
			}
			fmt.Fprintf(w, "  %-8s %-30s %9s  %-4s %-10s %10.1f %6.2f%%\n", iso, name, area, f.Side, f.Status, f.InsideKm2, 100*f.Share)
		}
	}
}

// resolveDay parses a day flag; "latest" is the last change day of the dataset.
func resolveDay(ctx context.Context, s *store.Store, dataset, name, v string) (geo.Day, error) {
	if v == "latest" {
		_, last, err := s.Range(ctx, dataset)
		return last, err
	}
	return parseDayFlag(name, v)
}

// checkDayFlags checks the form of the day flags that are set (name to
// value; "latest" is resolved later), as usage errors.
func checkDayFlags(days map[string]string) error {
	for _, name := range []string{"day", "from", "to"} {
		if v := days[name]; v != "" && v != "latest" {
			if _, err := parseDayFlag(name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// dayNote says that a day's figures are those of the dataset's last
// observed day: " (as of 2026-08-22, the last day observed)", or that the
// day was not observed: " (not observed: no data before 2022-04-03)"; ""
// for a day within the observed range.
func dayNote(ctx context.Context, s *store.Store, dataset string, asOf geo.Day, observed bool) string {
	switch {
	case !observed:
		if d, err := s.Dataset(ctx, dataset); err == nil && d.ObservedFrom != 0 {
			return " (not observed: no data before " + d.ObservedFrom.String() + ")"
		}
		return " (not observed)"
	case asOf != 0:
		return " (as of " + asOf.String() + ", the last day observed)"
	}
	return ""
}

func printStats(w io.Writer, st geo.Stats, note string) {
	fmt.Fprintf(w, "%s%s, dataset %s; %s = %.0f km²\n\n", st.Day, note, st.Dataset, st.Reference, st.ReferenceKm2)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "side\tstatus\tkm²\tin Ukraine km²\tshare of Ukraine\t")
	for _, f := range st.Figures {
		fmt.Fprintf(tw, "%s\t%s\t%.1f\t%.1f\t%.2f%%\t\n", f.Side, f.Status, f.AreaKm2, f.InsideKm2, 100*f.Share)
	}
	tw.Flush()
	for _, f := range st.Figures {
		fmt.Fprintf(w, "%s %s regions: %s\n", f.Side, f.Status, strings.Join(f.Regions, ", "))
	}
	if len(st.Figures) == 0 {
		fmt.Fprintln(w, "nothing on the map on this day")
	}
	if len(st.Articles) > 0 {
		fmt.Fprintf(w, "\nArticles of %s:\n", st.Day)
		for _, a := range st.Articles {
			fmt.Fprintf(w, "  [%d] %s (%s)\n      regions: %s\n", a.ID, a.Title, a.Outlet, strings.Join(a.Regions, ", "))
		}
	}
}

func printDiff(w io.Writer, r geo.DiffReport) {
	fmt.Fprintf(w, "%s -> %s, dataset %s (areas held: occupied, liberated or contested)\n\n", r.From, r.To, r.Dataset)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "side\tbefore km²\tafter km²\tgained km²\tlost km²\tnet km²\t")
	for _, c := range r.Changes {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t%.1f\t%+.1f\t\n", c.Side, c.BeforeKm2, c.AfterKm2, c.GainedKm2, c.LostKm2, c.NetKm2())
	}
	tw.Flush()
}

// writeFileAtomic writes path through a temporary file in the same folder
// renamed into place, so a failed write never leaves half a file (nor
// touches an existing one). The file gets mode 0644 less the umask, as a
// file written by any other tool.
func writeFileAtomic(path string, fn func(io.Writer) error) error {
	f, err := createTemp(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // nothing left to remove once renamed
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// createTemp creates a new file in dir as os.CreateTemp does, but with
// mode 0644 (less the umask) instead of 0600.
func createTemp(dir string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, ".frontline-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("cannot create a temporary file in %s", dir)
}

func runTimeline(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "timeline", "[--bbox minlon,minlat,maxlon,maxlat | --place NAME [--radius KM]] [--json]", "Lists the days on which the map changes, optionally only inside a bounding box\nor around a town.")
	dataset := datasetFlag(e, fs)
	bboxS := fs.String("bbox", "", "only changes whose bounding box meets minlon,minlat,maxlon,maxlat")
	place := addPlaceFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	b, ok, err := place.bound(*bboxS)
	if err != nil {
		return err
	}
	if *bboxS != "" && !ok {
		if b, err = geo.ParseBBox(*bboxS); err != nil {
			return usagef("--bbox: %v", err)
		}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	ds, err := resolveDataset(ctx, s, *dataset)
	if err != nil {
		return err
	}
	days, err := s.ChangeDays(ctx, ds, b)
	if err != nil {
		return err
	}
	if *asJSON {
		if days == nil {
			days = []geo.Day{}
		}
		return writeJSON(e.stdout, map[string]any{"dataset": ds, "days": days})
	}
	for _, d := range days {
		fmt.Fprintln(e.stdout, d)
	}
	return nil
}

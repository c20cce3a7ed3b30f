package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/frontline-map/frontline/geo"

	"golang.org/x/sync/errgroup"
)

// writeData writes the JSON files under DIR/data for each change day;
// it returns how many files it wrote.
func writeData(ctx context.Context, src Store, opt Options, ds geo.Dataset, days []geo.Day) (int, error) {
	d := &dataWriter{dir: filepath.Join(opt.Dir, "data")}
	for _, sub := range []string{"stats", "history", "stats-by-oblast"} {
		if sub == "stats-by-oblast" && !opt.ByOblast {
			continue
		}
		if err := os.MkdirAll(filepath.Join(d.dir, sub), 0o755); err != nil {
			return 0, err
		}
	}
	err := d.index(ctx, src, ds, days)
	if err == nil {
		err = d.series(ctx, src, opt, ds.Name, days)
	}
	if err == nil {
		err = d.days(ctx, src, opt, ds.Name, days)
	}
	return int(d.files.Load()), err
}

// dataWriter writes the files under DIR/data, counting them.
type dataWriter struct {
	dir   string
	files atomic.Int64
}

// put writes v as JSON to the file rel (slash-separated) under the folder.
func (d *dataWriter) put(rel string, v any) error {
	b, err := marshalJSON(v)
	if err != nil {
		return err
	}
	d.files.Add(1)
	return WriteFile(d.dir, rel, b)
}

// marshalJSON returns v as JSON and a newline, without HTML escaping, as
// the server writes it: the files are read as JSON, never as HTML.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// index writes the files that are not of one day: timeline.json,
// articles.json, datasets.json, regions.json and each region's history.
func (d *dataWriter) index(ctx context.Context, src Store, ds geo.Dataset, days []geo.Day) error {
	arts, err := src.Articles(ctx, geo.ArticleQuery{Limit: 10000})
	if err != nil {
		return err
	}
	if arts == nil {
		arts = []geo.Article{}
	}
	if err := d.put("timeline.json", geo.NewTimeline(ds.Name, days, arts)); err != nil {
		return err
	}
	if err := d.put("articles.json", arts); err != nil {
		return err
	}
	if err := d.put("datasets.json", map[string]any{"default": ds.Name, "datasets": []geo.Dataset{ds}}); err != nil {
		return err
	}
	regions, err := src.Regions(ctx)
	if err != nil {
		return err
	}
	infos := make([]geo.RegionInfo, 0, len(regions))
	for _, r := range regions {
		infos = append(infos, geo.InfoOf(r))
		vs, err := src.History(ctx, ds.Name, r.Slug)
		if err != nil {
			return err
		}
		if err := d.put("history/"+r.Slug+".json", geo.NewHistory(ds.Name, r.Slug, vs)); err != nil {
			return err
		}
	}
	return d.put("regions.json", infos)
}

// series writes series.json (GET /api/series: the figures of every change
// day, which the app's chart draws) and, by oblast, series-by-oblast.json
// (&by=oblast).
func (d *dataWriter) series(ctx context.Context, src Store, opt Options, dataset string, days []geo.Day) error {
	var last geo.Day
	if len(days) > 0 {
		last = days[len(days)-1]
	}
	for _, byOblast := range []bool{false, true} {
		if byOblast && !opt.ByOblast {
			continue
		}
		fs, err := src.Series(ctx, dataset, 0, last, byOblast)
		if err != nil {
			return err
		}
		name := "series.json"
		if byOblast {
			name = "series-by-oblast.json"
		}
		if err := d.put(name, fs); err != nil {
			return err
		}
	}
	return nil
}

// days writes the figures of each change day, a few days at a time: the
// store measures each day's shapes, which takes most of this stage.
func (d *dataWriter) days(ctx context.Context, src Store, opt Options, dataset string, days []geo.Day) error {
	var mu sync.Mutex
	done := 0
	progress := func() { // one more day written
		mu.Lock()
		defer mu.Unlock()
		done++
		opt.Progress("data", done, len(days))
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opt.Workers)
	for _, day := range days {
		g.Go(func() error {
			st, err := src.Stats(gctx, dataset, day)
			if err != nil {
				return err
			}
			if err := d.put("stats/"+day.String()+".json", st); err != nil {
				return err
			}
			if opt.ByOblast {
				so, err := src.StatsByOblast(gctx, dataset, day)
				if err != nil {
					return err
				}
				if err := d.put("stats-by-oblast/"+day.String()+".json", so); err != nil {
					return err
				}
			}
			progress()
			return nil
		})
	}
	return g.Wait()
}

// WriteFile writes dir/name (name slash-separated, as fs.FS names files),
// whole or not at all: into a temporary file in the same folder, renamed
// over the old one only once complete, so that a host serving the folder
// meanwhile never serves half a file. It makes the folder if missing.
// static.WriteSite writes the web app with it (cmd wires them: neither
// package imports the other).
func WriteFile(dir, name string, b []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+strings.TrimPrefix(filepath.Base(p), ".")+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, a no-op
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

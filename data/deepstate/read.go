package deepstate

import (
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"golang.org/x/sync/errgroup"
)

// Options configures reading a history.
type Options struct {
	series.Options // Limits, Progress
	// Border is where ground Ukraine took back is cut; the zero Border is
	// SeedBorder's.
	Border Border
}

// ReadPath reads a history from a local folder or file (a .tar.gz) as
// Read does. In a folder, the last file of each day is picked by the names
// alone: the earlier files of a day are counted, never opened.
func ReadPath(ctx context.Context, p string, opt Options) (*History, error) {
	st, err := os.Stat(p)
	if err != nil || !st.IsDir() {
		return Read(ctx, p, series.Path(p), opt)
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, series.WalkError(ctx, p, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && series.IsGeoJSONName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	if lim := opt.Limits.Files; lim > 0 && len(names) > lim {
		return nil, &geo.LimitError{What: "the series", Limit: int64(lim), Unit: "files"}
	}
	picked := lastOfDays(names)
	walk := func(add func(string, io.Reader) error) error {
		for _, name := range picked {
			if err := series.Path(filepath.Join(p, name))(add); err != nil {
				return err
			}
		}
		return nil
	}
	rd, err := newReader(opt)
	if err != nil {
		return nil, err
	}
	rd.files = len(names) - len(picked)
	return rd.read(ctx, p, walk, opt)
}

// lastOfDays keeps of names (in order) the last file of each day by its
// Unix time, and every name that is not a Unix time (a problem Read
// reports).
func lastOfDays(names []string) []string {
	last := map[geo.Day]int64{}
	for _, n := range names {
		if st, ok := Stamp(n); ok {
			d := geo.DayOf(time.Unix(st, 0).UTC())
			last[d] = max(last[d], st)
		}
	}
	var out []string
	for _, n := range names {
		st, ok := Stamp(n)
		if !ok || st == last[geo.DayOf(time.Unix(st, 0).UTC())] {
			out = append(out, n)
		}
	}
	return out
}

// Read reads a DeepStateMap history from the files walk gives (src names
// it in errors), within opt's limits: files named by the UTC Unix time of
// their publication, of which the last of each UTC day is the map of that
// day. Only that file of a day is parsed: a file's body waits, unparsed,
// until a file of another day comes, and a later file of its day replaces
// it (sources in order of time, as folders and the archive are, parse one
// file a day). Polygons are classified by name (Classify), Points and other
// geometries are skipped. A file whose name is not a Unix time, broken
// JSON and broken polygons of a day's last file are problems: a
// *geo.ValidationError.
func Read(ctx context.Context, src string, walk series.Walk, opt Options) (*History, error) {
	rd, err := newReader(opt)
	if err != nil {
		return nil, err
	}
	return rd.read(ctx, src, walk, opt)
}

type job struct {
	name  string
	stamp int64
	day   geo.Day
	body  []byte
	sum   geo.Digest // of body (digestOf)
	same  bool       // the store imported the day from this body
	skip  bool       // skimmed, not parsed (decide)
}

// file is one parsed file.
type file struct {
	stamp    int64
	same     bool // the store imported the day from this file
	snap     Snapshot
	names    map[string]int               // polygons by raw name
	outside  map[string]int               // of them, those outside geo.Theatre
	dated    map[string]map[string][]date // by region, the dates of its liberated polygons' names
	problems []geo.Problem
}

// reader holds what the workers share.
type reader struct {
	border   Border
	ruBounds []orb.Bound  // of each of border.Russia, worked out once
	files    int          // files seen
	parsed   int          // files parsed
	pending  *job         // the latest file of the day being read, not yet parsed
	ps       geo.Problems // of file names
	salt     geo.Digest   // what a day's digest covers besides its file
	opt      Options
	lastDay  geo.Day // the last day sent, in order of day
	lastSame bool    // whether the store imported lastDay from the file sent
	disorder bool    // a day came after a later one: no more skipping

	mu      sync.Mutex
	latest  map[geo.Day]int64 // the newest file of each day taken
	days    map[geo.Day]*file
	splits  map[string]borderSplit      // liberated polygons that cross the border, by shape
	shared  map[string]orb.MultiPolygon // day shapes by shapesKey: one copy of a shape many days show
	unions  map[string]orb.MultiPolygon // day shapes by the shapesKey of their polygons
	drawn   map[string]*drawnFix        // the polygons read, by shapesKey: nil for a valid one, else its repair (valid)
	repairs geo.Repairs                 // of the polygons and the day shapes (geo.Repair)
	steps   *steps                      // unions of the steps of the day shapes' unions
}

// repaired counts rp if it was a repair.
func (rd *reader) repaired(rp geo.Repaired) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	rd.repairs.Add(rp)
}

func newReader(opt Options) (*reader, error) {
	b := opt.Border
	if b.Ukraine == nil && b.Russia == nil {
		var err error
		if b, err = SeedBorder(); err != nil {
			return nil, err
		}
	}
	ruBounds := make([]orb.Bound, len(b.Russia))
	for i, mp := range b.Russia {
		ruBounds[i] = mp.Bound()
	}
	return &reader{border: b, ruBounds: ruBounds, salt: salt(b), opt: opt, lastSame: true,
		steps: newSteps(), splits: map[string]borderSplit{}, shared: map[string]orb.MultiPolygon{},
		unions: map[string]orb.MultiPolygon{}, drawn: map[string]*drawnFix{}, days: map[geo.Day]*file{}, latest: map[geo.Day]int64{}}, nil
}

// read walks the files, handing the last of each day to workers that parse
// them, and makes the history.
func (rd *reader) read(ctx context.Context, src string, walk series.Walk, opt Options) (*History, error) {
	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan job)
	for range max(1, runtime.GOMAXPROCS(0)) {
		g.Go(func() error {
			for j := range jobs {
				f, err := rd.read1(gctx, j)
				if err != nil {
					return err
				}
				rd.keep(f)
			}
			return nil
		})
	}
	send := func(j *job) error {
		rd.decide(j)
		select {
		case jobs <- *j:
			return nil
		case <-gctx.Done():
			return context.Cause(gctx)
		}
	}
	walkErr := walk(series.Limited(ctx, opt.Options, func(name string, r io.Reader) error {
		return rd.take(name, r, send)
	}))
	if walkErr == nil && rd.pending != nil {
		walkErr = send(rd.pending)
	}
	close(jobs)
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	if walkErr != nil {
		return nil, series.WalkError(ctx, src, walkErr)
	}
	return rd.history(src)
}

// take reads one file of the walk: the newest of its day so far waits as
// rd.pending, and sends the file pending before it when that is of
// another day.
func (rd *reader) take(name string, r io.Reader, send func(*job) error) error {
	rd.files++
	stamp, ok := Stamp(name)
	if !ok {
		rd.ps.Add(geo.Cut(path.Base(name), 100), "file name is not a Unix time of publication (like 1737410164.geojson)")
		return nil
	}
	day := geo.DayOf(time.Unix(stamp, 0).UTC())
	if !rd.claim(day, stamp) {
		return nil // a later file of the day came first
	}
	if p := rd.pending; p != nil && p.day != day {
		if err := send(p); err != nil {
			return err
		}
	}
	rd.pending = nil
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rd.pending = &job{name: name, stamp: stamp, day: day, body: body, sum: rd.digestOf(body)}
	return nil
}

// history is the history of the files parsed, by day.
func (rd *reader) history(src string) (*History, error) {
	h := &History{Files: rd.files, Parsed: rd.parsed, Repairs: rd.repairs}
	days := make([]geo.Day, 0, len(rd.days))
	for d := range rd.days {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	if err := rd.checkSkipped(days); err != nil {
		return nil, err
	}
	names := map[string]*Name{}
	seen := map[string]geo.Day{}
	fs := make([]*file, len(days))
	for i, d := range days {
		f := rd.days[d]
		fs[i] = f
		rd.ps.Append(f.problems...)
		f.liberatedOn(seen)
		h.Snapshots = append(h.Snapshots, f.snap)
		if f.snap.Unchanged && rd.opt.Imported != nil {
			h.keep = rd.opt.Imported.Regions
		}
		for n, c := range f.names {
			dn := names[n]
			if dn == nil {
				dn = &Name{Name: n, Class: Classify(n).String()}
				names[n] = dn
			}
			dn.Polygons += c
			dn.Days++
		}
	}
	if err := rd.ps.Err(); err != nil {
		return nil, err
	}
	if len(h.Snapshots) == 0 {
		return nil, geo.Reject(geo.Cut(src, 200), "no GeoJSON files found")
	}
	for _, n := range names {
		h.Names = append(h.Names, *n)
	}
	h.outside = outsideNames(fs)
	sort.Slice(h.Names, func(i, j int) bool {
		a, b := h.Names[i], h.Names[j]
		if a.Polygons != b.Polygons {
			return a.Polygons > b.Polygons
		}
		return a.Name < b.Name
	})
	return h, nil
}

// claim reports whether a file published at stamp is the newest of its day
// so far (and so worth reading).
func (rd *reader) claim(day geo.Day, stamp int64) bool {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.latest[day] >= stamp {
		return false
	}
	rd.latest[day] = stamp
	return true
}

// keep makes f the map of its day unless a newer file is.
func (rd *reader) keep(f *file) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if !f.snap.Unchanged {
		rd.parsed++
		if rd.opt.Parsing != nil {
			rd.opt.Parsing(f.snap.File)
		}
	}
	if old := rd.days[f.snap.Day]; old == nil || old.stamp < f.stamp {
		rd.days[f.snap.Day] = f
	}
}

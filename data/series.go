package data

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"frontline/geo"

	"github.com/paulmach/orb"
)

// SeriesFile is one file of a snapshot series: its name and its parsed features.
type SeriesFile struct {
	Name     string
	Day      geo.Day // from the file name; 0 if the name has none
	Features []Feature
}

var nameDayRE = regexp.MustCompile(`(\d{4})-?(\d{2})-?(\d{2})`)

// dayFromName finds a YYYYMMDD or YYYY-MM-DD day in a file name.
func dayFromName(name string) (geo.Day, bool, error) {
	m := nameDayRE.FindStringSubmatch(path.Base(name))
	if m == nil {
		return 0, false, nil
	}
	d, err := geo.ParseDay(m[1] + "-" + m[2] + "-" + m[3])
	return d, err == nil, err
}

func isGeoJSONName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return (ext == ".geojson" || ext == ".json") && !strings.HasPrefix(path.Base(name), ".")
}

// maxSeriesFile bounds one file of a series (a daily snapshot is ~80 KB).
const maxSeriesFile = 256 << 20

// ReadSeries reads a snapshot series from src: a folder of GeoJSON files,
// a .tar.gz (or .tgz) of them, or an http(s) URL of a .tar.gz or of one
// GeoJSON file. Broken files are problems naming the file; progress, if
// not nil, is called per file read.
func ReadSeries(ctx context.Context, src string, progress func(done, total int)) ([]SeriesFile, error) {
	return readSeries(ctx, src, progress, func(add func(string, io.Reader) error) error {
		if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
			return readURL(ctx, src, add)
		}
		st, err := os.Stat(src)
		if err != nil {
			return err
		}
		if st.IsDir() {
			return readDir(src, add)
		}
		return readFile(src, add)
	})
}

// ReadSeriesStream reads a series from r: a .tar.gz when name ends so,
// else one GeoJSON file.
func ReadSeriesStream(ctx context.Context, name string, r io.Reader) ([]SeriesFile, error) {
	return readSeries(ctx, name, nil, func(add func(string, io.Reader) error) error {
		return readStream(name, r, add)
	})
}

func readSeries(ctx context.Context, src string, progress func(done, total int), walk func(add func(string, io.Reader) error) error) ([]SeriesFile, error) {
	var files []SeriesFile
	var ps problems
	add := func(name string, r io.Reader) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, why, err := readSeriesFile(name, r)
		if err != nil {
			return err
		}
		if why != nil {
			ps = append(ps, why...)
			return nil
		}
		files = append(files, f)
		if progress != nil {
			progress(len(files), 0)
		}
		return nil
	}
	if err := walk(add); err != nil {
		return nil, fmt.Errorf("data: series %s: %w", src, err)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, &ValidationError{Problems: []Problem{{What: src, Why: "no GeoJSON files found"}}}
	}
	return files, nil
}

func readSeriesFile(name string, r io.Reader) (SeriesFile, []Problem, error) {
	f := SeriesFile{Name: name}
	day, ok, err := dayFromName(name)
	if err != nil {
		return f, []Problem{{What: name, Why: "impossible day in file name: " + strings.TrimPrefix(err.Error(), "geo: ")}}, nil
	}
	if ok {
		f.Day = day
	}
	feats, ps, err := ParseFeatures(io.LimitReader(r, maxSeriesFile), path.Base(name))
	var ve *ValidationError
	if errors.As(err, &ve) {
		return f, ve.Problems, nil
	}
	if err != nil {
		return f, nil, err
	}
	f.Features = feats
	return f, ps, nil
}

func readDir(dir string, add func(string, io.Reader) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !isGeoJSONName(e.Name()) {
			continue
		}
		if err := readFile(filepath.Join(dir, e.Name()), add); err != nil {
			return err
		}
	}
	return nil
}

func readFile(p string, add func(string, io.Reader) error) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	return readStream(p, f, add)
}

// readStream reads a .tar.gz, a .gz of one GeoJSON file or a plain GeoJSON file.
func readStream(name string, r io.Reader, add func(string, io.Reader) error) error {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".tar.gz") || strings.HasSuffix(lower, ".tgz"):
		return readTarGz(r, add)
	case strings.HasSuffix(lower, ".gz"):
		zr, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return add(strings.TrimSuffix(name, path.Ext(name)), zr)
	}
	return add(name, r)
}

func readTarGz(r io.Reader, add func(string, io.Reader) error) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("not gzip: %w", err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("tar: %w", err)
		}
		if h.Typeflag != tar.TypeReg || !isGeoJSONName(h.Name) {
			continue
		}
		if err := add(h.Name, tr); err != nil {
			return err
		}
	}
}

func readURL(ctx context.Context, u string, add func(string, io.Reader) error) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET: %s", resp.Status)
	}
	name := path.Base(req.URL.Path)
	body := io.Reader(resp.Body)
	if !strings.Contains(name, ".") {
		// No extension: sniff gzip.
		buf := make([]byte, 2)
		n, _ := io.ReadFull(resp.Body, buf)
		body = io.MultiReader(bytes.NewReader(buf[:n]), resp.Body)
		if n == 2 && buf[0] == 0x1f && buf[1] == 0x8b {
			name += ".tar.gz"
		}
	}
	return readStream(name, body, add)
}

// seriesKey is what one version of a series stands for.
type seriesKey struct {
	region string
	side   geo.Side
	status geo.Status
}

// seriesDay is the shape of one key on one day.
type seriesDay struct {
	day  geo.Day
	geom orb.MultiPolygon
	src  string
}

// groupSeries turns files into per-region day shapes, sorted by day. A
// file's day comes from its name, or from each feature's day/date/valid_from
// property. Several features of one region on one day are united.
func groupSeries(files []SeriesFile, cfg ImportConfig) (map[string][]seriesDay, map[string]seriesKey, error) {
	type dk struct {
		region string
		day    geo.Day
	}
	shapes := map[dk][]orb.MultiPolygon{}
	keys := map[string]seriesKey{}
	srcs := map[dk]string{}
	var ps problems
	for _, f := range files {
		for _, feat := range f.Features {
			c := cfg
			if f.Day != 0 {
				feat.Props["valid_from"] = f.Day.String()
			}
			c.Source = firstNonEmpty(cfg.Source, path.Base(f.Name))
			v, why := featureVersion(feat, c)
			if why != "" {
				ps.add(feat.Name, "%s", why)
				continue
			}
			k := seriesKey{v.Region, v.Side, v.Status}
			if old, ok := keys[v.Region]; ok && old != k {
				ps.add(feat.Name, "region %s is %s %s here but %s %s elsewhere in the series", v.Region, v.Side, v.Status, old.side, old.status)
				continue
			}
			keys[v.Region] = k
			d := dk{v.Region, v.Valid.From}
			shapes[d] = append(shapes[d], v.Geometry)
			srcs[d] = v.Source
		}
	}
	if err := ps.err(); err != nil {
		return nil, nil, err
	}
	out := map[string][]seriesDay{}
	for d, mps := range shapes {
		g := mps[0]
		if len(mps) > 1 {
			u, err := geo.Union(mps...)
			if err != nil {
				return nil, nil, fmt.Errorf("data: union of %s on %s: %w", d.region, d.day, err)
			}
			g = roundGeom(u)
		}
		out[d.region] = append(out[d.region], seriesDay{d.day, g, srcs[d]})
	}
	for _, days := range out {
		sort.Slice(days, func(i, j int) bool { return days[i].day < days[j].day })
	}
	return out, keys, nil
}

// ImportSeries turns a snapshot series into versions by change detection:
// a day whose shape equals the version on the map that day changes nothing;
// a changed day closes that version and opens the next. Days missing from
// the series extend the version before them. Importing the same series
// twice changes nothing; the whole import is one transaction.
func (s *Store) ImportSeries(ctx context.Context, files []SeriesFile, cfg ImportConfig) (ImportResult, error) {
	var res ImportResult
	if cfg.Dataset == "" {
		return res, fmt.Errorf("data: import series: no dataset named")
	}
	byRegion, keys, err := groupSeries(files, cfg)
	if err != nil {
		return res, err
	}
	for _, f := range files {
		res.Features += len(f.Features)
	}
	total := 0
	for _, days := range byRegion {
		total += len(days)
	}
	res.Days = total
	regions := make([]string, 0, len(byRegion))
	for r := range byRegion {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		dsID, err := ensureDataset(ctx, tx, s.actor, cfg.Dataset, "")
		if err != nil {
			return err
		}
		done := 0
		for _, region := range regions {
			step := func() {
				done++
				if cfg.Progress != nil {
					cfg.Progress(done, total)
				}
			}
			if err := s.importRegionSeries(ctx, tx, dsID, keys[region], byRegion[region], &res, step); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

func (s *Store) importRegionSeries(ctx context.Context, tx *sql.Tx, dsID int64, k seriesKey, days []seriesDay, res *ImportResult, step func()) error {
	rid, created, err := regionID(ctx, tx, s.actor, k.region, true)
	if err != nil {
		return err
	}
	if created {
		res.RegionsCreated = append(res.RegionsCreated, k.region)
	}
	ex, err := loadExisting(ctx, tx, dsID, rid)
	if err != nil {
		return err
	}
	for _, sd := range days {
		if err := ctx.Err(); err != nil {
			return err
		}
		v := geo.Version{Region: k.region, Side: k.side, Status: k.status, Geometry: sd.geom, Source: sd.src}
		if ex, err = s.applyDay(ctx, tx, dsID, rid, ex, sd.day, v, res); err != nil {
			return err
		}
		step()
	}
	return nil
}

// applyDay records that on day the region looks like v, keeping ex (the
// region's stored versions, by valid_from) up to date.
func (s *Store) applyDay(ctx context.Context, tx *sql.Tx, dsID, rid int64, ex []existing, day geo.Day, v geo.Version, res *ImportResult) ([]existing, error) {
	_, hash, err := encodeGeom(v.Geometry)
	if err != nil {
		return ex, err
	}
	i := sort.Search(len(ex), func(i int) bool { return ex[i].valid.To > day })
	if i < len(ex) && ex[i].valid.Contains(day) {
		e := ex[i]
		if e.same(v, hash) {
			res.Unchanged++
			return ex, nil
		}
		v.Valid = geo.Validity{From: day, To: e.valid.To}
		if e.valid.From == day {
			// A correction of the day the version starts: replace it.
			if err := deleteVersion(ctx, tx, s.actor, e.id, v.Source); err != nil {
				return ex, err
			}
			s.geomMemo.forget(e.id)
			res.Replaced++
			ex = append(ex[:i], ex[i+1:]...)
		} else {
			if err := closeVersion(ctx, tx, s.actor, e.id, day, v.Source); err != nil {
				return ex, err
			}
			ex[i].valid.To = day
			res.Closed++
			i++
		}
	} else {
		v.Valid = geo.Validity{From: day, To: geo.Forever}
		if i < len(ex) {
			v.Valid.To = ex[i].valid.From
		}
	}
	id, err := insertVersion(ctx, tx, s.actor, dsID, rid, v)
	if err != nil {
		return ex, err
	}
	res.Inserted++
	n := existing{id: id, valid: v.Valid, side: v.Side, status: v.Status, hash: hash}
	ex = append(ex, existing{})
	copy(ex[i+1:], ex[i:])
	ex[i] = n
	return ex, nil
}

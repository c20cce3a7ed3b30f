package store

import (
	"archive/tar"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// SeriesFile is one file of a snapshot series: its name and its parsed features.
type SeriesFile struct {
	Name     string
	Day      geo.Day // from the file name; 0 if the name has none
	Features []Feature
}

// nameDayRE finds a day in a file name: YYYY-MM-DD or YYYYMMDD of this or
// the last century, not part of a longer run of digits (the counter in
// 000001-2025-01-01.geojson is not a day).
var nameDayRE = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})(-?)([0-9]{2})(-?)([0-9]{2})(?:[^0-9]|$)`)

// dayFromName finds a YYYYMMDD or YYYY-MM-DD day in a file name.
func dayFromName(name string) (geo.Day, bool, error) {
	var firstErr error
	for _, m := range nameDayRE.FindAllStringSubmatch(path.Base(name), -1) {
		if m[2] != m[4] {
			continue // 2025-0101: not one way of writing a day
		}
		d, err := geo.ParseDay(m[1] + "-" + m[3] + "-" + m[5])
		if err == nil {
			return d, true, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return 0, false, firstErr
}

func isGeoJSONName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return (ext == ".geojson" || ext == ".json") && !strings.HasPrefix(path.Base(name), ".")
}

// maxSeriesFile bounds one file of a series when Limits do not (a daily
// snapshot is ~80 KB).
const maxSeriesFile = 256 << 20

// ReadOptions configures reading a series.
type ReadOptions struct {
	Limits Limits
	// Fetcher fetches http(s) sources; nil is a Fetcher that may reach
	// any address (for the command line, which its user runs).
	Fetcher *Fetcher
	// Progress, if not nil, is called per file read.
	Progress func(done, total int)
}

// ReadSeries reads a snapshot series from src: a folder of GeoJSON files,
// a .tar.gz (or .tgz) of them, or an http(s) URL of a .tar.gz or of one
// GeoJSON file. Broken files are problems naming the file.
func ReadSeries(ctx context.Context, src string, opt ReadOptions) ([]SeriesFile, error) {
	return readSeries(ctx, src, opt, seriesSource(ctx, src, opt))
}

// seriesSource walks the GeoJSON files of src as ReadSeries reads them: a
// folder, a .tar.gz or an http(s) URL (through opt.Fetcher).
func seriesSource(ctx context.Context, src string, opt ReadOptions) func(add func(string, io.Reader) error) error {
	return func(add func(string, io.Reader) error) error {
		if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
			f := opt.Fetcher
			if f == nil {
				f = &Fetcher{AllowPrivate: true}
			}
			return readURL(ctx, f, src, add)
		}
		st, err := os.Stat(src)
		if err != nil {
			return err
		}
		if st.IsDir() {
			return readDir(src, add)
		}
		return readFile(src, add)
	}
}

// ReadSeriesStream reads a series from r: a .tar.gz when name ends so,
// else one GeoJSON file.
func ReadSeriesStream(ctx context.Context, name string, r io.Reader, opt ReadOptions) ([]SeriesFile, error) {
	return readSeries(ctx, name, opt, func(add func(string, io.Reader) error) error {
		if err := readStream(name, r, add); err != nil {
			return err
		}
		// Read to the end (a tar's padding, the gzip trailer): an HTTP
		// server notices a client that leaves only once the body is read.
		_, err := io.Copy(io.Discard, r)
		return err
	})
}

// limitedAdd wraps add, which reads one file of a series, with opt's
// bounds (files, bytes of a file, bytes of all), the end of ctx and opt's
// progress.
func limitedAdd(ctx context.Context, opt ReadOptions, add func(name string, r io.Reader) error) func(string, io.Reader) error {
	lim := opt.Limits
	fileBytes := lim.FileBytes
	if fileBytes <= 0 {
		fileBytes = maxSeriesFile
	}
	var total *byteBudget
	if lim.Bytes > 0 {
		total = &byteBudget{left: lim.Bytes, limit: lim.Bytes, what: "the series unpacked"}
	}
	n := 0
	return func(name string, r io.Reader) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if n++; lim.Files > 0 && n > lim.Files {
			return &LimitError{What: "the series", Limit: int64(lim.Files), Unit: "files"}
		}
		if err := add(name, newLimitReader(r, fileBytes, "file "+capText(path.Base(name), 100), total)); err != nil {
			return err
		}
		if opt.Progress != nil {
			opt.Progress(n, 0)
		}
		return nil
	}
}

// walkError is what a failed walk of src returns: rejections and limits as
// they are, other errors naming src.
func walkError(ctx context.Context, src string, err error) error {
	var ve *ValidationError
	var le *LimitError
	if errors.As(err, &ve) || errors.As(err, &le) || errors.Is(err, geo.ErrInvalid) || ctx.Err() != nil {
		return err
	}
	return fmt.Errorf("series %s: %w", capText(src, 200), err)
}

func readSeries(ctx context.Context, src string, opt ReadOptions, walk func(add func(string, io.Reader) error) error) ([]SeriesFile, error) {
	var files []SeriesFile
	var ps problems
	add := limitedAdd(ctx, opt, func(name string, r io.Reader) error {
		f, err := readSeriesFile(name, r, &ps)
		if err != nil {
			return err
		}
		if f.Features != nil {
			files = append(files, f)
		}
		return nil
	})
	if err := walk(add); err != nil {
		return nil, walkError(ctx, src, err)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, &ValidationError{Problems: []Problem{{What: capText(src, 200), Why: "no GeoJSON files found"}}}
	}
	return files, nil
}

// readSeriesFile reads one file; its problems go into ps (and the file is
// left out), read failures are errors.
func readSeriesFile(name string, r io.Reader, ps *problems) (SeriesFile, error) {
	f := SeriesFile{Name: name}
	day, ok, err := dayFromName(name)
	if err != nil {
		ps.add(name, "impossible day in file name: %v", err)
		return SeriesFile{}, nil
	}
	if ok {
		f.Day = day
	}
	before := ps.len()
	feats, err := parseFeatures(r, path.Base(name), ps)
	var ve *ValidationError
	if errors.As(err, &ve) {
		ps.append(ve.Problems...)
		ps.more += ve.More
		return SeriesFile{}, nil
	}
	if err != nil {
		return f, err
	}
	if ps.len() > before {
		return SeriesFile{}, nil
	}
	f.Features = feats
	if f.Features == nil {
		f.Features = []Feature{}
	}
	return f, nil
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
		return readTarGz(name, r, add)
	case strings.HasSuffix(lower, ".gz"):
		zr, err := gzip.NewReader(r)
		if err != nil {
			return notArchive(name, "not gzip", err)
		}
		return add(strings.TrimSuffix(name, path.Ext(name)), &corruptReader{r: zr, name: name})
	}
	return add(name, r)
}

// notArchive is an input that is not the archive it claims to be.
func notArchive(name, why string, err error) error {
	return &ValidationError{Problems: []Problem{{What: capText(path.Base(name), 100), Why: why + ": " + capText(err.Error(), 200)}}}
}

// corruptReader turns a decompressor's errors (a damaged stream) into
// rejections of the input; the errors of the reader beneath pass as they are.
type corruptReader struct {
	r    io.Reader
	name string
}

func (c *corruptReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF && isCorrupt(err) {
		return n, notArchive(c.name, "corrupt archive", err)
	}
	return n, err
}

// isCorrupt reports whether err comes from damaged gzip or tar data.
func isCorrupt(err error) bool {
	var ce flate.CorruptInputError
	return errors.As(err, &ce) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, tar.ErrHeader)
}

func readTarGz(name string, r io.Reader, add func(string, io.Reader) error) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return notArchive(name, "not a .tar.gz (gzip)", err)
	}
	tr := tar.NewReader(&corruptReader{r: zr, name: name})
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				return err
			}
			if isCorrupt(err) {
				return notArchive(name, "not a .tar.gz (tar)", err)
			}
			return err
		}
		if h.Typeflag != tar.TypeReg || !isGeoJSONName(h.Name) {
			continue
		}
		if err := add(h.Name, tr); err != nil {
			return err
		}
	}
}

func readURL(ctx context.Context, f *Fetcher, u string, add func(string, io.Reader) error) error {
	body, name, err := f.Open(ctx, u)
	if err != nil {
		return err
	}
	defer body.Close()
	var r io.Reader = body
	if !strings.Contains(name, ".") {
		// No extension: sniff gzip.
		buf := make([]byte, 2)
		n, err := io.ReadFull(body, buf)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return err
		}
		r = io.MultiReader(bytes.NewReader(buf[:n]), body)
		if n == 2 && buf[0] == 0x1f && buf[1] == 0x8b {
			name += ".tar.gz"
		}
	}
	return readStream(name, r, add)
}

// seriesKey is what one version of a series stands for.
type seriesKey struct {
	region string
	side   geo.Side
	status geo.Status
}

// seriesDay is the shape of one key on one day; a nil geom is a day on
// whose map the region is not (ImportDeepState).
type seriesDay struct {
	day  geo.Day
	geom orb.MultiPolygon
	src  string
}

// groupSeries turns files into per-region day shapes, sorted by day. A
// file's day comes from its name, or from each feature's day/date/valid_from
// property. Several features of one region on one day are united.
func groupSeries(ctx context.Context, files []SeriesFile, cfg ImportConfig) (map[string][]seriesDay, map[string]seriesKey, error) {
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
			u, err := geo.UnionContext(ctx, mps...)
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			if err != nil {
				return nil, nil, fmt.Errorf("union of %s on %s: %w", d.region, d.day, err)
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
		return res, fmt.Errorf("import series: no dataset named")
	}
	byRegion, keys, err := groupSeries(ctx, files, cfg)
	if err != nil {
		return res, err
	}
	// The observed range: the days of the files read, from their names or
	// their features' properties.
	var first, last geo.Day
	see := func(d geo.Day) {
		if d != 0 && (first == 0 || d < first) {
			first = d
		}
		last = max(last, d)
	}
	for _, f := range files {
		res.Features += len(f.Features)
		see(f.Day)
	}
	for _, days := range byRegion {
		if len(days) > 0 {
			see(days[0].day)
			see(days[len(days)-1].day)
		}
	}
	return s.importDays(ctx, byRegion, keys, nil, cfg, res, first, last)
}

// importDays writes day shapes by change detection in one transaction that
// holds the import lock: byRegion holds each region's shapes by day, keys
// their side and status; a region that does not exist yet is made as meta
// says (else a control region named after its slug). The dataset's
// observed range is widened to take in first..last, the days of the files
// read.
func (s *Store) importDays(ctx context.Context, byRegion map[string][]seriesDay, keys map[string]seriesKey, meta map[string]geo.Region, cfg ImportConfig, res ImportResult, first, last geo.Day) (ImportResult, error) {
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
	err := s.importTx(ctx, cfg.NoWait, cfg.Waiting, func(tx *txn) error {
		dsID, err := s.importDataset(ctx, tx, cfg)
		if err != nil {
			return err
		}
		if err := widenObserved(ctx, tx, s.actor, dsID, first, last); err != nil {
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
			if r, ok := meta[region]; ok {
				if created, err := ensureRegion(ctx, tx, s.actor, r); err != nil {
					return err
				} else if created {
					res.RegionsCreated = append(res.RegionsCreated, region)
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

func (s *Store) importRegionSeries(ctx context.Context, tx *txn, dsID int64, k seriesKey, days []seriesDay, res *ImportResult, step func()) error {
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
		if sd.geom == nil {
			// Not on that day's map (a DeepStateMap snapshot without it).
			if ex, err = s.clearDay(ctx, tx, ex, sd.day, sd.src, res); err != nil {
				return err
			}
			step()
			continue
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
func (s *Store) applyDay(ctx context.Context, tx *txn, dsID, rid int64, ex []existing, day geo.Day, v geo.Version, res *ImportResult) ([]existing, error) {
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

// Package series reads snapshot series: GeoJSON maps of one day each, from
// a folder, a .tar.gz (.tgz) or .gz stream, or one file, each file's day
// taken from its name; and groups them into each region's shape by day
// (a geo.Series) for the store to write by change detection. It reads
// bytes and files, never a database or the network: a caller that reads a
// URL hands its body over as a Walk.
package series

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/geo"
)

// File is one file of a snapshot series: its name and its parsed features.
type File struct {
	Name     string
	Day      geo.Day // from the file name; 0 if the name has none
	Features []geojson.Feature
	// Digest is the digest of the file's day as Read makes it (its files
	// and the defaults), zero for a file without a day in its name.
	Digest geo.Digest
	// Unchanged says the store imported the file's day from these files
	// already, as the day before it (Options.Imported): it is not parsed.
	Unchanged bool
}

// nameDayRE finds a day in a file name: YYYY-MM-DD or YYYYMMDD of this or
// the last century, not part of a longer run of digits (the counter in
// 000001-2025-01-01.geojson is not a day).
var nameDayRE = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})(-?)([0-9]{2})(-?)([0-9]{2})(?:[^0-9]|$)`)

// DayFromName finds a YYYYMMDD or YYYY-MM-DD day in the base of a file
// name; ok is false for a name that has none, and err is set when the only
// days it has do not exist (2025-02-30).
func DayFromName(name string) (day geo.Day, ok bool, err error) {
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

// IsGeoJSONName reports whether a file name is one a series reads: .geojson
// or .json, not hidden.
func IsGeoJSONName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return (ext == ".geojson" || ext == ".json") && !strings.HasPrefix(path.Base(name), ".")
}

// maxFile bounds one file of a series when Limits do not (a daily
// snapshot is ~80 KB).
const maxFile = 256 << 20

// Options configures reading a series.
type Options struct {
	Limits geojson.Limits
	// Progress, if not nil, is called per file read.
	Progress func(done, total int)
	// Imported, if not nil, is what the store has of the dataset's earlier
	// imports (its Imported): a day whose input has the digest the store
	// has for it, as has the day before it, is skipped (not parsed, nor
	// united), since writing it again would change nothing.
	Imported *geo.Imported
	// Defaults are the defaults Group is given: with the files, what a
	// day's digest covers.
	Defaults geojson.Defaults
	// Parsing, if not nil, is called with the name of each file parsed
	// (DeepStateMap: parsed, united and cut), one call at a time.
	Parsing func(name string)
}

// Read reads the files walk gives as a snapshot series; src names the
// source in errors. Broken files are problems naming the file; all of them
// make one *geo.ValidationError, and so does a source without a GeoJSON
// file. Past opt.Limits, a *geo.LimitError. Each file carries the digest
// of its day (dayDigests); with opt.Imported, the files of the days a
// re-import skips come back Unchanged, unparsed.
func Read(ctx context.Context, src string, walk Walk, opt Options) ([]File, error) {
	var files []File
	var ps geo.Problems
	held := map[int][]byte{} // bodies of the files of days the store has, by index in files
	add := Limited(ctx, opt, func(name string, r io.Reader) error {
		day, dated, _ := DayFromName(name)
		h := sha256.New()
		if dated && opt.Imported.Has(day) {
			body, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			h.Write(body)
			held[len(files)] = body
			files = append(files, File{Name: name, Day: day, Digest: sum(h)})
			return nil
		}
		f, err := readParsing(name, io.TeeReader(r, h), &ps, opt)
		if err != nil {
			return err
		}
		if f.Features != nil {
			f.Digest = sum(h)
			files = append(files, f)
		}
		return nil
	})
	if err := walk(add); err != nil {
		return nil, WalkError(ctx, src, err)
	}
	files, err := readHeld(files, held, &ps, opt)
	if err != nil {
		return nil, err
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, geo.Reject(geo.Cut(src, 200), "no GeoJSON files found")
	}
	return files, nil
}

// ReadStream reads a series from r as Stream walks it (a .tar.gz when name
// ends so, else one GeoJSON file), then reads r to its end.
func ReadStream(ctx context.Context, name string, r io.Reader, opt Options) ([]File, error) {
	return Read(ctx, name, func(add func(string, io.Reader) error) error {
		if err := Stream(name, r)(add); err != nil {
			return err
		}
		// Read to the end (a tar's padding, the gzip trailer): an HTTP
		// server notices a client that leaves only once the body is read.
		_, err := io.Copy(io.Discard, r)
		return err
	}, opt)
}

// Limited wraps add, which reads one file of a series, with opt's bounds
// (files, bytes of a file, bytes of all), the end of ctx and opt's
// progress.
func Limited(ctx context.Context, opt Options, add func(name string, r io.Reader) error) func(string, io.Reader) error {
	lim := opt.Limits
	fileBytes := lim.FileBytes
	if fileBytes <= 0 {
		fileBytes = maxFile
	}
	total := geojson.NewBudget(lim.Bytes, "the series unpacked")
	n := 0
	return func(name string, r io.Reader) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if n++; lim.Files > 0 && n > lim.Files {
			return &geo.LimitError{What: "the series", Limit: int64(lim.Files), Unit: "files"}
		}
		if err := add(name, geojson.LimitReader(r, fileBytes, "file "+geo.Cut(path.Base(name), 100), total)); err != nil {
			return err
		}
		if opt.Progress != nil {
			opt.Progress(n, 0)
		}
		return nil
	}
}

// WalkError is what a failed walk of src returns: rejections and limits as
// they are, other errors naming src.
func WalkError(ctx context.Context, src string, err error) error {
	var ve *geo.ValidationError
	var le *geo.LimitError
	if errors.As(err, &ve) || errors.As(err, &le) || errors.Is(err, geo.ErrInvalid) || ctx.Err() != nil {
		return err
	}
	return fmt.Errorf("series %s: %w", geo.Cut(src, 200), err)
}

// ReadFile reads one file of a series: its problems (an impossible day in
// its name, broken JSON or features) go into ps and leave it out (a File
// without Features); a failure to read is an error.
func ReadFile(name string, r io.Reader, ps *geo.Problems) (File, error) {
	f := File{Name: name}
	day, ok, err := DayFromName(name)
	if err != nil {
		ps.Add(name, "impossible day in file name: %v", err)
		return File{}, nil
	}
	if ok {
		f.Day = day
	}
	before := ps.Len()
	feats, err := geojson.Read(r, path.Base(name), ps)
	var ve *geo.ValidationError
	if errors.As(err, &ve) {
		ps.Merge(ve)
		return File{}, nil
	}
	if err != nil {
		return f, err
	}
	if ps.Len() > before {
		return File{}, nil
	}
	f.Features = feats
	if f.Features == nil {
		f.Features = []geojson.Feature{}
	}
	return f, nil
}

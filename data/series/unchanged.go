package series

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"hash"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// readingVersion names how Group turns a day's files into its shapes: a
// day's digest covers it, so that a change here makes every day new.
// Change it with the reading.
const readingVersion = "frontline series reading 2\n" // 2: shapes repaired by geo.Repair (#20)

func sum(h hash.Hash) geo.Digest {
	var d geo.Digest
	h.Sum(d[:0])
	return d
}

// readParsing reads one file as ReadFile does, and tells opt.Parsing.
func readParsing(name string, r io.Reader, ps *geo.Problems, opt Options) (File, error) {
	if opt.Parsing != nil {
		opt.Parsing(name)
	}
	return ReadFile(name, r, ps)
}

// readHeld sets each file's day digest, and parses the held files (of
// days the store has a digest for) of the days a re-import does not skip;
// the files of the others are Unchanged. A file without a day in its name
// may add to any day: then none is skipped.
func readHeld(files []File, held map[int][]byte, ps *geo.Problems, opt Options) ([]File, error) {
	sums := dayDigests(files, opt)
	days := make([]geo.Day, 0, len(sums))
	undated := false
	for d := range sums {
		days = append(days, d)
	}
	slices.Sort(days)
	for i := range files {
		files[i].Digest = sums[files[i].Day]
		undated = undated || files[i].Day == 0
	}
	skip := map[geo.Day]bool{}
	if !undated {
		skip = opt.Imported.Skip(days, sums)
	}
	out := files[:0]
	for i, f := range files {
		body, ok := held[i]
		if ok && skip[f.Day] {
			f.Unchanged = true
		} else if ok {
			p, err := readParsing(f.Name, bytes.NewReader(body), ps, opt)
			if err != nil {
				return nil, err
			}
			if p.Features == nil {
				continue
			}
			p.Digest = f.Digest
			f = p
		}
		out = append(out, f)
	}
	return out, nil
}

// dayDigests are the digests of the days of files with a day in their
// name: of the reading, the defaults and each file of the day (in order of
// name), its name and its bytes' SHA-256 (File.Digest as Read first sets
// it).
func dayDigests(files []File, opt Options) map[geo.Day]geo.Digest {
	byDay := map[geo.Day][]File{}
	for _, f := range files {
		if f.Day != 0 {
			byDay[f.Day] = append(byDay[f.Day], f)
		}
	}
	def, _ := json.Marshal(opt.Defaults)
	out := map[geo.Day]geo.Digest{}
	for d, fs := range byDay {
		slices.SortFunc(fs, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
		h := sha256.New()
		io.WriteString(h, readingVersion)
		h.Write(append(def, '\n'))
		for _, f := range fs {
			io.WriteString(h, path.Base(f.Name)+"\n")
			h.Write(f.Digest[:])
		}
		out[d] = sum(h)
	}
	return out
}

// digests are the digests of a series' days (geo.Series.Digests) and the
// number of days skipped: the digests of the days read from files with a
// day in their name; when a file has none (its features' properties date
// them), every day's is zero, so that the store drops them all.
func digests(files []File, sr geo.Series) (map[geo.Day]geo.Digest, int) {
	out := map[geo.Day]geo.Digest{}
	skipped := map[geo.Day]bool{}
	undated := false
	for _, f := range files {
		switch {
		case f.Day == 0:
			undated = true
		case f.Unchanged:
			skipped[f.Day] = true
		default:
			out[f.Day] = f.Digest
		}
	}
	if undated {
		for _, rd := range sr.Regions {
			for _, d := range rd.Days {
				out[d.Day] = geo.Digest{}
			}
		}
		for d := range out {
			out[d] = geo.Digest{}
		}
	}
	return out, len(skipped)
}

package deepstate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"

	"github.com/frontline-map/frontline/geo"
	"github.com/paulmach/orb"
)

// ErrUnordered is what Read returns when it skipped a day as imported
// already (Options.Imported) and a file of the day before it came later,
// from a source out of order of time: read again without Imported.
var ErrUnordered = errors.New("deepstate: a day skipped as imported already, then a file of the day before it: read again without the store's digests")

// readingVersion names how this reader turns a day's file into its shapes
// (the classes of names, the unions, the cut at the border): a day's
// digest covers it, so that a change here makes every day new. Change it
// with the reading.
const readingVersion = "frontline deepstate reading 5\n" // 2: shapes repaired by geo.Repair; 3: one border for every class, the theatre (#20); 4: a broken shape's outline taken last in its even-odd rebuild (#23); 5: each polygon made valid before any overlay (drawn.go; Kherson, #24)

// salt is what a day's digest covers besides its file: the reading and
// the border.
func salt(b Border) geo.Digest {
	mps := append([]orb.MultiPolygon{b.Ukraine}, b.Russia...)
	return sha256.Sum256([]byte(readingVersion + shapesKey(mps)))
}

// digestOf is the digest of a day whose file is body.
func (rd *reader) digestOf(body []byte) geo.Digest {
	h := sha256.New()
	h.Write(rd.salt[:])
	h.Write(body)
	var d geo.Digest
	h.Sum(d[:0])
	return d
}

// decide sets whether j, sent in the order of the walk, is skipped: the
// store imported its day from this file, and the day before from the file
// sent before it. Once a day comes after a later one, nothing more is.
func (rd *reader) decide(j *job) {
	j.same = rd.opt.Imported.Same(j.day, j.sum)
	if j.day <= rd.lastDay {
		rd.disorder = true
		return
	}
	j.skip = j.same && rd.lastSame && !rd.disorder
	rd.lastDay, rd.lastSame = j.day, j.same
}

// read1 reads the file of a job: skims it when skipped, else parses it.
func (rd *reader) read1(ctx context.Context, j job) (*file, error) {
	if j.skip {
		if f, ok := skim(j); ok {
			return f, nil
		}
	}
	return rd.parse(ctx, j)
}

// checkSkipped makes sure that each day skipped comes after a day whose
// file the store imported it from, in the days read (sorted): a source
// out of order of time may send a day's file after the day after it.
func (rd *reader) checkSkipped(days []geo.Day) error {
	if !rd.disorder {
		return nil
	}
	for i, d := range days {
		if rd.days[d].snap.Unchanged && i > 0 && !rd.days[days[i-1]].same {
			return ErrUnordered
		}
	}
	return nil
}

// skimFeature is what a skipped day's map needs of a feature: its name
// and whether it is polygonal.
type skimFeature struct {
	Properties struct {
		Name any `json:"name"`
	} `json:"properties"`
	Geometry *skimGeometry `json:"geometry"`
}

type skimGeometry struct {
	Type       string         `json:"type"`
	Geometries []skimGeometry `json:"geometries"`
}

// skim reads of a file the store has imported already what the history
// needs besides the shapes: the names of its polygons, their classes and
// the days liberated polygons' names give (for the years of the days
// after). The file parsed before, so its JSON is sound; ok is false if
// not, for the file to be parsed.
func skim(j job) (*file, bool) {
	var fc struct {
		Features []skimFeature `json:"features"`
	}
	if err := json.Unmarshal(dropCoordinates(j.body), &fc); err != nil {
		return nil, false
	}
	f := newFile(j)
	f.snap.Unchanged = true
	for _, ft := range fc.Features {
		if ft.Geometry == nil || !ft.Geometry.polygonal() {
			continue
		}
		name, _ := ft.Properties.Name.(string)
		if f.count(name) == Liberated {
			// The region only keys the days (liberatedOn): no cut needed.
			f.date(LiberatedRegion, name, datesOf(name))
		}
	}
	return f, true
}

// polygonal reports whether g is a geometry parseFile keeps: a Polygon,
// a MultiPolygon, or a GeometryCollection with one of them.
func (g *skimGeometry) polygonal() bool {
	if g.Type != "GeometryCollection" {
		return g.Type == "Polygon" || g.Type == "MultiPolygon"
	}
	for _, p := range g.Geometries {
		if p.Type == "Polygon" || p.Type == "MultiPolygon" {
			return true
		}
	}
	return false
}

var coordinatesKey = []byte(`"coordinates"`)

// dropCoordinates returns body with the arrays of its "coordinates" keys
// emptied: most of a snapshot's bytes, which skim need not decode.
// Coordinates are numbers, so that the brackets count as they come.
func dropCoordinates(body []byte) []byte {
	out := make([]byte, 0, len(body)/2)
	for {
		i := bytes.Index(body, coordinatesKey)
		if i < 0 {
			return append(out, body...)
		}
		j := i + len(coordinatesKey)
		for j < len(body) && (body[j] == ':' || body[j] == ' ' || body[j] == '\t' || body[j] == '\n' || body[j] == '\r') {
			j++
		}
		if j == len(body) || body[j] != '[' {
			out = append(out, body[:j]...)
			body = body[j:]
			continue
		}
		end, depth := j, 0
		for ; end < len(body); end++ {
			if body[end] == '[' {
				depth++
			} else if body[end] == ']' {
				if depth--; depth == 0 {
					break
				}
			}
		}
		out = append(append(out, body[:j]...), '[', ']')
		if end == len(body) {
			return out // cut short: the JSON is broken, and Unmarshal says so
		}
		body = body[end+1:]
	}
}

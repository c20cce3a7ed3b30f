package deepstate

import (
	"fmt"

	"github.com/frontline-map/frontline/geo"
	"github.com/paulmach/orb"
)

// Every overlay of a day's polygons (the theatre clip, the cut at the
// border, the union per class) needs valid polygons: simplefeatures reads
// a broken one wrongly, and most often without an error. DeepStateMap's
// editor left specks of holes (under 20 m) outside outlines: 23 polygons
// of the archive, from 2022-04-16 to 2022-05-31. The union of such a
// polygon is the speck alone, and a union with others loses more: from
// 2022-05-18 to 2022-05-31 the occupied shape was 21,200-21,360 km² short
// of the 121,000 drawn, Kherson's ground with it. So each polygon is made
// valid as it is read, by the rule of every import (geo.Repair), before
// any overlay.

// valid returns the polygons of feature i of f, of the given name, each
// valid: as drawn when it is, else repaired by geo.Repair (once per
// shape, counted with the day shapes' repairs). A polygon that no repair
// may mend (it would change the area by more than geo.MaxRepairChange) is
// a problem of the file, and left out.
func (rd *reader) valid(f *file, i int, name string, mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, poly := range mp {
		fixed, err := rd.repairDrawn(poly)
		if err != nil {
			f.problems = append(f.problems, geo.Problem{
				What: fmt.Sprintf("%s feature %d (%s)", f.snap.File, i, geo.Echo(name)), Why: err.Error()})
			continue
		}
		out = append(out, fixed...)
	}
	return out
}

// drawnFix is what repairDrawn made of a polygon: nil for a valid one.
type drawnFix struct {
	shape orb.MultiPolygon
	err   error
}

// repairDrawn is poly made valid (valid), remembered by shape: days that
// follow each other repeat most polygons, and the same broken ones. A
// repair is counted once, by the worker that remembers it first.
func (rd *reader) repairDrawn(poly orb.Polygon) (orb.MultiPolygon, error) {
	key := shapesKey([]orb.MultiPolygon{{poly}})
	rd.mu.Lock()
	fix, seen := rd.drawn[key]
	rd.mu.Unlock()
	if !seen {
		var rp geo.Repaired
		if !geo.ValidPlanar(orb.MultiPolygon{poly}) {
			var err error
			rp, err = geo.Repair(orb.MultiPolygon{poly})
			fix = &drawnFix{shape: rp.Shape, err: err}
		}
		rd.mu.Lock()
		if old, ok := rd.drawn[key]; ok {
			fix = old
		} else {
			rd.drawn[key] = fix
			rd.repairs.Add(rp)
		}
		rd.mu.Unlock()
	}
	if fix == nil {
		return orb.MultiPolygon{poly}, nil
	}
	return fix.shape, fix.err
}

package geojson

import (
	"fmt"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// Geometry budgets bound the shapes every import reads, whatever its
// Limits (the command line's too): the overlay that measures, diffs and
// draws a day's map costs about 10 µs a vertex (more where edges cross), so
// they keep its steps short. The whole DeepStateMap archive (1,123 files
// from 2022-04-03), the sample history and the seed hold at most 1,003
// vertices in a ring or a feature, 4 parts and 13 holes in a feature, and
// 15,696 vertices in a DeepStateMap file, 46,075 in a file (the seed's
// history, all its days, each oblast's outline again in every version that
// its events change): the per-feature budgets are 20 to 100 times those,
// the per-import one just above the seed. Input past one is refused with a
// *geo.LimitError naming it.
const (
	MaxRingVertices    = 20_000 // positions in one ring
	MaxFeatureVertices = 20_000 // positions in all the rings of one feature
	MaxFeatureParts    = 500    // polygons in one feature's MultiPolygon
	MaxFeatureHoles    = 500    // inner rings in all the polygons of one feature
	MaxImportVertices  = 50_000 // positions in one GeoJSON document: a POST body, one file of a series or history
)

// CheckShape checks the shape of the feature named what against the
// per-ring and per-feature geometry budgets, returning a *geo.LimitError
// for the first one it goes past, and the shape's vertices.
func CheckShape(mp orb.MultiPolygon, what string) (int, error) {
	if len(mp) > MaxFeatureParts {
		return 0, &geo.LimitError{What: what, Limit: MaxFeatureParts, Unit: "parts (polygons) per feature"}
	}
	vertices, holes := 0, 0
	for pi, p := range mp {
		holes += max(len(p)-1, 0)
		for ri, r := range p {
			if len(r) > MaxRingVertices {
				return 0, &geo.LimitError{What: fmt.Sprintf("%s polygon %d ring %d", what, pi, ri), Limit: MaxRingVertices, Unit: "vertices per ring"}
			}
			vertices += len(r)
		}
	}
	if holes > MaxFeatureHoles {
		return 0, &geo.LimitError{What: what, Limit: MaxFeatureHoles, Unit: "holes per feature"}
	}
	if vertices > MaxFeatureVertices {
		return 0, &geo.LimitError{What: what, Limit: MaxFeatureVertices, Unit: "vertices per feature"}
	}
	return vertices, nil
}

// Tally counts the vertices of one GeoJSON document against
// MaxImportVertices; its zero value is empty and ready.
type Tally struct {
	vertices int
}

// Add checks the shape of the feature named what (CheckShape) and adds its
// vertices to those of the document named doc.
func (t *Tally) Add(mp orb.MultiPolygon, what, doc string) error {
	n, err := CheckShape(mp, what)
	if err != nil {
		return err
	}
	if t.vertices += n; t.vertices > MaxImportVertices {
		return &geo.LimitError{What: doc, Limit: MaxImportVertices, Unit: "vertices per import"}
	}
	return nil
}

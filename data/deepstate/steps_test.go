package deepstate

import (
	"context"
	"math/rand"
	"reflect"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// The union made with steps remembered is geo.UnionContext's, exactly,
// on the first day and on days after it that change, add or drop a few
// polygons (steps found, steps new).
func TestStepsUnionIsUnionContext(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	square := func() orb.MultiPolygon {
		x, y, s := 30+rng.Float64()*2, 48+rng.Float64()*2, 0.05+rng.Float64()*0.3
		return orb.MultiPolygon{{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}}}
	}
	parts := make([]orb.MultiPolygon, 37)
	for i := range parts {
		parts[i] = square()
	}
	st := newSteps()
	ctx := context.Background()
	hitsBefore := 0
	for day := range 6 {
		want, err := geo.UnionContext(ctx, parts...)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.union(ctx, parts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("day %d: the union differs from UnionContext's", day)
		}
		if day > 0 && len(st.cur)+len(st.old) == hitsBefore {
			t.Errorf("day %d: no new step kept", day)
		}
		hitsBefore = len(st.cur) + len(st.old)
		switch day % 3 { // the next day
		case 0:
			parts[rng.Intn(len(parts))] = square()
		case 1:
			parts = append(parts, square())
		case 2:
			parts = parts[:len(parts)-2]
		}
	}
}

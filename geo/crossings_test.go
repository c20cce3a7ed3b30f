package geo

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

func square(x0, y0, x1, y1 float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}
}

// star is a jagged star of n vertices around (cx, cy), turned by rot.
func star(cx, cy float64, n int, rot float64) orb.MultiPolygon {
	r := orb.Ring{}
	for k := 0; k < n; k++ {
		rad := 0.5
		if k%2 == 1 {
			rad = 0.1
		}
		a := 2*math.Pi*float64(k)/float64(n) + rot
		r = append(r, orb.Point{cx + rad*math.Cos(a), cy + rad*math.Sin(a)})
	}
	return Normalize(orb.MultiPolygon{{append(r, r[0])}})
}

func TestCountCrossings(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		mps  []orb.MultiPolygon
		want int
	}{
		{"a cross of two bars", []orb.MultiPolygon{square(0, 1, 3, 2), square(1, 0, 2, 3)}, 4},
		{"a shared border", []orb.MultiPolygon{square(0, 0, 1, 1), square(1, 0, 2, 1)}, 0},
		{"touching at a corner", []orb.MultiPolygon{square(0, 0, 1, 1), square(1, 1, 2, 2)}, 0},
		{"one inside the other", []orb.MultiPolygon{square(0, 0, 3, 3), square(1, 1, 2, 2)}, 0},
		{"parts of one multipolygon", []orb.MultiPolygon{append(square(0, 1, 3, 2), square(1, 0, 2, 3)...)}, 4},
		{"one polygon", []orb.MultiPolygon{star(37, 48, 100, 0)}, 0},
	} {
		got, err := countCrossings(ctx, 1000, 1000, c.mps)
		if err != nil || got != c.want {
			t.Errorf("%s: %d crossings, %v; want %d", c.name, got, err, c.want)
		}
	}
	if _, err := countCrossings(ctx, 3, 1000, []orb.MultiPolygon{square(0, 1, 3, 2), square(1, 0, 2, 3)}); !errors.Is(err, ErrTooComplex) {
		t.Errorf("4 crossings over a budget of 3: %v, want ErrTooComplex", err)
	}
}

// TestStarsOverStarsRefused (#22): two stars of 10,000 vertices (within
// the import budgets) laid over each other cross some 10^7 times; their
// overlay ran for over ten minutes. Every overlay refuses them instead,
// naming the budget, and a cancelled count stops.
func TestStarsOverStarsRefused(t *testing.T) {
	a, b := star(37, 48, 10_000, 0), star(37.01, 48.01, 10_000, 0.001)
	ops := map[string]func() (orb.MultiPolygon, error){
		"union":        func() (orb.MultiPolygon, error) { return Union(a, b) },
		"intersection": func() (orb.MultiPolygon, error) { return Intersection(a, b) },
		"difference":   func() (orb.MultiPolygon, error) { return Difference(a, b) },
		"union steps":  func() (orb.MultiPolygon, error) { return UnionContext(context.Background(), a, b, a, b, a) },
	}
	for name, op := range ops {
		var ce *ComplexityError
		if _, err := op(); !errors.As(err, &ce) || !errors.Is(err, ErrTooComplex) || ce.Limit != MaxCrossings {
			t.Errorf("%s: %v, want a *ComplexityError at %d", name, err, MaxCrossings)
		}
	}
	figs := []Version{
		{Region: "a", Side: SideRU, Status: StatusOccupied, Geometry: a},
		{Region: "b", Side: SideRU, Status: StatusOccupied, Geometry: b},
	}
	if _, err := Measure(context.Background(), figs, Reference{}); !errors.Is(err, ErrTooComplex) {
		t.Errorf("Measure: %v, want ErrTooComplex", err)
	}
	if _, err := Diff(context.Background(), figs[:1], figs[1:], Reference{}); !errors.Is(err, ErrTooComplex) {
		t.Errorf("Diff: %v, want ErrTooComplex", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := CheckCrossings(ctx, a, b); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestCrossingsWithinBudget: stars of 500 vertices cross each other a few
// thousand times, within the budget, and unite as before.
func TestCrossingsWithinBudget(t *testing.T) {
	a, b := star(37, 48, 500, 0), star(37.01, 48.01, 500, 0.001)
	n, err := countCrossings(context.Background(), MaxCrossings, maxCrossingTests, []orb.MultiPolygon{a, b})
	if err != nil || n < 1000 {
		t.Fatalf("%d crossings, %v; want over 1,000 within the budget", n, err)
	}
	u, err := Union(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if got, least := AreaKm2(u), math.Max(AreaKm2(a), AreaKm2(b)); got < least {
		t.Errorf("union %.1f km², less than its larger part %.1f", got, least)
	}
	t.Logf("%d crossings", n)
}

// TestCountCrossingsBruteForce: the count, which leaves out edges far from
// every other polygon, is what testing every pair of edges of different
// polygons gives, on stars laid over each other at random, some apart.
func TestCountCrossingsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	total := 0
	for trial := range 40 {
		var mps []orb.MultiPolygon
		for range 2 + rng.IntN(5) {
			mps = append(mps, star(rng.Float64()*6, rng.Float64()*3, 5+rng.IntN(40), rng.Float64()))
		}
		want := 0
		segs := allEdges(mps)
		for i := range segs {
			for j := i + 1; j < len(segs); j++ {
				if segs[i].poly != segs[j].poly && properCross(segs[i].a, segs[i].b, segs[j].a, segs[j].b) {
					want++
				}
			}
		}
		got, err := countCrossings(context.Background(), 1<<30, 1<<40, mps)
		if err != nil || got != want {
			t.Fatalf("trial %d: counted %d crossings (%v), every pair %d", trial, got, err, want)
		}
		total += want
	}
	if total < 100 {
		t.Errorf("only %d crossings in all trials: the stars hardly meet", total)
	}
}

// allEdges is every edge of mps with its polygon's index.
func allEdges(mps []orb.MultiPolygon) []edgeOf {
	var out []edgeOf
	poly := 0
	for _, mp := range mps {
		for _, p := range mp {
			for _, r := range p {
				for k := 1; k < len(r); k++ {
					out = append(out, edgeOf{r[k-1], r[k], poly})
				}
			}
			poly++
		}
	}
	return out
}

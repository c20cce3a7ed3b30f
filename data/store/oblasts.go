package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// oblastRussia are the Russian border oblasts that the war reaches.
var oblastRussia = []string{"RU-BEL", "RU-BRY", "RU-KRS"}

// oblastAreas are the references of StatsByOblast: Natural Earth's
// admin-1 units of Ukraine (Crimea and Sevastopol included, and Kyiv city)
// and Russia's Belgorod, Bryansk and Kursk oblasts, measured once.
var oblastAreas = sync.OnceValues(func() (oblasts, error) {
	bm, err := seed.LoadBasemap()
	if err != nil {
		return oblasts{}, err
	}
	var areas []geo.AreaStats
	var refs []geo.Reference
	for _, f := range bm.Features {
		if f.Layer != geo.LayerAdmin1 || !(strings.HasPrefix(f.ISO, "UA-") || contains(oblastRussia, f.ISO)) {
			continue
		}
		ref := geo.NewReference(f.Name, f.Geometry)
		areas = append(areas, geo.AreaStats{ISO: f.ISO, Name: f.Name, Country: f.Country, AreaKm2: ref.AreaKm2})
		refs = append(refs, ref)
	}
	idx := make([]int, len(areas))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return areas[idx[a]].ISO < areas[idx[b]].ISO })
	sa, sr := make([]geo.AreaStats, len(idx)), make([]geo.Reference, len(idx))
	for i, j := range idx {
		sa[i], sr[i] = areas[j], refs[j]
	}
	return oblasts{sa, sr}, nil
})

// oblasts are the areas and their references, in the same order.
type oblasts struct {
	areas []geo.AreaStats
	refs  []geo.Reference
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// StatsByOblast measures the map of dataset at day inside each oblast of
// Ukraine and of Russia's border oblasts (oblastAreas): km² per side and
// status and the share of the oblast. Remembered by the versions on the
// map, as Stats is.
func (s *Store) StatsByOblast(ctx context.Context, dataset string, day geo.Day) (geo.StatsByArea, error) {
	out := geo.StatsByArea{Dataset: dataset, Day: day, By: "oblast"}
	ob, err := oblastAreas()
	if err != nil {
		return out, err
	}
	if out.AsOf, out.Observed, err = s.observed(ctx, dataset, day); err != nil {
		return out, err
	}
	areas, refs := ob.areas, ob.refs
	vs, err := s.VersionsAt(ctx, dataset, day, orb.Bound{})
	if err != nil {
		return out, err
	}
	key := fmt.Sprint("oblasts", versionIDs(vs))
	if m, ok := s.measured.Load(key); ok {
		out.Areas = m.([]geo.AreaStats)
		return out, nil
	}
	figs, err := geo.MeasureEach(ctx, vs, refs)
	if err != nil {
		return out, fmt.Errorf("stats by oblast at %s: %w", day, err)
	}
	res := make([]geo.AreaStats, len(areas))
	for i, a := range areas {
		a.Figures = []geo.Figure{}
		for _, f := range figs[i] {
			if f.InsideKm2 > 0 {
				f.Regions = nil // the regions of the whole map, not of the oblast
				a.Figures = append(a.Figures, f)
			}
		}
		res[i] = a
	}
	s.measured.Store(key, res)
	out.Areas = res
	return out, nil
}

package store

import (
	"sort"
	"strings"
	"sync"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"
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

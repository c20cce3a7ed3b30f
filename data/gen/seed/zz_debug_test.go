package main

import (
	"fmt"
	"testing"
)

func TestZZDebug(t *testing.T) {
	src, _ := rgeoProvinces()
	us, err := loadUnits(src, russianUnits...)
	if err != nil {
		t.Fatal(err)
	}
	kds := keyDates()
	for _, i := range []int{4, 7} {
		s, _ := occupiedIn(kds[i], "UA-48", us)
		s = tidy(s, 0)
		fmt.Println(kds[i].Day, len(s))
		for _, p := range s {
			fmt.Println("  poly", len(p), len(p[0]), p[0][0], p.Bound())
		}
	}
	a, _ := occupiedIn(kds[4], "UA-48", us)
	b, _ := occupiedIn(kds[7], "UA-48", us)
	a, b = tidy(a, 0), tidy(b, 0)
	in := map[[2]float64]bool{}
	for _, p := range a[1][0] {
		in[p] = true
	}
	for _, p := range b[1][0] {
		if !in[p] {
			fmt.Println("only in b", p)
		}
	}
	for _, i := range []int{9} {
		s, _ := occupiedIn(kds[i], "UA-63", us)
		for _, p := range s {
			fmt.Println("  kharkiv", len(p), len(p[0]), p.Bound())
		}
	}
}

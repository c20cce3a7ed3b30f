package geo

import "testing"

func TestImportedSkip(t *testing.T) {
	a, b := Digest{1}, Digest{2}
	im := &Imported{Digests: map[Day]Digest{1: a, 2: a, 3: a, 4: a}}
	type tcase struct {
		days []Day
		sums map[Day]Digest
		want []Day
	}
	for name, tc := range map[string]tcase{
		"all same":           {[]Day{1, 2, 3, 4}, map[Day]Digest{1: a, 2: a, 3: a, 4: a}, []Day{1, 2, 3, 4}},
		"day 2 changed":      {[]Day{1, 2, 3, 4}, map[Day]Digest{1: a, 2: b, 3: a, 4: a}, []Day{1, 4}},
		"first changed":      {[]Day{1, 2, 3}, map[Day]Digest{1: b, 2: a, 3: a}, []Day{3}},
		"new day before 3":   {[]Day{1, 2, 3, 5, 6}, map[Day]Digest{1: a, 2: a, 3: a, 5: a, 6: a}, []Day{1, 2, 3}},
		"no digest, no skip": {[]Day{1}, map[Day]Digest{}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			got := im.Skip(tc.days, tc.sums)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for _, d := range tc.want {
				if !got[d] {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
	var none *Imported
	if none.Has(1) || none.Same(1, a) || len(none.Skip([]Day{1}, map[Day]Digest{1: a})) != 0 {
		t.Error("a nil Imported skips a day; want none")
	}
}

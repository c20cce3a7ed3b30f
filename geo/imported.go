package geo

// Digest is the SHA-256 of the input a day's shapes came from: the bytes
// of the day's file (or files), as a reader hashes them. The zero Digest
// is none.
type Digest [32]byte

// Imported is what a store has of a dataset's earlier imports, for a
// re-import to skip the days whose input it has imported already: the
// parse, union and cut of a day cost the same whether or not anything
// changed.
type Imported struct {
	// Digests are the digests of the input each day was last imported
	// from, by day.
	Digests map[Day]Digest
	// Regions are the slugs of the regions the dataset has versions of: a
	// reader that skips days keeps them in its series, absent on the days
	// read whose maps lack them, as the skipped days would have.
	Regions []string
}

// Has reports whether the store has a digest for day.
func (im *Imported) Has(day Day) bool {
	if im == nil {
		return false
	}
	_, ok := im.Digests[day]
	return ok
}

// Same reports whether day's input, of digest sum, is the input the store
// imported that day from.
func (im *Imported) Same(day Day, sum Digest) bool {
	if im == nil || sum == (Digest{}) {
		return false
	}
	d, ok := im.Digests[day]
	return ok && d == sum
}

// Skip reports which of days (in order of day), whose inputs have the
// digests sums, a re-import skips: a day whose input is the one the store
// imported it from, as is the input of the day before it in days (if any).
// A changed day is read, and so is the day after it: change detection
// there compares with what the changed day wrote.
func (im *Imported) Skip(days []Day, sums map[Day]Digest) map[Day]bool {
	out := map[Day]bool{}
	prevSame := true
	for _, d := range days {
		same := im.Same(d, sums[d])
		if same && prevSame {
			out[d] = true
		}
		prevSame = same
	}
	return out
}

package geo

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Problem is one rejected input: What names it (a feature, a file, an
// article), Why says what is wrong with it.
type Problem struct {
	What string `json:"what"`
	Why  string `json:"why"`
}

func (p Problem) String() string { return Cut(p.What, 64) + ": " + Cut(p.Why, 150) }

// Cut cuts s to at most n bytes (at a rune boundary), saying so and how
// long s was: what an error repeats of a name or a message it was given.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("... (%d bytes)", len(s))
}

// ValidationError is returned when input is rejected; nothing was written.
// It lists the first problems found (up to MaxProblems) and counts the
// rest. errors.Is(err, ErrInvalid) is true for it.
type ValidationError struct {
	Problems []Problem
	More     int // problems found beyond those listed
}

// MaxProblems is how many problems a ValidationError lists: with each cut
// (Problem.String), its message stays under 2 KB, what an HTTP error body
// may repeat of its input.
const MaxProblems = 6

// Reject is a *ValidationError of one problem.
func Reject(what, why string) *ValidationError {
	return &ValidationError{Problems: []Problem{{What: what, Why: why}}}
}

// Is makes errors.Is(err, ErrInvalid) true for a ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	if n == 1 {
		fmt.Fprintf(&b, "rejected: %s", e.Problems[0])
		return b.String()
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "%d problems, nothing written; the first %d:", n+e.More, n)
	} else {
		fmt.Fprintf(&b, "%d problems, nothing written:", n)
	}
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

// Problems collects the Problems of one input, up to MaxProblems, and
// counts the rest; its zero value is empty and ready. Err makes them a
// *ValidationError.
type Problems struct {
	list []Problem
	more int
}

// Add adds the problem of what, its reason formatted as fmt.Sprintf does.
func (ps *Problems) Add(what, format string, args ...any) {
	ps.Append(Problem{What: what, Why: fmt.Sprintf(format, args...)})
}

// Append adds problems.
func (ps *Problems) Append(list ...Problem) {
	for _, p := range list {
		if len(ps.list) < MaxProblems {
			ps.list = append(ps.list, p)
		} else {
			ps.more++
		}
	}
}

// Merge adds the problems of a ValidationError, those it only counts too.
func (ps *Problems) Merge(e *ValidationError) {
	ps.Append(e.Problems...)
	ps.more += e.More
}

// Len is the number of problems added.
func (ps *Problems) Len() int { return len(ps.list) + ps.more }

// List returns the problems kept (the first MaxProblems).
func (ps *Problems) List() []Problem { return ps.list }

// Err returns a *ValidationError of the problems, or nil if there are none.
func (ps *Problems) Err() error {
	if ps.Len() == 0 {
		return nil
	}
	return &ValidationError{Problems: ps.list, More: ps.more}
}

// LimitError is input that went past a bound on what an import reads;
// nothing was written. errors.Is(err, ErrTooLarge) is true for it.
type LimitError struct {
	What  string // "file x.geojson", "the series"
	Limit int64
	Unit  string // "bytes", "files" or a geometry budget: "vertices per ring"
}

func (e *LimitError) Error() string {
	limit := fmt.Sprintf("%d %s", e.Limit, e.Unit)
	if e.Unit == "bytes" && e.Limit >= 1<<20 {
		limit = fmt.Sprintf("%d MiB", e.Limit>>20)
	}
	return fmt.Sprintf("%s is over the limit of %s", e.What, limit)
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

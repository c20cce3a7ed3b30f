package geo

import (
	"slices"
	"testing"
)

// FuzzGazetteer builds a gazetteer from the fixtures plus a fuzzed alias and
// checks Mentions and Find on fuzzed text. The seeds are in
// testdata/fuzz/FuzzGazetteer.
func FuzzGazetteer(f *testing.F) {
	f.Fuzz(func(t *testing.T, alias, text string) {
		if len(alias) > 256 || len(text) > 1<<16 {
			t.Skip("input too long")
		}
		fuzzed := Region{Slug: "fuzz", Kind: KindAdmin, Aliases: []string{alias}}
		g := NewGazetteer(append([]Region{fuzzed}, testRegions...))
		ms := g.Mentions(text)
		checkMentions(t, text, ms)
		find := g.Find(text)
		if again := g.Find(text); !slices.Equal(again, find) {
			t.Fatalf("Find(%q) twice: got %q then %q", text, find, again)
		}
		var want []string
		for _, m := range ms {
			if !slices.Contains(want, m.Region) {
				want = append(want, m.Region)
			}
			// Matching is context-free: a mention alone is the same mention.
			if got := g.Find(m.Text); !slices.Equal(got, []string{m.Region}) {
				t.Errorf("Find(%q) of mention in %q: got %q, want [%q]", m.Text, text, got, m.Region)
			}
		}
		if !slices.Equal(find, want) {
			t.Errorf("Find(%q): got %q, want %q from Mentions", text, find, want)
		}
		// An alias always finds itself: it is the whole text and the
		// fuzzed region ranks first.
		if norm, toks := tokenize(alias, nil); len(toks) > 0 {
			if got := g.Find(alias); !slices.Equal(got, []string{"fuzz"}) {
				t.Errorf("Find(alias %q, normalised %q): got %q, want [fuzz]", alias, norm, got)
			}
		}
	})
}

// checkMentions checks that ms are in text order, do not overlap and
// quote text.
func checkMentions(t *testing.T, text string, ms []Mention) {
	t.Helper()
	prev := 0
	for _, m := range ms {
		if m.Start < prev || m.Start >= m.End || m.End > len(text) {
			t.Fatalf("mention %+v in %q: got range [%d, %d), want within [%d, %d)", m, text, m.Start, m.End, prev, len(text))
		}
		if got := text[m.Start:m.End]; got != m.Text {
			t.Fatalf("text[%d:%d]: got %q, want %q", m.Start, m.End, got, m.Text)
		}
		prev = m.End
	}
}

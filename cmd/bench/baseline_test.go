package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestFetchAuthSendsToken(t *testing.T) {
	var got []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Authorization"))
	}))
	defer ts.Close()
	ctx := context.Background()
	if _, err := fetchAuth(ctx, ts.Client(), ts.URL+"/snapshot.png?nocache=1", "T"); err != nil {
		t.Fatal(err)
	}
	if _, err := fetch(ctx, ts.Client(), ts.URL+"/tiles/x.png"); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != "Bearer T" || got[1] != "" {
		t.Errorf("Authorization headers: %q, want [\"Bearer T\" \"\"]", got)
	}
}

func TestBaselineMarkdown(t *testing.T) {
	round := func(png float64) roundResult {
		return roundResult{png: png, mvt: 100, snap: snapshotResult{msPerFrame: 10}}
	}
	b := &baselineRun{rev: "HEAD~1", commit: "0123456789abcdef", rounds: 3, tiles: 303,
		base: []roundResult{round(100), round(300), round(200)},
		cur:  []roundResult{round(170), round(100), round(150)}}
	if m := median(b.cur, func(r roundResult) float64 { return r.png }); m != 150 {
		t.Errorf("median = %v, want 150", m)
	}
	md := b.markdown(config{conc: 2, bin: "/x/frontline", dir: "/x"})
	for _, want := range []string{
		"Against baseline HEAD~1 (0123456789ab)",
		"| uncached png tiles/s (2 clients, 303 tiles) | 200 | 150 | 75.0% | **no: 25.0% drop** |",
		"| uncached mvt tiles/s (2 clients, 303 tiles) | 100 | 100 | 100.0% | yes |",
		"| 100.0 | 100.0 | 100.0% | yes |", // timelapse frames/s
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

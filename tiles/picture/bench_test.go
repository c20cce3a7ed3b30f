package picture

import (
	"context"
	"testing"
	"time"
)

// benchmarkPicture renders a request over seedLike again and again (the
// projections are memoised after the first, as in a running server).
func benchmarkPicture(b *testing.B, req Request) {
	s, _ := seedLikeRenderer()
	ctx := context.Background()
	b.ReportAllocs()
	var n, frames int
	start := time.Now()
	for b.Loop() {
		pic, err := s.Render(ctx, req, nil)
		if err != nil {
			b.Fatal(err)
		}
		n, frames = len(pic.Body), frames+len(pic.Days)
	}
	b.ReportMetric(float64(n), "bytes")
	if req.Kind == KindTimelapse {
		b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(frames), "ms/frame")
	}
}

// BenchmarkSnapshot1200x800 is the snapshot of Ukraine on
// 2025-01-20: 1200×800 pixels.
func BenchmarkSnapshot1200x800(b *testing.B) {
	benchmarkPicture(b, Request{Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox})
}

// BenchmarkSnapshot2400x1600 is the same picture for print: 1200×800 at
// scale 2.
func BenchmarkSnapshot2400x1600(b *testing.B) {
	benchmarkPicture(b, Request{Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox, Scale: 2})
}

// BenchmarkDiff1200x800 is a diff of Ukraine over the incursion's first month.
func BenchmarkDiff1200x800(b *testing.B) {
	benchmarkPicture(b, Request{Kind: KindDiff, From: "2024-08-01", To: "2024-08-31", View: ukraineBBox})
}

// BenchmarkTimelapseFrame is a 1200×800 timelapse of Ukraine, a frame a
// week for ten weeks (all=1); ms/frame is the time per frame.
func BenchmarkTimelapseFrame(b *testing.B) {
	benchmarkPicture(b, Request{Kind: KindTimelapse, From: "2024-08-01", To: "2024-10-03", Step: Step{1, 'w'}, All: true, View: ukraineBBox})
}

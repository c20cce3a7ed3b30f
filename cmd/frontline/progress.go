package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressFunc is told how far work is: done of total (0: unknown).
type progressFunc = func(done, total int)

// progress draws a progress bar on a terminal, at most 10 times a second.
type progress struct {
	w     io.Writer
	label string
	on    bool
	last  time.Time
	start time.Time
}

func newProgress(e *env, label string) *progress {
	return &progress{w: e.stderr, label: label, on: e.tty, start: time.Now()}
}

// update shows done of total; total 0 means unknown.
func (p *progress) update(done, total int) {
	if !p.on || (time.Since(p.last) < 100*time.Millisecond && done != total) {
		return
	}
	p.last = time.Now()
	if total <= 0 {
		fmt.Fprintf(p.w, "\r%s: %d", p.label, done)
		return
	}
	const width = 30
	n := done * width / total
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d %3d%%", p.label, strings.Repeat("#", n), strings.Repeat(".", width-n), done, total, done*100/total)
}

// finish ends the bar's line.
func (p *progress) finish() {
	if p.on {
		fmt.Fprintf(p.w, "\r%s: done in %s%s\n", p.label, time.Since(p.start).Round(time.Millisecond), strings.Repeat(" ", 30))
	}
}

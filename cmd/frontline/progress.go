package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressFunc is told how far work is: done of total (0: unknown).
type progressFunc = func(done, total int)

// defaultProgressEvery is how often a progress line is printed when stderr
// is not a terminal (a log, a CI job, a pipe).
const defaultProgressEvery = 10 * time.Second

// progress shows how far a stage of work is on stderr: on a terminal a bar
// redrawn at most 10 times a second; otherwise a line every
// env.progressEvery (10 s), whether or not the work advanced since, and a
// last line with the time taken if the stage lasted that long. Workers may
// call update at the same time; finish must be called once, at the end.
type progress struct {
	w     io.Writer
	label string
	tty   bool
	start time.Time

	mu          sync.Mutex
	done, total int
	last        time.Time // of the last bar drawn (terminal)
	lines       int       // lines printed (not a terminal)

	stop    chan struct{} // closed by finish (not a terminal)
	stopped sync.WaitGroup
}

func newProgress(e *env, label string) *progress {
	p := &progress{w: e.stderr, label: label, tty: e.tty, start: time.Now()}
	if !p.tty {
		every := e.progressEvery
		if every <= 0 {
			every = defaultProgressEvery
		}
		p.stop = make(chan struct{})
		p.stopped.Add(1)
		go p.tick(every)
	}
	return p
}

// tick prints a line every interval until finish.
func (p *progress) tick(every time.Duration) {
	defer p.stopped.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.lines++
			fmt.Fprintf(p.w, "%s: %s after %s\n", p.label, count(p.done, p.total), time.Since(p.start).Round(time.Second))
			p.mu.Unlock()
		}
	}
}

// count is "done/total (n%)", or done alone when the total is unknown.
func count(done, total int) string {
	if total <= 0 {
		return fmt.Sprint(done)
	}
	return fmt.Sprintf("%d/%d (%d%%)", done, total, done*100/total)
}

// update shows done of total; total 0 means unknown.
func (p *progress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total = done, total
	if !p.tty || (time.Since(p.last) < 100*time.Millisecond && done != total) {
		return
	}
	p.last = time.Now()
	if total <= 0 {
		fmt.Fprintf(p.w, "\r%s: %d", p.label, done)
		return
	}
	const width = 30
	n := min(done*width/total, width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d %3d%%", p.label, strings.Repeat("#", n), strings.Repeat(".", width-n), done, total, done*100/total)
}

// finish ends the bar's line, or stops the lines and, if any was printed,
// says how long the stage took.
func (p *progress) finish() {
	if p.tty {
		fmt.Fprintf(p.w, "\r%s: done in %s%s\n", p.label, time.Since(p.start).Round(time.Millisecond), strings.Repeat(" ", 30))
		return
	}
	close(p.stop)
	p.stopped.Wait()
	if p.lines > 0 {
		fmt.Fprintf(p.w, "%s: %s, done in %s\n", p.label, count(p.done, p.total), time.Since(p.start).Round(time.Millisecond))
	}
}

// stages shows the progress of named stages, one after another or at
// once, each under its own label: a stage ends when done reaches its total
// (counts of it that come later, from other workers, are dropped) or at
// close, which the caller defers.
type stages struct {
	e        *env
	mu       sync.Mutex
	bars     map[string]*progress
	finished map[string]bool
}

func newStages(e *env) *stages {
	return &stages{e: e, bars: map[string]*progress{}, finished: map[string]bool{}}
}

// update is a stage's progress; safe for concurrent use.
func (s *stages) update(stage string, done, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.finished[stage] {
		return
	}
	p := s.bars[stage]
	if p == nil {
		p = newProgress(s.e, stage)
		s.bars[stage] = p
	}
	p.update(done, total)
	if total > 0 && done >= total || total == 0 && done == 0 {
		p.finish()
		delete(s.bars, stage)
		s.finished[stage] = true
	}
}

// close ends the stages still shown (an error ended them, or their total
// was unknown).
func (s *stages) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for stage, p := range s.bars {
		p.finish()
		delete(s.bars, stage)
		s.finished[stage] = true
	}
}

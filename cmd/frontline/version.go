package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// version is the release the binary was built from. make build sets it
// with -ldflags "-X main.version=$(git describe --tags --always --dirty)";
// a plain go build leaves it empty, and buildVersion falls back to the
// module version the go command stamped, else "devel".
var version string

// buildVersion is what `frontline version` prints about one binary.
type buildVersion struct {
	version  string // v0.3.0-12-gabc1234, or the module version, or devel
	revision string // vcs.revision: the full commit hash, if stamped
	time     string // vcs.time: the commit's time (RFC 3339), if stamped
	modified bool   // vcs.modified: built from a tree with uncommitted changes
	goVer    string // the Go release that built it
}

// readVersion combines the -X version with what the go command stamped
// into the binary (runtime/debug.ReadBuildInfo).
func readVersion(ldflagsVersion string, bi *debug.BuildInfo, ok bool) buildVersion {
	v := buildVersion{version: ldflagsVersion, goVer: runtime.Version()}
	if ok && bi != nil {
		if bi.GoVersion != "" {
			v.goVer = bi.GoVersion
		}
		if v.version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.revision = s.Value
			case "vcs.time":
				v.time = s.Value
			case "vcs.modified":
				v.modified = s.Value == "true"
			}
		}
	}
	if v.version == "" {
		v.version = "devel"
	}
	return v
}

// String is the line `frontline version` prints, e.g.
//
//	frontline v0.3.0-12-gabc1234 (commit abc1234def..., 2026-12-01T22:00:00Z, go1.26.8)
//
// A binary built from a tree with uncommitted changes says "modified" after
// the commit; what the binary does not know (no VCS stamp, as with
// -buildvcs=false or outside a git checkout) is left out.
func (v buildVersion) String() string {
	var parts []string
	if v.revision != "" {
		parts = append(parts, "commit "+v.revision)
		if v.modified {
			parts = append(parts, "modified")
		}
	}
	if v.time != "" {
		parts = append(parts, v.time)
	}
	parts = append(parts, v.goVer)
	return fmt.Sprintf("frontline %s (%s)", v.version, strings.Join(parts, ", "))
}

// currentVersion is this binary's version.
func currentVersion() buildVersion {
	bi, ok := debug.ReadBuildInfo()
	return readVersion(version, bi, ok)
}

// runVersion is `frontline version` (and `frontline --version`).
func runVersion(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: frontline version\n\n%s\n", "Print the version (set by make build from git describe), the commit and its time, and the Go release the binary was built with. frontline --version does the same.")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("no arguments expected, got %q", fs.Arg(0))
	}
	_, err := io.WriteString(e.stdout, currentVersion().String()+"\n")
	return err
}

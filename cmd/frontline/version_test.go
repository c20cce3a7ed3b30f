package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// versionRE is the shape of the version line: the version, then in
// parentheses the commit (and "modified") and its time when the binary is
// stamped with them, and always the Go release.
var versionRE = regexp.MustCompile(`^frontline \S+ \((commit [0-9a-f]{7,64}, (modified, )?)?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d), )?go\S+\)\n$`)

func TestCLIVersion(t *testing.T) {
	var first string
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, out, errs := runCLI(t, "", "", args...)
		if code != exitOK || errs != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errs)
		}
		if !versionRE.MatchString(out) {
			t.Errorf("%v printed %q, want the shape %s", args, out, versionRE)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Errorf("%v printed %q, version printed %q", args, out, first)
		}
	}
	if code, _, errs := runCLI(t, "", "", "version", "extra"); code != exitUsage || !strings.Contains(errs, "no arguments expected") {
		t.Errorf("version extra: exit %d, stderr %q; want %d", code, errs, exitUsage)
	}
	if code, _, errs := runCLI(t, "", "", "version", "--help"); code != exitOK || !strings.Contains(errs, "Usage: frontline version") {
		t.Errorf("version --help: exit %d, stderr %q", code, errs)
	}
	if _, out, _ := runCLI(t, "", "", "--help"); !strings.Contains(out, "  version ") || !strings.Contains(out, "--version") {
		t.Errorf("the usage text lacks the version command:\n%s", out)
	}
}

func TestReadVersion(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8",
		Main: debug.Module{Path: "github.com/frontline-map/frontline", Version: "v0.0.0-20261201220000-abc1234def56+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "-ldflags", Value: "-X main.version=v0.3.0-12-gabc1234"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "abc1234def567890abc1234def567890abc1234d"},
			{Key: "vcs.time", Value: "2026-12-01T22:00:00Z"},
			{Key: "vcs.modified", Value: "false"},
		}}
	modified := *stamped
	modified.Settings = append(append([]debug.BuildSetting(nil), stamped.Settings[:4]...), debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	bare := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/frontline-map/frontline", Version: "(devel)"}}
	for _, tc := range []struct {
		name    string
		ldflags string
		bi      *debug.BuildInfo
		ok      bool
		want    string
	}{
		{"make build", "v0.3.0-12-gabc1234", stamped, true,
			"frontline v0.3.0-12-gabc1234 (commit abc1234def567890abc1234def567890abc1234d, 2026-12-01T22:00:00Z, go1.26.8)"},
		{"modified tree", "v0.3.0-12-gabc1234-dirty", &modified, true,
			"frontline v0.3.0-12-gabc1234-dirty (commit abc1234def567890abc1234def567890abc1234d, modified, 2026-12-01T22:00:00Z, go1.26.8)"},
		{"go build", "", stamped, true,
			"frontline v0.0.0-20261201220000-abc1234def56+dirty (commit abc1234def567890abc1234def567890abc1234d, 2026-12-01T22:00:00Z, go1.26.8)"},
		{"no stamp", "", bare, true, "frontline devel (go1.26.8)"},
		{"no build info", "v1.0.0", nil, false, "frontline v1.0.0 (" + readVersion("", nil, false).goVer + ")"},
	} {
		got := readVersion(tc.ldflags, tc.bi, tc.ok).String()
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if !versionRE.MatchString(got + "\n") {
			t.Errorf("%s: %q does not have the shape %s", tc.name, got, versionRE)
		}
	}
}

// TestBuildVersionFlag builds the binary the way make build does, with
// -ldflags "-X main.version=...", and checks that both forms print it.
func TestBuildVersionFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "frontline")
	build := exec.Command(gobin, "build", "-o", bin, "-ldflags", "-X main.version=v9.9.9-test", ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, arg := range []string{"version", "--version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil {
			t.Fatalf("frontline %s: %v", arg, err)
		}
		if !strings.HasPrefix(string(out), "frontline v9.9.9-test (") || !versionRE.Match(out) {
			t.Errorf("frontline %s printed %q, want frontline v9.9.9-test (...)", arg, out)
		}
	}
}

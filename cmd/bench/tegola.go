package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/paulmach/orb/maptile"
)

// tegolaVersion is the tegola measured as a peer over the PostGIS tables,
// the version the issue names.
const tegolaVersion = "v0.21.2"

const tegolaModule = "github.com/go-spatial/tegola"

// buildTegola builds tegola's command into cfg.dir with the go command.
// `go install tegola/cmd/tegola@version` first; the module proxy here
// refuses the version list that go install reads for the module's
// deprecation (403), so failing that, go build in a throwaway module that
// requires the version (its go.mod's requirements, no list needed).
func buildTegola(cfg config) (string, error) {
	gobin := filepath.Join(cfg.dir, "tegola-bin")
	bin := filepath.Join(gobin, "tegola")
	env := append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"), "GOWORK=off", "GOBIN="+gobin)
	install := exec.Command("go", "install", tegolaModule+"/cmd/tegola@"+tegolaVersion)
	install.Dir, install.Env = cfg.dir, env
	out, err := install.CombinedOutput()
	if err == nil {
		return bin, nil
	}
	installErr := fmt.Sprintf("go install %s/cmd/tegola@%s: %v: %s", tegolaModule, tegolaVersion, err, lastLines(out, 2))
	src := filepath.Join(cfg.dir, "tegola-src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	mod := fmt.Sprintf("module tegolabuild\n\ngo 1.24\n\nrequire %s %s\n", tegolaModule, tegolaVersion)
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte(mod), 0o644); err != nil {
		return "", err
	}
	build := exec.Command("go", "build", "-o", bin, tegolaModule+"/cmd/tegola")
	build.Dir, build.Env = src, env
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%s; then go build in a module requiring %s: %v: %s", installErr, tegolaVersion, err, lastLines(out, 3))
	}
	return bin, nil
}

// lastLines is the last n non-empty lines of a command's output, joined.
func lastLines(out []byte, n int) string {
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}

// measureTegola times the control layer's vector tiles on PostgreSQL,
// frontline's (layers=control) and then tegola's PostGIS provider over the
// same versions table, uncached, on the same tile list. tegola failing to
// build, start or serve is recorded in r, not returned.
func measureTegola(ctx context.Context, cfg config, pg *pgCluster, pgSrv *server, tiles []maptile.Tile, r *pgReport) error {
	tm, err := measureUncachedKind(ctx, cfg, pgSrv, tiles, "mvt-control", func(t maptile.Tile) string {
		return tileURL(pgSrv.base, benchDay, t, "mvt") + "&layers=control"
	})
	if err != nil {
		return fmt.Errorf("PostgreSQL, layers=control: %w", err)
	}
	r.uncached["mvt-control"] = tm
	if r.tegolaErr != nil {
		return nil
	}
	addr, err := freePort()
	if err != nil {
		return err
	}
	tg, err := startTegola(ctx, cfg, r.tegolaBin, addr, tegolaConfig(addr, pg.url))
	if err != nil {
		r.tegolaErr = err
		return nil
	}
	defer tg.stop()
	if r.tegola, err = timeTiles(ctx, cfg.conc, tiles, func(t maptile.Tile) string {
		return fmt.Sprintf("%s/maps/frontline/%d/%d/%d.pbf", tg.base, t.Z, t.X, t.Y)
	}); err != nil {
		r.tegola, r.tegolaErr = nil, fmt.Errorf("tegola serve: %w", err)
	}
	return nil
}

// tegolaConfig is tegola's configuration: a PostGIS provider with one
// layer, the control polygons of benchDay, and a map of it.
func tegolaConfig(addr, pgURL string) string {
	day := benchDayNum()
	sql := fmt.Sprintf("SELECT ST_AsBinary(geom) AS geom, id, side, status FROM versions WHERE dataset_id = (SELECT id FROM datasets WHERE name='deepstate') AND valid_from <= %d AND %d < valid_to AND geom && !BBOX!", day, day)
	return tegolaConfigSQL(addr, pgURL, sql, "")
}

// tegolaConfigSQL is tegola's configuration of one PostGIS layer
// "control" of sql, in a map "frontline" with params (TOML of
// [[maps.params]] tables, or "").
func tegolaConfigSQL(addr, pgURL, sql, params string) string {
	return fmt.Sprintf(`[webserver]
port = %q

[[providers]]
name = "frontline"
type = "postgis"
uri = %q
srid = 4326

  [[providers.layers]]
  name = "control"
  geometry_fieldname = "geom"
  id_fieldname = "id"
  geometry_type = "MultiPolygon"
  srid = 4326
  sql = %q

[[maps]]
name = "frontline"
%s
  [[maps.layers]]
  provider_layer = "frontline.control"
  min_zoom = 0
  max_zoom = 20
`, addr, pgURL, sql, params)
}

// startTegola serves conf (a tegolaConfigSQL of addr) with bin and waits
// until it answers.
func startTegola(ctx context.Context, cfg config, bin, addr, conf string) (*peerProc, error) {
	path := filepath.Join(cfg.dir, "tegola.toml")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	return startPeer(ctx, "tegola serve", exec.CommandContext(ctx, bin, "serve", "--config", path), "http://"+addr, "/capabilities")
}

// peerProc is a peer's server under test.
type peerProc struct {
	base string
	pid  int
	stop func()
}

// startPeer starts cmd, a server of name, and waits until base+probe
// answers 200; stop ends it.
func startPeer(ctx context.Context, name string, cmd *exec.Cmd, base, probe string) (*peerProc, error) {
	logs := &tailBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		close(done)
	}()
	stop := func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	for range 400 {
		select {
		case <-done:
			return nil, fmt.Errorf("%s exited: %v: %s", name, cmd.ProcessState, lastLines([]byte(logs.String()), 3))
		case <-ctx.Done():
			stop()
			return nil, ctx.Err()
		default:
		}
		if resp, err := http.Get(base + probe); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return &peerProc{base: base, pid: cmd.Process.Pid, stop: stop}, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	return nil, fmt.Errorf("%s did not answer %s in 20 s: %s", name, base+probe, lastLines([]byte(logs.String()), 3))
}

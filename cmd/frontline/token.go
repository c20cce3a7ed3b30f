package main

import (
	"flag"
	"os"
	"strings"
)

// adminTokenFlags are serve's ways to the administrator's bearer token: a
// file (--token-file PATH), the environment (FRONTLINE_TOKEN), or, kept
// for compatibility, the command line (--token), which every user of the
// machine reads in ps and /proc/PID/cmdline: serve warns of it at start.
type adminTokenFlags struct {
	token, file *string
}

func addAdminTokenFlags(fs *flag.FlagSet) adminTokenFlags {
	return adminTokenFlags{
		file:  fs.String("token-file", "", "read the administrator's bearer token for writes from this file (its first line; keep it mode 0600); else env FRONTLINE_TOKEN. Editors write with their own tokens (frontline editors)"),
		token: fs.String("token", "", "the administrator's bearer token (deprecated: visible to every user of the machine in ps; use --token-file or FRONTLINE_TOKEN)"),
	}
}

// resolve returns the administrator's token ("" for none: only editors
// write) and whether it came from --token, which the caller warns of.
func (f adminTokenFlags) resolve(e *env) (token string, onCommandLine bool, err error) {
	switch {
	case *f.token != "" && *f.file != "":
		return "", false, usagef("give --token-file or --token, not both")
	case *f.token != "":
		return *f.token, true, nil
	case *f.file != "":
		b, err := os.ReadFile(*f.file)
		if err != nil {
			return "", false, usagef("--token-file: %v", err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		if token = strings.TrimSpace(line); token == "" {
			return "", false, usagef("--token-file %s: no token on its first line", *f.file)
		}
		return token, false, nil
	}
	return e.getenv("FRONTLINE_TOKEN"), false, nil
}

// tokenWarning is what serve says at start of a token given with --token.
const tokenWarning = "--token is visible to every user of this machine (ps, /proc/PID/cmdline): give the administrator's token with --token-file PATH or FRONTLINE_TOKEN instead"

package main

import (
	"context"
	"strings"
)

// runFunc runs a command with the arguments after its name.
type runFunc func(ctx context.Context, e *env, args []string) error

// group is a command made of subcommands: frontline articles list,
// frontline datasets set NAME. The first argument names the subcommand;
// without one (no arguments, or a flag first) def runs with every argument.
// A first argument that names no subcommand is bad usage, unless
// defTakesArgs: then def runs with it, and its own checks answer.
type group struct {
	name         string
	subs         []subcommand // in the order the usage message lists them
	def          runFunc
	defTakesArgs bool
}

// subcommand is one subcommand of a group.
type subcommand struct {
	name string
	run  runFunc
}

func (g group) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		for _, sub := range g.subs {
			if sub.name == args[0] {
				return sub.run(ctx, e, args[1:])
			}
		}
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || g.defTakesArgs {
		return g.def(ctx, e, args)
	}
	return usagef("unknown %s command %q: want %s", g.name, args[0], g.names())
}

// names lists the subcommands: "list, show or add".
func (g group) names() string {
	var b strings.Builder
	for i, sub := range g.subs {
		switch {
		case i == 0:
		case i == len(g.subs)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(sub.name)
	}
	return b.String()
}

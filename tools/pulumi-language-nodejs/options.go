package main

import (
	"fmt"
	"strings"
)

// runtimeOptions are the `runtime.options` of a nodejs project's Pulumi.yaml.
type runtimeOptions struct {
	// typescript runs the program through ts-node (default true).
	typescript bool
	// tsconfig is an alternative tsconfig file for ts-node.
	tsconfig string
	// nodeargs are extra arguments for the node process, before the run script.
	nodeargs []string
	// packagemanager installs dependencies: "auto" (= npm), npm, yarn or pnpm.
	packagemanager string
	// production skips devDependencies when installing.
	production bool
}

// parseRuntimeOptions reads the options map the engine sends in ProgramInfo.
// Unknown keys are ignored, as the upstream host does.
func parseRuntimeOptions(raw map[string]any) (runtimeOptions, error) {
	opts := runtimeOptions{typescript: true, packagemanager: "auto"}

	boolOpt := func(key string, dst *bool) error {
		if v, ok := raw[key]; ok {
			b, ok := v.(bool)
			if !ok {
				return fmt.Errorf("runtime option %q must be a boolean, got %v", key, v)
			}
			*dst = b
		}
		return nil
	}
	stringOpt := func(key string, dst *string) error {
		if v, ok := raw[key]; ok {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("runtime option %q must be a string, got %v", key, v)
			}
			*dst = s
		}
		return nil
	}

	var nodeargs string
	for _, err := range []error{
		boolOpt("typescript", &opts.typescript),
		stringOpt("tsconfig", &opts.tsconfig),
		stringOpt("nodeargs", &nodeargs),
		stringOpt("packagemanager", &opts.packagemanager),
		boolOpt("production", &opts.production),
	} {
		if err != nil {
			return runtimeOptions{}, err
		}
	}

	switch opts.packagemanager {
	case "auto", "npm", "yarn", "pnpm":
	default:
		return runtimeOptions{}, fmt.Errorf(
			"runtime option \"packagemanager\" must be one of auto, npm, yarn or pnpm, got %q", opts.packagemanager)
	}

	args, err := splitArgs(nodeargs)
	if err != nil {
		return runtimeOptions{}, fmt.Errorf("runtime option \"nodeargs\": %w", err)
	}
	opts.nodeargs = args
	return opts, nil
}

// splitArgs splits a command line the way a POSIX shell would split words:
// whitespace separates words, single quotes keep everything literally, double
// quotes keep whitespace, and a backslash escapes the next character (outside
// single quotes).
func splitArgs(s string) ([]string, error) {
	var (
		args    []string
		cur     strings.Builder
		inWord  bool
		quote   rune // 0, '\'' or '"'
		escaped bool
	)
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\\':
			escaped, inWord = true, true
		case quote == '"':
			if r == '"' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if escaped {
		return nil, fmt.Errorf("trailing backslash in %q", s)
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote in %q", quote, s)
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

package main

import (
	"reflect"
	"testing"
)

func TestParseRuntimeOptionsDefaults(t *testing.T) {
	opts, err := parseRuntimeOptions(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := runtimeOptions{typescript: true, packagemanager: "auto"}
	if !reflect.DeepEqual(opts, want) {
		t.Errorf("got %+v, want %+v", opts, want)
	}
}

func TestParseRuntimeOptions(t *testing.T) {
	opts, err := parseRuntimeOptions(map[string]any{
		"typescript":     false,
		"tsconfig":       "tsconfig.pulumi.json",
		"nodeargs":       "--inspect --title 'my program'",
		"packagemanager": "pnpm",
		"production":     true,
		"unknown":        42,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := runtimeOptions{
		typescript:     false,
		tsconfig:       "tsconfig.pulumi.json",
		nodeargs:       []string{"--inspect", "--title", "my program"},
		packagemanager: "pnpm",
		production:     true,
	}
	if !reflect.DeepEqual(opts, want) {
		t.Errorf("got %+v, want %+v", opts, want)
	}
}

func TestParseRuntimeOptionsErrors(t *testing.T) {
	for _, raw := range []map[string]any{
		{"typescript": "yes"},
		{"tsconfig": true},
		{"nodeargs": 1.0},
		{"nodeargs": `"unterminated`},
		{"packagemanager": "bun"},
		{"production": "true"},
	} {
		if _, err := parseRuntimeOptions(raw); err == nil {
			t.Errorf("%v: expected an error", raw)
		}
	}
}

func TestSplitArgs(t *testing.T) {
	for in, want := range map[string][]string{
		"":                        nil,
		"   ":                     nil,
		"a b\tc":                  {"a", "b", "c"},
		`--x="a b" 'c d'`:         {"--x=a b", "c d"},
		`a\ b`:                    {"a b"},
		`"it's" 'say "hi"'`:       {"it's", `say "hi"`},
		`''`:                      {""},
		`"a\"b"`:                  {`a"b`},
		"--require ./setup.js  x": {"--require", "./setup.js", "x"},
	} {
		got, err := splitArgs(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{`"a`, `'a`, `a\`} {
		if _, err := splitArgs(bad); err == nil {
			t.Errorf("%q: expected an error", bad)
		}
	}
}

func TestInstallCommand(t *testing.T) {
	for _, c := range []struct {
		opts runtimeOptions
		name string
		args []string
	}{
		{runtimeOptions{packagemanager: "auto"}, "npm", []string{"install"}},
		{runtimeOptions{packagemanager: "npm", production: true}, "npm", []string{"install", "--omit=dev"}},
		{runtimeOptions{packagemanager: "yarn", production: true}, "yarn", []string{"install", "--production"}},
		{runtimeOptions{packagemanager: "pnpm"}, "pnpm", []string{"install"}},
	} {
		name, args := installCommand(c.opts)
		if name != c.name || !reflect.DeepEqual(args, c.args) {
			t.Errorf("%+v: got %s %q, want %s %q", c.opts, name, args, c.name, c.args)
		}
	}
}

package main

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestResourcePackages(t *testing.T) {
	dir := t.TempDir()
	nm := filepath.Join(dir, "node_modules")

	// The program's own package.json is not under node_modules: ignored.
	writeFile(t, filepath.Join(dir, "package.json"),
		`{"name": "@pulumi/self", "version": "1.0.0", "pulumi": {"resource": true}}`)
	// A third-party provider with explicit plugin name, version and server.
	writeFile(t, filepath.Join(nm, "@muhlba91", "pulumi-proxmoxve", "package.json"), `{
		"name": "@muhlba91/pulumi-proxmoxve", "version": "8.6.0",
		"pulumi": {"resource": true, "name": "proxmoxve", "version": "8.6.0",
		           "server": "github://api.github.com/muhlba91/pulumi-proxmoxve"}}`)
	// A first-party provider, nested in another package's node_modules: name from the scope.
	writeFile(t, filepath.Join(nm, "dep", "node_modules", "@pulumi", "random", "package.json"),
		`{"name": "@pulumi/random", "version": "v4.16.0", "pulumi": {"resource": true}}`)
	// The SDK itself and ordinary packages are not plugins.
	writeFile(t, filepath.Join(nm, "@pulumi", "pulumi", "package.json"),
		`{"name": "@pulumi/pulumi", "version": "3.270.0"}`)
	writeFile(t, filepath.Join(nm, "zod", "package.json"), `{"name": "zod", "version": "4.6.7"}`)
	// A third-party resource package without pulumi.name is an error, not a plugin.
	writeFile(t, filepath.Join(nm, "broken", "package.json"),
		`{"name": "broken", "version": "1.0.0", "pulumi": {"resource": true}}`)
	// A parameterized package.
	writeFile(t, filepath.Join(nm, "@pulumi", "param", "package.json"), `{
		"name": "@pulumi/param", "version": "0.1.0",
		"pulumi": {"resource": true, "name": "terraform-provider", "version": "0.8.0",
		           "parameterization": {"name": "param", "version": "0.1.0", "value": "AQI="}}}`)
	// A nested policy pack is skipped entirely.
	writeFile(t, filepath.Join(dir, "policy", "PulumiPolicy.yaml"), "runtime: nodejs\n")
	writeFile(t, filepath.Join(dir, "policy", "node_modules", "@pulumi", "aws", "package.json"),
		`{"name": "@pulumi/aws", "version": "6.0.0", "pulumi": {"resource": true}}`)
	// A symlink loop must not hang the walk.
	if err := os.Symlink(dir, filepath.Join(nm, "loop")); err != nil {
		t.Fatal(err)
	}

	pkgs, err := resourcePackages(dir)
	if err == nil {
		t.Error("expected an error for the package without pulumi.name")
	}

	type row struct{ name, version, server, param string }
	var got []row
	for _, p := range pkgs {
		if p.Kind != "resource" {
			t.Errorf("%s: kind %q", p.Name, p.Kind)
		}
		r := row{p.Name, p.Version, p.Server, ""}
		if p.Parameterization != nil {
			r.param = p.Parameterization.Name + "@" + p.Parameterization.Version + ":" +
				string(p.Parameterization.Value)
		}
		got = append(got, r)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].name < got[j].name })
	want := []row{
		{"proxmoxve", "v8.6.0", "github://api.github.com/muhlba91/pulumi-proxmoxve", ""},
		{"random", "v4.16.0", "", ""},
		{"terraform-provider", "v0.8.0", "", "param@0.1.0:\x01\x02"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("package %d: got %v, want %v", i, got[i], want[i])
		}
	}
}

func TestResourcePackagesNoNodeModules(t *testing.T) {
	pkgs, err := resourcePackages(t.TempDir())
	if err != nil || len(pkgs) != 0 {
		t.Errorf("got %v, %v", pkgs, err)
	}
}

func TestInstalledVersion(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "node_modules", "@pulumi", "pulumi", "package.json"),
		`{"name": "@pulumi/pulumi", "version": "3.270.0"}`)
	sub := filepath.Join(dir, "src", "deep")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if v := installedVersion(sub, "@pulumi/pulumi"); v != "3.270.0" {
		t.Errorf("installedVersion = %q", v)
	}
	if v := installedVersion(sub, "typescript"); v != "" {
		t.Errorf("installedVersion(typescript) = %q, want empty", v)
	}
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// packageJSON is the part of a package.json this host reads.
type packageJSON struct {
	Name            string                  `json:"name"`
	Version         string                  `json:"version"`
	Pulumi          plugin.PulumiPluginJSON `json:"pulumi"`
	Dependencies    map[string]string       `json:"dependencies"`
	DevDependencies map[string]string       `json:"devDependencies"`
}

func readPackageJSON(path string) (packageJSON, error) {
	var pkg packageJSON
	b, err := os.ReadFile(path)
	if err != nil {
		return pkg, err
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		return pkg, fmt.Errorf("parsing %s: %w", path, err)
	}
	return pkg, nil
}

// resourcePackages walks programDir and reports every package found under a
// node_modules directory whose package.json declares `"pulumi": {"resource":
// true}`: these are the provider plugins the program needs. Symlinks are
// followed (each real directory is visited once) and nested policy packs are
// skipped. Errors on single
// packages are collected and returned next to whatever was found.
func resourcePackages(programDir string) ([]*pulumirpc.PackageDependency, error) {
	w := packageWalker{visited: map[string]bool{}}
	w.walk(programDir, false)
	return w.found, errors.Join(w.errs...)
}

type packageWalker struct {
	visited map[string]bool
	found   []*pulumirpc.PackageDependency
	errs    []error
}

func (w *packageWalker) walk(dir string, inNodeModules bool) {
	real, err := filepath.EvalSymlinks(dir)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		w.errs = append(w.errs, err)
		return
	}
	if w.visited[real] {
		return
	}
	w.visited[real] = true

	entries, err := os.ReadDir(dir)
	if err != nil {
		w.errs = append(w.errs, err)
		return
	}
	childInNodeModules := inNodeModules || filepath.Base(dir) == "node_modules"
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			fi, err := os.Stat(path)
			if err != nil {
				w.errs = append(w.errs, fmt.Errorf("following symlink %s: %w", path, err))
				continue
			}
			isDir = fi.IsDir()
		}
		switch {
		case isDir && isPolicyPack(path):
			// A nested policy pack's plugins are not the program's.
		case isDir:
			w.walk(path, childInNodeModules)
		case inNodeModules && e.Name() == "package.json":
			w.readPackage(path)
		}
	}
}

func isPolicyPack(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "PulumiPolicy.yaml"))
	return err == nil
}

func (w *packageWalker) readPackage(path string) {
	pkg, err := readPackageJSON(path)
	if err != nil {
		w.errs = append(w.errs, err)
		return
	}
	if !pkg.Pulumi.Resource {
		return
	}
	dep, err := packageDependency(pkg)
	if err != nil {
		w.errs = append(w.errs, fmt.Errorf("%s: %w", path, err))
		return
	}
	w.found = append(w.found, dep)
}

// packageDependency describes the provider plugin of a resource package.
func packageDependency(pkg packageJSON) (*pulumirpc.PackageDependency, error) {
	name := pkg.Pulumi.Name
	if name == "" {
		// Only first-party packages may leave the plugin name implicit.
		after, ok := strings.CutPrefix(pkg.Name, "@pulumi/")
		if !ok {
			return nil, fmt.Errorf("package %q must set \"pulumi.name\" in its package.json", pkg.Name)
		}
		name = after
	}
	version := pkg.Pulumi.Version
	if version == "" {
		version = pkg.Version
	}
	if version == "" {
		return nil, fmt.Errorf("package %q has no version", pkg.Name)
	}
	if !strings.HasPrefix(version, "v") {
		version = "v" + version
	}
	return &pulumirpc.PackageDependency{
		Name:             name,
		Kind:             "resource",
		Version:          version,
		Server:           pkg.Pulumi.Server,
		Parameterization: parameterization(pkg.Pulumi.Parameterization),
		Extension:        parameterization(pkg.Pulumi.ExtensionParameterization),
	}, nil
}

func parameterization(p *plugin.PulumiParameterizationJSON) *pulumirpc.PackageParameterization {
	if p == nil {
		return nil
	}
	return &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
}

// findUp returns the first directory, from dir upwards, containing name.
func findUp(dir, name string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// installedVersion is the version of the package `name` that Node's module
// resolution would find from dir, or "" if it is not installed.
func installedVersion(dir, name string) string {
	rel := filepath.Join("node_modules", filepath.FromSlash(name), "package.json")
	found := findUp(dir, rel)
	if found == "" {
		return ""
	}
	pkg, err := readPackageJSON(filepath.Join(found, rel))
	if err != nil {
		return ""
	}
	return pkg.Version
}

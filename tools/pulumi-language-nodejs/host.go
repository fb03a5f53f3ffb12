package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// languageHost serves the LanguageRuntime service for Node.js programs. Run
// lives in run.go; everything not implemented answers Unimplemented.
type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	tracing string

	mu            sync.Mutex
	engineAddress string
	// runCtx is the parent context of running programs. The Cancel RPC
	// cancels it, interrupting them, and replaces it with a fresh one: the
	// engine sends Cancel whenever it closes its plugin host, and a host it
	// attached to (PULUMI_DEBUG_LANGUAGES) outlives that and may run again.
	runCtx    context.Context
	cancelRun context.CancelFunc
}

func newLanguageHost(engineAddress, tracing string) *languageHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &languageHost{engineAddress: engineAddress, tracing: tracing, runCtx: ctx, cancelRun: cancel}
}

// runContext is the context that the Cancel RPC cancels.
func (h *languageHost) runContext() context.Context {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.runCtx
}

func (h *languageHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

// Handshake is how the engine passes its address when it attaches to an
// already running host (PULUMI_DEBUG_LANGUAGES) instead of starting one.
func (h *languageHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: pluginVersion()}, nil
}

// Cancel interrupts the programs currently running.
func (h *languageHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cancelRun()
	h.runCtx, h.cancelRun = context.WithCancel(context.Background())
	return &emptypb.Empty{}, nil
}

func (h *languageHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	pkgs, err := resourcePackages(req.GetInfo().GetProgramDirectory())
	if err != nil {
		// Like upstream: report what was found, only log the rest.
		logging.V(3).Infof("errors while looking for plugin packages: %v", err)
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

// GetRequiredPlugins is the deprecated form of GetRequiredPackages, kept for
// engines that still call it.
func (h *languageHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd() //nolint:staticcheck // fallback for old engines
	}
	pkgs, err := resourcePackages(dir)
	if err != nil {
		logging.V(3).Infof("errors while looking for plugin packages: %v", err)
	}
	plugins := make([]*pulumirpc.PluginDependency, 0, len(pkgs))
	for _, p := range pkgs {
		if p.GetParameterization() != nil {
			continue // not expressible as a plain plugin
		}
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Name: p.GetName(), Kind: p.GetKind(), Version: p.GetVersion(), Server: p.GetServer(),
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

// InstallDependencies runs the package manager's install, but only when the
// project has no node_modules yet: an installed tree is left as it is.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()

	opts, err := parseRuntimeOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return err
	}
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory() //nolint:staticcheck // fallback for old engines
	}
	root := findUp(dir, "package.json")
	if root == "" {
		fmt.Fprintf(stdout, "No package.json found from %s; nothing to install.\n", dir)
		return closer.Close()
	}
	if fi, err := os.Stat(filepath.Join(root, "node_modules")); err == nil && fi.IsDir() {
		fmt.Fprintf(stdout, "Dependencies already installed in %s (node_modules exists); skipping install.\n", root)
		return closer.Close()
	}

	name, args := installCommand(opts)
	fmt.Fprintf(stdout, "Installing dependencies in %s with %s %s...\n\n", root, name, strings.Join(args, " "))
	cmd := exec.CommandContext(server.Context(), name, args...)
	cmd.Dir = root
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s install failed: %w", name, err)
	}
	fmt.Fprintf(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

// installCommand is the package manager invocation for the runtime options.
func installCommand(opts runtimeOptions) (string, []string) {
	name := opts.packagemanager
	if name == "auto" || name == "" {
		name = "npm"
	}
	args := []string{"install"}
	if opts.production {
		switch name {
		case "npm":
			args = append(args, "--omit=dev")
		case "yarn":
			args = append(args, "--production")
		case "pnpm":
			args = append(args, "--prod")
		}
	}
	return name, args
}

// GetProgramDependencies lists the direct dependencies from the project's
// package.json, with the installed version when there is one and the declared
// range otherwise. Transitive dependencies are not listed.
func (h *languageHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd() //nolint:staticcheck // fallback for old engines
	}
	root := findUp(dir, "package.json")
	if root == "" {
		return nil, fmt.Errorf("no package.json found from %s", dir)
	}
	pkg, err := readPackageJSON(filepath.Join(root, "package.json"))
	if err != nil {
		return nil, err
	}
	declared := map[string]string{}
	for name, rng := range pkg.DevDependencies {
		declared[name] = rng
	}
	for name, rng := range pkg.Dependencies {
		declared[name] = rng
	}
	names := make([]string, 0, len(declared))
	for name := range declared {
		names = append(names, name)
	}
	slices.Sort(names)

	deps := make([]*pulumirpc.DependencyInfo, 0, len(names))
	for _, name := range names {
		v := installedVersion(root, name)
		if v == "" {
			v = declared[name]
		}
		deps = append(deps, &pulumirpc.DependencyInfo{Name: name, Version: v})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}

// About describes the node runtime used for programs.
func (h *languageHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the $PATH: %w", err)
	}
	if abs, err := filepath.Abs(nodeBin); err == nil {
		nodeBin = abs
	}
	metadata := map[string]string{"packagemanager": "npm"}
	if v := commandVersion(ctx, "npm"); v != "" {
		metadata["packagemanagerVersion"] = v
	}
	if dir := req.GetInfo().GetProgramDirectory(); dir != "" {
		if v := installedVersion(dir, "typescript"); v != "" {
			metadata["typescriptVersion"] = v
		}
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    commandVersion(ctx, nodeBin),
		Metadata:   metadata,
	}, nil
}

// commandVersion is the trimmed output of `name --version`, or "" on failure.
func commandVersion(ctx context.Context, name string) string {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, "--version").Output()
	if err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			logging.V(5).Infof("%s --version: %v", name, err)
		}
		return ""
	}
	return strings.TrimSpace(string(out))
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const (
	// runModule is the script in @pulumi/pulumi that loads and runs a program.
	// PULUMI_LANGUAGE_NODEJS_RUN_PATH overrides it, as for the upstream host.
	runModule = "@pulumi/pulumi/cmd/run"

	// exitCodeAlreadyReported is the exit code the run script uses when it has
	// already shown the user an error; the engine should then just stop.
	exitCodeAlreadyReported = 32
)

// Run runs the program once against the engine's resource monitor.
//
// Errors that concern the program (node missing, SDK not installed, the
// program failing) are returned in RunResponse.Error so that the engine shows
// them as an ordinary deployment error; gRPC errors are kept for misuse of the
// protocol.
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	engineAddress := h.engine()
	if engineAddress == "" {
		return nil, errors.New("no engine address: pass it as the plugin's argument or call Handshake before Run")
	}
	info := req.GetInfo()
	if info == nil {
		return nil, errors.New("RunRequest has no program info")
	}
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "this Node.js language host does not support attaching a debugger"}, nil
	}

	opts, err := parseRuntimeOptions(info.GetOptions().AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not find node on the $PATH: %v", err)}, nil
	}
	runScript, err := resolveModule(ctx, nodeBin, info.GetProgramDirectory(), runModulePath())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args, env, err := nodeCommand(req, opts, runScript, engineAddress, h.tracing, os.Environ())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	logging.V(5).Infof("launching %s %s", nodeBin, strings.Join(args, " "))
	return h.runNode(ctx, nodeBin, args, env), nil
}

func runModulePath() string {
	if p := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); p != "" {
		return p
	}
	return runModule
}

// resolveModule asks node where `require(module)` would load from, starting in
// dir, so that hoisted or workspace node_modules are found as Node finds them.
func resolveModule(ctx context.Context, nodeBin, dir, module string) (string, error) {
	const script = `try { console.log(require.resolve(process.argv[1])); } catch (e) {
  if (e.code === "MODULE_NOT_FOUND") {
    console.error("It looks like the Pulumi SDK has not been installed. Have you run pulumi install?");
  } else {
    console.error(e.message);
  }
  process.exit(1);
}`
	cmd := exec.CommandContext(ctx, nodeBin, "-e", script, module)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", fmt.Errorf("resolving %s: %w", module, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// nodeCommand builds the node arguments (without the node binary itself) and
// the environment for running a program, following the contract of
// @pulumi/pulumi's cmd/run: flags for the engine connection and deployment
// settings, the entry point and its arguments, and the configuration in
// PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS.
func nodeCommand(
	req *pulumirpc.RunRequest, opts runtimeOptions, runScript, engineAddress, tracing string, baseEnv []string,
) (args, env []string, err error) {
	args = append(args, opts.nodeargs...)
	args = append(args, runScript)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	info := req.GetInfo()
	flag("monitor", req.GetMonitorAddress())
	flag("engine", engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("root-directory", info.GetRootDirectory())
	flag("stack", req.GetStack())
	flag("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flag("parallel", strconv.Itoa(int(req.GetParallel())))
	flag("tracing", tracing)
	entryPoint := info.GetEntryPoint()
	if entryPoint == "" {
		entryPoint = "."
	}
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	cfg, err := configJSON(req.GetConfig())
	if err != nil {
		return nil, nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	keys, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, nil, err
	}

	env = append(env, baseEnv...)
	env = append(env, "PULUMI_CONFIG="+cfg, "PULUMI_CONFIG_SECRET_KEYS="+string(keys))
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	return args, env, nil
}

// configJSON serialises the stack configuration for PULUMI_CONFIG. Keys are
// written in the `<namespace>:config:<name>` form, which every @pulumi/pulumi
// version understands.
func configJSON(cfg map[string]string) (string, error) {
	out := make(map[string]string, len(cfg))
	for k, v := range cfg {
		key, err := config.ParseKey(k)
		if err != nil {
			return "", fmt.Errorf("invalid configuration key: %w", err)
		}
		out[key.Namespace()+":config:"+key.Name()] = v
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// runNode runs node to completion and turns its exit into a RunResponse. The
// process gets SIGINT when the Run call is abandoned or Cancel is called, and
// is killed if it has not exited five seconds later.
func (h *languageHost) runNode(ctx context.Context, nodeBin string, args, env []string) *pulumirpc.RunResponse {
	cmdCtx, cancel := context.WithCancel(h.runContext())
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()

	cmd := exec.CommandContext(cmdCtx, nodeBin, args...)
	cmd.Env = env
	// Not *os.File: node may switch a file descriptor it inherits to
	// non-blocking mode, which would also affect ours. With a plain writer,
	// exec copies through a pipe, and Wait returns only once all output has
	// been copied.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second

	return runResponse(cmd.Run())
}

// runResponse maps the outcome of the node process to what the engine expects.
func runResponse(err error) *pulumirpc.RunResponse {
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err),
		}
	}
	if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program was terminated by signal: %v", ws.Signal())}
	}
	switch code := exitErr.ExitCode(); code {
	case exitCodeAlreadyReported:
		return &pulumirpc.RunResponse{Bail: true}
	case 0:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %v", exitErr)}
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}
	}
}

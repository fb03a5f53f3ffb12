package main

import (
	"encoding/json"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/types/known/structpb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func testRunRequest(t *testing.T, options map[string]any) *pulumirpc.RunRequest {
	t.Helper()
	opts, err := structpb.NewStruct(options)
	if err != nil {
		t.Fatal(err)
	}
	return &pulumirpc.RunRequest{
		Project:          "budgetcloud",
		Stack:            "dev",
		Organization:     "organization",
		MonitorAddress:   "127.0.0.1:4000",
		DryRun:           true,
		Parallel:         16,
		Args:             []string{"extra", "args"},
		Config:           map[string]string{"budgetcloud:foo": "bar", "proxmoxve:endpoint": "https://pve:8006"},
		ConfigSecretKeys: []string{"budgetcloud:foo"},
		Info: &pulumirpc.ProgramInfo{
			RootDirectory:    "/src/project",
			ProgramDirectory: "/src/project/infra",
			EntryPoint:       "index.ts",
			Options:          opts,
		},
	}
}

func envValue(env []string, key string) (string, bool) {
	val, found := "", false
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			val, found = v, true // last one wins, as for exec.Cmd
		}
	}
	return val, found
}

func TestNodeCommandArgs(t *testing.T) {
	req := testRunRequest(t, map[string]any{"nodeargs": "--max-old-space-size=4096 --enable-source-maps"})
	opts, err := parseRuntimeOptions(req.Info.Options.AsMap())
	if err != nil {
		t.Fatal(err)
	}
	args, _, err := nodeCommand(req, opts, "/nm/@pulumi/pulumi/cmd/run/index.js", "127.0.0.1:5000", "http://zipkin", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"--max-old-space-size=4096", "--enable-source-maps",
		"/nm/@pulumi/pulumi/cmd/run/index.js",
		"--monitor", "127.0.0.1:4000",
		"--engine", "127.0.0.1:5000",
		"--organization", "organization",
		"--project", "budgetcloud",
		"--root-directory", "/src/project",
		"--stack", "dev",
		"--pwd", "/src/project/infra",
		"--dry-run",
		"--parallel", "16",
		"--tracing", "http://zipkin",
		"index.ts",
		"extra", "args",
	}
	if !reflect.DeepEqual(args, want) {
		t.Errorf("args:\n got %q\nwant %q", args, want)
	}
}

func TestNodeCommandMinimalArgs(t *testing.T) {
	req := &pulumirpc.RunRequest{
		MonitorAddress: "127.0.0.1:4000",
		Info:           &pulumirpc.ProgramInfo{ProgramDirectory: "/p"},
	}
	opts, _ := parseRuntimeOptions(nil)
	args, env, err := nodeCommand(req, opts, "run.js", "127.0.0.1:5000", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"run.js", "--monitor", "127.0.0.1:4000", "--engine", "127.0.0.1:5000",
		"--pwd", "/p", "--parallel", "0", "."}
	if !reflect.DeepEqual(args, want) {
		t.Errorf("args:\n got %q\nwant %q", args, want)
	}
	if v, _ := envValue(env, "PULUMI_CONFIG"); v != "{}" {
		t.Errorf("PULUMI_CONFIG = %q, want {}", v)
	}
	if v, _ := envValue(env, "PULUMI_CONFIG_SECRET_KEYS"); v != "[]" {
		t.Errorf("PULUMI_CONFIG_SECRET_KEYS = %q, want []", v)
	}
}

func TestNodeCommandEnv(t *testing.T) {
	req := testRunRequest(t, map[string]any{"tsconfig": "tsconfig.pulumi.json"})
	opts, err := parseRuntimeOptions(req.Info.Options.AsMap())
	if err != nil {
		t.Fatal(err)
	}
	base := []string{"PATH=/bin", "PULUMI_CONFIG=stale"}
	_, env, err := nodeCommand(req, opts, "run.js", "e", "", base)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := envValue(env, "PATH"); v != "/bin" {
		t.Errorf("PATH not inherited: %q", v)
	}

	var cfg map[string]string
	v, _ := envValue(env, "PULUMI_CONFIG")
	if err := json.Unmarshal([]byte(v), &cfg); err != nil {
		t.Fatalf("PULUMI_CONFIG %q: %v", v, err)
	}
	wantCfg := map[string]string{
		"budgetcloud:config:foo":    "bar",
		"proxmoxve:config:endpoint": "https://pve:8006",
	}
	if !reflect.DeepEqual(cfg, wantCfg) {
		t.Errorf("PULUMI_CONFIG = %v, want %v", cfg, wantCfg)
	}
	if v, _ := envValue(env, "PULUMI_CONFIG_SECRET_KEYS"); v != `["budgetcloud:foo"]` {
		t.Errorf("PULUMI_CONFIG_SECRET_KEYS = %q", v)
	}
	if v, _ := envValue(env, "PULUMI_NODEJS_TYPESCRIPT"); v != "true" {
		t.Errorf("PULUMI_NODEJS_TYPESCRIPT = %q, want true (the default)", v)
	}
	if v, _ := envValue(env, "PULUMI_NODEJS_TSCONFIG_PATH"); v != "tsconfig.pulumi.json" {
		t.Errorf("PULUMI_NODEJS_TSCONFIG_PATH = %q", v)
	}
}

func TestNodeCommandPlainJavaScript(t *testing.T) {
	req := testRunRequest(t, map[string]any{"typescript": false})
	opts, err := parseRuntimeOptions(req.Info.Options.AsMap())
	if err != nil {
		t.Fatal(err)
	}
	_, env, err := nodeCommand(req, opts, "run.js", "e", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := envValue(env, "PULUMI_NODEJS_TYPESCRIPT"); ok {
		t.Error("PULUMI_NODEJS_TYPESCRIPT set although typescript is false")
	}
	if _, ok := envValue(env, "PULUMI_NODEJS_TSCONFIG_PATH"); ok {
		t.Error("PULUMI_NODEJS_TSCONFIG_PATH set without a tsconfig option")
	}
}

func TestNodeCommandBadConfigKey(t *testing.T) {
	req := &pulumirpc.RunRequest{Config: map[string]string{"nonamespace": "x"}, Info: &pulumirpc.ProgramInfo{}}
	opts, _ := parseRuntimeOptions(nil)
	if _, _, err := nodeCommand(req, opts, "run.js", "e", "", nil); err == nil {
		t.Error("expected an error for a key without namespace")
	}
}

func TestRunResponse(t *testing.T) {
	exit := func(code string) error { return exec.Command("sh", "-c", "exit "+code).Run() }

	if r := runResponse(nil); r.Error != "" || r.Bail {
		t.Errorf("success: %v", r)
	}
	if r := runResponse(exit("32")); r.Error != "" || !r.Bail {
		t.Errorf("exit 32 should bail silently: %v", r)
	}
	if r := runResponse(exit("1")); r.Error != "Program exited with non-zero exit code: 1" || r.Bail {
		t.Errorf("exit 1: %v", r)
	}
	if r := runResponse(exec.Command("sh", "-c", "kill -TERM $$").Run()); !strings.Contains(r.Error, "signal") {
		t.Errorf("signal: %v", r)
	}
	if r := runResponse(exec.Command("/nonexistent/node").Run()); !strings.HasPrefix(r.Error, "Problem executing program") {
		t.Errorf("start failure: %v", r)
	}
}

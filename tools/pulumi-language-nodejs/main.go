// Command pulumi-language-nodejs is a small stand-in for Pulumi's Node.js
// language host. The Pulumi CLI starts it as the "nodejs" language plugin; it
// serves the LanguageRuntime gRPC service and runs Pulumi programs by handing
// them to the `cmd/run` script shipped in the program's own @pulumi/pulumi
// package. See README.md for why it exists and what it leaves out.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is reported by GetPluginInfo and --version. It can be fixed at build
// time with -ldflags "-X main.version=3.270.0"; when empty, the version of the
// @pulumi/pulumi package installed for the program is reported instead.
var version string

func main() {
	// The engine launches plugins as:
	//   pulumi-language-nodejs [--logtostderr] [-v=N] [--tracing URL] ENGINE_ADDRESS
	// --logtostderr and -v are registered on the default flag set by the
	// logging package (glog flags).
	tracing := flag.String("tracing", "", "Zipkin-compatible tracing endpoint, passed on to the Node.js program")
	showVersion := flag.Bool("version", false, "print the plugin version and exit")
	flag.Parse()
	logging.InitLogging(false, 0, false)

	if *showVersion {
		fmt.Println(pluginVersion())
		return
	}

	engineAddress := flag.Arg(0)

	// Stop serving on Ctrl-C, or when the engine stops answering health checks.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, stop); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check of the engine: %w", err))
		}
	}
	cancel := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancel)
	}()

	host := newLanguageHost(engineAddress, *tracing)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host gRPC server: %w", err))
	}

	// The engine reads the port from our first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host stopped serving: %w", err))
	}
}

// pluginVersion is the -ldflags version if set, else the version of the
// @pulumi/pulumi package visible from the working directory (the engine starts
// the plugin in the project directory), else "0.0.0".
func pluginVersion() string {
	if version != "" {
		return version
	}
	if wd, err := os.Getwd(); err == nil {
		if v := installedVersion(wd, "@pulumi/pulumi"); v != "" {
			return v
		}
	}
	return "0.0.0"
}

/** Runs a command-line entry point: a failure prints its message, without a stack, and exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

/** Stops the emulators on Ctrl-C or SIGTERM, then exits. */
export function stopOnSignal(stop: () => Promise<unknown>): void {
  const shutdown = () => {
    console.log("stopping");
    stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

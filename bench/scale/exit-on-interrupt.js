// Preloaded into the profiled run's Node.js processes: Pulumi stops its plugins with SIGINT, on
// which Node.js would end without writing the --cpu-prof profile that an orderly exit writes.
process.on("SIGINT", () => process.exit(130));

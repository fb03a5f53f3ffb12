import type { EngineEvent } from "@pulumi/pulumi/automation";
import { urnName, urnType } from "./urn";

/**
 * The run's warnings and errors, grouped under their resource the way `pulumi preview` prints them
 * without `--diff`: with it, the CLI leaves them out of its output, so the comment carries them.
 * Messages come from the engine, which has already masked the stack's secret config values in them.
 */
export function warningsAndErrors(events: EngineEvent[], project: string, stack: string): string {
  const byResource = new Map<string, string[]>();
  for (const event of events) {
    const diagnostic = event.diagnosticEvent;
    if (!diagnostic || diagnostic.ephemeral || (diagnostic.severity !== "warning" && diagnostic.severity !== "error")) {
      continue;
    }
    // Messages the program logs without a resource belong to the stack, as the CLI shows them.
    const resource = diagnostic.urn
      ? `${urnType(diagnostic.urn)} (${urnName(diagnostic.urn)})`
      : `pulumi:pulumi:Stack (${project}-${stack})`;
    const lines = `${diagnostic.prefix ?? ""}${diagnostic.message.trimEnd()}`.split("\n").map((line) => `    ${line}`);
    byResource.set(resource, [...(byResource.get(resource) ?? []), ...lines]);
  }
  return [...byResource].map(([resource, lines]) => [`${resource}:`, ...lines].join("\n")).join("\n\n");
}

import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { Topology } from "../../plan/topology";
import { codeBlock } from "./markdown";
import { markLegend, mermaidTopology } from "./mermaid-topology";
import { topologyMarks } from "./topology-marks";

/** A topology of more elements than this is folded away: the table is what a reviewer reads first. */
const foldAbove = 20;
/** A topology whose diagram would take more room than this is left to `make diagram`. */
const diagramShare = 20_000;

/**
 * The comment's picture of the stack after the change: a Mermaid flowchart with what the preview
 * adds, changes and removes marked, folded under a <details> when the cloud is large.
 */
export function topologyBlock(topology: Topology, events: EngineEvent[]): string {
  const steps = events.flatMap((event) =>
    event.resourcePreEvent?.metadata.logical === true ? [event.resourcePreEvent.metadata] : [],
  );
  const marks = topologyMarks(topology, steps);
  const diagram = mermaidTopology(topology, marks);
  const heading = `Topology of stack ${topology.environment} after this change (${marks.size} marked)`;
  if (diagram.length > diagramShare)
    return `**${heading}**: too large for a comment; \`make diagram STACK=<stack>\` draws it.`;
  const body = `${codeBlock(diagram, "mermaid")}\n\n${markLegend}`;
  const elements =
    topology.routers.length + topology.hypervisors.length + topology.tenants.length + topology.vms.length;
  if (elements <= foldAbove) return `**${heading}**\n\n${body}`;
  return `<details>\n<summary>${heading}</summary>\n\n${body}\n\n</details>`;
}

import type { EngineEvent, OpMap } from "@pulumi/pulumi/automation";
import type { Topology } from "../../plan/topology";
import { commentMarker } from "./comment-marker";
import { warningsAndErrors } from "./diagnostics";
import { fitOutput } from "./fit-output";
import { codeBlock, codeSpan, tableRow } from "./markdown";
import type { PropertyChange } from "./property-changes";
import { formatValue } from "./property-value";
import { isFlagged, type ResourceChange, resourceChanges } from "./resource-changes";
import { topologyBlock } from "./topology-block";

/** One run of `pulumi preview`, as the comment tells it. */
export interface PreviewReport {
  project: string;
  stack: string;
  events: EngineEvent[];
  /** What the CLI printed; when the preview failed, its errors too. */
  output: string;
  failed: boolean;
  /** The stack's topology from its config as the change leaves it; absent when the config does not plan. */
  topology?: Topology;
}

/** GitHub refuses a comment over 65,536 characters; the margin is for what the API adds. */
export const commentLimit = 64_000;

// A table too long gives way to keep this much room for the output, its frame included; warnings
// beyond their share are trimmed like the output; a row lists this many properties at most.
const outputFloor = 3_000;
const diagnosticsShare = 8_000;
const propertiesPerRow = 10;

const tableHeader = [
  tableRow(["type", "name", "operation", "changed properties"]),
  tableRow(["---", "---", "---", "---"]),
];
const secretLegend = "[secret] stands for a secret's value, which this comment never shows, changed or not.";

/**
 * The comment for one stack's preview: what changes, counted and then resource by resource, the
 * warnings and errors, and the CLI's output folded away. Under 64,000 characters whatever the size
 * of the preview: the output is trimmed first, then the table, never the counts.
 */
export function renderComment(report: PreviewReport): string {
  const heading = `${commentMarker(report.stack)}\n### Pulumi preview of ${codeSpan(report.project)} on stack ${codeSpan(report.stack)}`;
  const diagnostics = warningsAndErrors(report.events, report.project, report.stack);
  const diagnosticsBlock = diagnostics
    ? [`**Warnings and errors**\n\n${codeBlock(fitOutput(diagnostics, diagnosticsShare).text, "text")}`]
    : [];
  if (report.failed) {
    const verdict =
      "**The preview failed**, for the reasons below. Nothing can be said about the changes until it passes.";
    return withOutput([heading, verdict, ...diagnosticsBlock], report.output, "open");
  }
  const changes = resourceChanges(report.events);
  const summary = [heading, counts(summaryOf(report.events))];
  const picture = report.topology ? [topologyBlock(report.topology, report.events)] : [];
  if (changes.length === 0) return withOutput([...summary, ...diagnosticsBlock, ...picture], report.output, "closed");
  const rows = changes.map(row);
  const legend = rows.some((line) => line.includes("[secret]")) ? [secretLegend] : [];
  const around = [...summary, tableHeader.join("\n"), ...legend, ...diagnosticsBlock, ...picture];
  const table = [...tableHeader, ...fitRows(rows, commentLimit - blocksLength(around) - outputFloor)].join("\n");
  return withOutput([...summary, table, ...legend, ...diagnosticsBlock, ...picture], report.output, "closed");
}

function summaryOf(events: EngineEvent[]): OpMap {
  return events.find((event) => event.summaryEvent)?.summaryEvent?.resourceChanges ?? {};
}

/** The engine's counts: creates, updates, replacements and deletions first, unchanged last. */
function counts(changes: OpMap): string {
  const order = ["create", "update", "replace", "delete"];
  const rank = (operation: string) => (order.includes(operation) ? order.indexOf(operation) : order.length);
  const operations = Object.entries(changes)
    .filter(([operation, count]) => operation !== "same" && (count ?? 0) > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const total = operations.reduce((sum, [, count]) => sum + (count ?? 0), 0);
  const unchanged = `${changes.same ?? 0} unchanged`;
  if (total === 0) return `**No changes.** ${unchanged}`;
  const parts = operations.map(([operation, count]) => `${count} to ${operation}`);
  return `**${total} change${total === 1 ? "" : "s"}:** ${[...parts, unchanged].join(" · ")}`;
}

function row(change: ResourceChange): string {
  const operation = isFlagged(change.operation) ? `⚠️ **${change.operation}**` : change.operation;
  return tableRow([codeSpan(change.type), codeSpan(change.name), operation, properties(change.properties)]);
}

function properties(changes: PropertyChange[]): string {
  const shown = changes.slice(0, propertiesPerRow).map(property);
  const hidden = changes.length - shown.length;
  return [...shown, ...(hidden > 0 ? [`… ${hidden} more`] : [])].join("<br>");
}

function property(change: PropertyChange): string {
  const [old, now] = [formatValue(change.old), formatValue(change.new)];
  // Two secrets look alike whether or not they differ: one is all there is to show.
  const values = old === now ? now : `${old} → ${now}`;
  const menu = change.menu === undefined ? "" : ` (${change.menu})`;
  return `${codeSpan(change.path)}${menu}: ${values}${change.forcesReplacement ? " (forces replacement)" : ""}`;
}

/** As many rows as the budget holds, the flagged ones being first, and a last row saying how many are left out. */
function fitRows(rows: string[], budget: number): string[] {
  if (rows.reduce((sum, line) => sum + line.length + 1, 0) <= budget) return rows;
  const leftOut = (count: number) => tableRow(["…", "", "", `${count} more resources; the job's log lists them all`]);
  const kept: string[] = [];
  let used = leftOut(rows.length).length + 1;
  for (const line of rows) {
    used += line.length + 1;
    if (used > budget) break;
    kept.push(line);
  }
  return [...kept, leftOut(rows.length - kept.length)];
}

/** The blocks, then the output folded away, trimmed to the room the comment has left. */
function withOutput(blocks: string[], output: string, state: "open" | "closed"): string {
  const summary = `${blocks.join("\n\n")}\n\n`;
  const whole = summary + details(state, output, "");
  if (whole.length <= commentLimit) return whole;
  const totalLines = output.split("\n").length;
  // The note saying what was trimmed takes room too: its longest form is set aside.
  const budget = output.length - (whole.length - commentLimit) - trimmedNote(totalLines, totalLines).length - 1;
  const fitted = fitOutput(output, budget);
  return summary + details(state, fitted.text, trimmedNote(fitted.trimmedLines, totalLines));
}

function trimmedNote(trimmedLines: number, totalLines: number): string {
  const limit = commentLimit.toLocaleString("en-US");
  return `, trimmed: ${trimmedLines} of ${totalLines} lines left out to keep this comment under ${limit} characters; the job's log has them all`;
}

function details(state: "open" | "closed", output: string, note: string): string {
  const summary = `<summary>Output of <code>pulumi preview --diff</code>${note}</summary>`;
  return `<details${state === "open" ? " open" : ""}>\n${summary}\n\n${codeBlock(output, "text")}\n\n</details>\n`;
}

function blocksLength(blocks: string[]): number {
  return blocks.reduce((sum, block) => sum + block.length + 2, 0);
}

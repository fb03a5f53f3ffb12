import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import { type PropertyChange, propertyChanges } from "./property-changes";
import { urnName } from "./urn";

/** A resource the preview would change, as one row of the comment's table. */
export interface ResourceChange {
  type: string;
  name: string;
  operation: OpType;
  properties: PropertyChange[];
}

// A replacement is also announced by its create-replacement and delete-replaced steps, which are
// not logical; reads and refreshes change nothing.
const unchanging = new Set<OpType>(["same", "read", "refresh"]);

/** What a reviewer must look at twice comes first: replacements, then deletions. */
const operationOrder: OpType[] = ["replace", "delete", "create", "update"];

/** The resources the preview would change, most destructive first, then by type and name. */
export function resourceChanges(events: EngineEvent[]): ResourceChange[] {
  return events
    .flatMap((event) => (event.resourcePreEvent ? [event.resourcePreEvent.metadata] : []))
    .filter((step) => step.logical === true && !unchanging.has(step.op) && !isDefaultProvider(step.type, step.urn))
    .map((step) => ({
      type: step.type,
      name: urnName(step.urn),
      operation: step.op,
      properties: propertyChanges(step),
    }))
    .sort((a, b) => rank(a.operation) - rank(b.operation) || compare(a.type, b.type) || compare(a.name, b.name));
}

export function isFlagged(operation: OpType): boolean {
  return operation === "replace" || operation === "delete";
}

function rank(operation: OpType): number {
  const position = operationOrder.indexOf(operation);
  return position === -1 ? operationOrder.length : position;
}

/** By code point, not locale, so every machine orders the table alike. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The engine's own default providers, which `pulumi preview` does not show either. */
function isDefaultProvider(type: string, urn: string): boolean {
  return type.startsWith("pulumi:providers:") && urnName(urn).startsWith("default");
}

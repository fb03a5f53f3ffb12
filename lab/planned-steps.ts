import type { OpType } from "@pulumi/pulumi/automation";
import type { LabUnderTest } from "./lab-under-test";

/**
 * The steps a run would take on the stack's resources, as `resource name → operation`, for every
 * step that is not `same`. (The default provider also shows an update when the config changes: it
 * is handed the whole config, and that is no change to any device.)
 */
export async function plannedSteps(lab: LabUnderTest, op: "preview" | "refresh"): Promise<Record<string, OpType>> {
  const steps: Record<string, OpType> = {};
  const onEvent = (event: { resourcePreEvent?: { metadata: { op: OpType; urn: string } } }) => {
    const step = event.resourcePreEvent?.metadata;
    if (step && step.op !== "same" && !step.urn.includes("::pulumi:providers:")) {
      steps[step.urn.split("::").at(-1) as string] = step.op;
    }
  };
  if (op === "preview") await lab.stack.preview({ onEvent });
  else await lab.stack.preview({ onEvent, refresh: true });
  return steps;
}

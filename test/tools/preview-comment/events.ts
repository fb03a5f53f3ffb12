import type { DiagnosticEvent, EngineEvent, OpMap, StepEventMetadata } from "@pulumi/pulumi/automation";

// Engine events as the CLI's event log carries them, written by hand for the pure rendering tests.

/** A secret as the engine's events write it: the signature, and the value blinded. */
export const secret = {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  ciphertext: "[secret]",
};
/** A value the preview cannot know yet. */
export const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const routerParents = "budgetcloud:cloud:Cloud$budgetcloud:network:Router$";

export function urn(type: string, name: string, parents = routerParents): string {
  return `urn:pulumi:prod::budgetcloud::${parents}${type}::${name}`;
}

interface Step {
  op: StepEventMetadata["op"];
  type: string;
  name: string;
  parents?: string;
  olds?: Record<string, unknown>;
  news?: Record<string, unknown>;
  oldOutputs?: Record<string, unknown>;
  logical?: boolean;
  more?: Partial<StepEventMetadata>;
}

export function preEvent(step: Step): EngineEvent {
  const at = urn(step.type, step.name, step.parents);
  const state = (properties: Record<string, unknown>, outputs: Record<string, unknown>) => ({
    type: step.type,
    urn: at,
    id: step.name,
    parent: "",
    provider: "",
    inputs: properties,
    outputs,
  });
  const metadata: StepEventMetadata = {
    op: step.op,
    urn: at,
    type: step.type,
    provider: "",
    ...(step.logical === false ? {} : { logical: true }),
    ...(step.olds ? { old: state(step.olds, step.oldOutputs ?? step.olds) } : {}),
    ...(step.news ? { new: state(step.news, {}) } : {}),
    ...step.more,
  };
  return { sequence: 0, timestamp: 0, resourcePreEvent: { metadata } };
}

export function summaryEvent(resourceChanges: OpMap): EngineEvent {
  return {
    sequence: 0,
    timestamp: 0,
    summaryEvent: { maybeCorrupt: false, durationSeconds: 7, resourceChanges, policyPacks: {} },
  };
}

export function diagnosticEvent(diagnostic: Omit<DiagnosticEvent, "color">): EngineEvent {
  return { sequence: 0, timestamp: 0, diagnosticEvent: { color: "never", ...diagnostic } };
}

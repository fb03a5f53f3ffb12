import { addressOf } from "../../config/addressing";
import type { StackConfig } from "../../config/schema";
import {
  type CheckLine,
  inboundChecks,
  internetChecks,
  loopbackReachability,
  ospfAdjacencies,
  segmentChecks,
  tenantPairs,
  unreachableLoopbacks,
  vmChecks,
} from "./checks";
import type { DeviceDump } from "./device-dump";
import { cutRingLink, ospfKeyMismatch, vrrpFailover } from "./faults";
import { type ClusterPower, hypervisorDies } from "./hypervisor-death";
import { managementServiceChecks, routerApiChecks } from "./management-plane";
import type { DataPlanePlan } from "./model";
import { DataPlane, run } from "./realize";
import { forwardAcceptsWithinIntent } from "./rule-intent";
import { planDataPlane } from "./topology";

export interface VerifyOptions {
  config: StackConfig;
  dump: DeviceDump;
  stateDir: string;
  faults: boolean;
  /** What the namespaces' names start with. */
  prefix?: string;
  /** The cluster's power and API, where the lab runs in this process: the hypervisor fault needs them. */
  power?: ClusterPower;
  /** Called with each group of lines as it is done, for a live report. */
  progress?: (lines: CheckLine[]) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until each VRRP address is held by exactly one router: the gateways have elected their masters. */
async function gatewaysElected(plan: DataPlanePlan, timeoutSeconds: number): Promise<void> {
  const addresses = [...new Set(plan.namespaces.flatMap((ns) => ns.vrrp.flatMap((v) => v.addresses.map(addressOf))))];
  const holders = (address: string) =>
    plan.namespaces.filter(
      (ns) =>
        ns.vrrp.length > 0 && run("ip", ["-n", ns.name, "-o", "address", "show", "to", `${address}/32`]).trim() !== "",
    ).length;
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline && !addresses.every((a) => holders(a) === 1)) await sleep(200);
}

/**
 * Builds the data plane from a dump (replacing one left from before), runs the acceptance checks
 * and, when asked, the faults; the data plane stays up for a look around until `destroy`.
 */
export async function verifyDataPlane(options: VerifyOptions): Promise<{ lines: CheckLine[]; plan: DataPlanePlan }> {
  const plan = planDataPlane(options.dump, options.config.links, options.prefix);
  const dataPlane = new DataPlane(options.stateDir);
  dataPlane.destroy();
  const lines: CheckLine[] = [];
  const report = (group: CheckLine[]) => {
    lines.push(...group);
    options.progress?.(group);
  };
  const started = Date.now();
  dataPlane.realize(plan);
  report(await ospfAdjacencies(plan, { since: started, timeoutSeconds: 60 }));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && (await unreachableLoopbacks(plan, 0.5)).length > 0) await sleep(200);
  report([
    {
      check: "convergence: every loopback reaches every loopback",
      from: "data plane built",
      to: "-",
      passed: true,
      detail: "time from building the namespaces and starting the daemons to a full mesh of answers",
      seconds: (Date.now() - started) / 1000,
    },
  ]);
  report(await loopbackReachability(plan));
  report(await segmentChecks(plan));
  await gatewaysElected(plan, 15);
  const context = { plan, config: options.config };
  report(await vmChecks(plan));
  report(await tenantPairs(context));
  report(await internetChecks(context));
  report(await inboundChecks(context));
  report(await routerApiChecks(context));
  report(await managementServiceChecks(context));
  report(forwardAcceptsWithinIntent(plan, options.config));
  if (options.faults) {
    report([await cutRingLink(plan)]);
    const vm = plan.namespaces.find((ns) => ns.role === "vm");
    if (vm) report(await vrrpFailover(plan, vm));
    report(await ospfKeyMismatch(plan));
    const underHa = new Set(options.config.vms.filter((vm) => vm.ha).map((vm) => vm.name));
    if (options.power) report(await hypervisorDies(plan, options.power, underHa));
  }
  return { lines, plan };
}

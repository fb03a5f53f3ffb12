import type { ClusterContext, Routes } from "./context";
import { readResourcesConfig, type ServiceConfig } from "./ha-config";
import type { ServiceStatus } from "./ha-files";
import { countActiveServices } from "./ha-lrm";
import type { HaKnobs } from "./ha-stack";

/**
 * /cluster/ha/status: what pve-ha-manager's src/PVE/API2/HA/Status.pm makes of the manager status
 * file, the LRMs' status files and the resources config. The cluster stays quorate (the lab never
 * lets it lose quorum) and HA is never disarmed.
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Perl's scalar localtime, as the status texts print a timestamp: "Thu Apr  2 17:58:13 2026". */
export function perlLocaltime(epochSeconds: number): string {
  const t = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
  return `${DAYS[t.getDay()]} ${MONTHS[t.getMonth()]} ${String(t.getDate()).padStart(2, " ")} ${time} ${t.getFullYear()}`;
}

/** Status.pm's $timestamp_to_status, by when the file was written (the lab's clocks never drift). */
function writtenStatus(now: number, writtenAt: number, staleMs: number): string {
  return now - writtenAt > staleMs ? "old timestamp - dead?" : "active";
}

/** PVE::HA::Tools::get_verbose_service_state: the CRM's state, as a user would read it. */
function verboseState(sd: ServiceStatus | undefined, sc: ServiceConfig | undefined): string {
  if (!sc) return "deleting";
  if (sc.state === "ignored") return "ignored";
  if (sc.node === undefined) return "not found";
  if (!sd) return "queued";
  if (sd.state === "stopped") {
    if (sc.state === "started") return "starting";
    if (sc.state === "disabled") return "disabled";
  } else if (sd.state === "started") {
    if (!sd.running) return "starting";
    if (sc.state === "stopped" || sc.state === "disabled") return "stopping";
  } else if (sd.state === "error" && sc.state === "disabled") return "clearing error flag";
  return sd.state;
}

function serviceEntry(sid: string, sc: ServiceConfig | undefined, sd: ServiceStatus | undefined) {
  const entry: Record<string, unknown> = { id: `service:${sid}`, type: "service", sid };
  const node = sd?.node ?? sc?.node;
  if (node !== undefined) entry.node = node;
  if (sd) entry.crm_state = sd.state;
  entry.state = verboseState(sd, sc);
  entry.status = `${sid} (${node ?? "---"}, ${entry.state})`;
  if (sc) {
    entry.request_state = sc.state;
    for (const key of ["group", "max_restart", "max_relocate", "failback", "comment"] as const) {
      if (sc[key] !== undefined) entry[key] = sc[key];
    }
  }
  return entry;
}

function current(ctx: ClusterContext, knobs: HaKnobs): Record<string, unknown>[] {
  const now = Date.now();
  const { manager, lrm, writtenAt } = ctx.state.ha;
  const age = (file: string) => writtenStatus(now, writtenAt.get(file) ?? 0, knobs.haStaleStatusMs);
  const configs = readResourcesConfig(ctx.state);
  const entries: Record<string, unknown>[] = [
    { id: "quorum", type: "quorum", node: ctx.localNode, status: "OK", quorate: 1 },
  ];
  const { master_node: master, timestamp } = manager;
  const crmActive = master !== undefined && timestamp !== undefined && age("manager") === "active";
  if (master !== undefined && timestamp !== undefined) {
    // a CRM with nothing to manage is idle rather than dead
    const status = crmActive || configs.size > 0 ? age("manager") : "idle";
    const text = `${master} (${status}, ${perlLocaltime(timestamp)})`;
    entries.push({ id: "master", type: "master", node: master, status: text, timestamp });
  }
  const armed = crmActive ? "armed" : "standby";
  entries.push({
    id: "fencing",
    type: "fencing",
    node: master ?? ctx.localNode,
    status: `${armed} (CRM watchdog ${crmActive ? "active" : "standby"})`,
    "armed-state": armed,
  });
  for (const node of Object.keys(manager.node_status).sort()) {
    const status = lrm.get(node);
    if (!status) {
      entries.push({ id: `lrm:${node}`, type: "lrm", node, status: `${node} (unable to read lrm status)` });
      continue;
    }
    let text = age(node);
    // the LRM holds its watchdog while it holds the agent lock
    const watchdog = text === "active" && status.state === "active" ? "watchdog active" : "watchdog standby";
    if (text === "active") {
      const idle = status.state === "wait_for_agent_lock" && !countActiveServices(manager.service_status, node);
      text = idle ? "idle" : status.state;
    }
    entries.push({
      id: `lrm:${node}`,
      type: "lrm",
      node,
      status: `${node} (${text}, ${watchdog}, ${perlLocaltime(status.timestamp)})`,
      timestamp: status.timestamp,
    });
  }
  const services = manager.service_status;
  for (const sid of Object.keys(services).sort()) entries.push(serviceEntry(sid, configs.get(sid), services[sid]));
  // and the resources the CRM has not taken up yet
  for (const sid of [...configs.keys()].sort()) {
    if (!services[sid]) entries.push(serviceEntry(sid, configs.get(sid), undefined));
  }
  return entries;
}

function managerStatus(ctx: ClusterContext) {
  const { manager, lrm } = ctx.state.ha;
  const lrmStatus = Object.fromEntries(
    Object.keys(manager.node_status)
      .sort()
      .map((node) => [node, lrm.get(node) ?? { mode: "unknown" }]),
  );
  return {
    manager_status: manager,
    quorum: { node: ctx.localNode, quorate: 1 },
    lrm_status: lrmStatus,
  };
}

export function haStatusRoutes(ctx: ClusterContext, knobs: HaKnobs): Routes {
  return {
    "GET /cluster/ha/status": () => ["current", "manager_status", "disarm-ha", "arm-ha"].map((name) => ({ name })),
    "GET /cluster/ha/status/current": () => current(ctx, knobs),
    "GET /cluster/ha/status/manager_status": () => managerStatus(ctx),
  };
}

import type { NamespacePlan, OspfPlan } from "./model";

/**
 * The data plane's OSPF timers, shorter than the devices' (10 s / 40 s) so that the lab converges
 * and detects a cut in seconds. Both ends of every adjacency get the same ones.
 */
export const OSPF_HELLO_SECONDS = 1;
export const OSPF_DEAD_SECONDS = 3;

/** The frr.conf of one namespace's zebra and ospfd (FRR 8.4). */
export function frrConfig(namespace: Pick<NamespacePlan, "device">, ospf: OspfPlan): string {
  const lines = ["frr defaults traditional", `hostname ${namespace.device}`, "log stdout warnings", "!"];
  for (const iface of ospf.interfaces) {
    lines.push(`interface ${iface.name}`, ` ip ospf area ${iface.area}`);
    if (iface.passive) lines.push(" ip ospf passive");
    else {
      if (iface.network === "point-to-point") lines.push(" ip ospf network point-to-point");
      lines.push(` ip ospf hello-interval ${OSPF_HELLO_SECONDS}`, ` ip ospf dead-interval ${OSPF_DEAD_SECONDS}`);
    }
    if (iface.cost !== undefined) lines.push(` ip ospf cost ${iface.cost}`);
    if (iface.priority !== undefined && iface.network === "broadcast" && !iface.passive) {
      // RouterOS counts priority to 255 from a default of 128; FRR takes the same range.
      lines.push(` ip ospf priority ${iface.priority}`);
    }
    if (iface.md5) {
      lines.push(
        " ip ospf authentication message-digest",
        ` ip ospf message-digest-key ${iface.md5.keyId} md5 ${iface.md5.key}`,
      );
    }
    lines.push("exit", "!");
  }
  lines.push("router ospf", ` ospf router-id ${ospf.routerId}`, "exit", "!");
  return `${lines.join("\n")}\n`;
}

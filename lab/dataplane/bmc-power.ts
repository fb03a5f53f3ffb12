import { labProxmoxClient } from "../../cli/proxmox-client";
import type { StackConfig } from "../../config/schema";
import { runningVms } from "./device-dump";
import type { ClusterPower } from "./hypervisor-death";

export interface BmcAccess {
  /** The Redfish service's base URL (`http://127.0.0.1:18443`); each node is a system named as the node. */
  endpoint: string;
  user: string;
  password: string;
}

/**
 * The hypervisors' power through their BMCs (Redfish `ComputerSystem.Reset`), and the cluster as
 * its API shows it: which node the API is served by (`local` in /cluster/status), and its running VMs.
 */
export async function clusterPower(
  config: StackConfig,
  proxmoxTokenSecret: string,
  bmc: BmcAccess,
  /** The most HA takes to start a dead node's VMs elsewhere, with the cluster's timings. */
  recoverySeconds: number,
): Promise<ClusterPower> {
  if (!config.proxmox) throw new Error("the stack has no Proxmox cluster whose nodes could lose their power");
  const client = labProxmoxClient(config.proxmox, proxmoxTokenSecret);
  const status = await client.get<{ type: string; name: string; local?: number }[]>("/cluster/status");
  const apiNode = status.find((entry) => entry.type === "node" && entry.local === 1)?.name;
  if (!apiNode) throw new Error(`${config.proxmox.endpoint} /cluster/status: no node is marked local`);
  const authorization = `Basic ${Buffer.from(`${bmc.user}:${bmc.password}`).toString("base64")}`;
  const reset = async (node: string, type: "ForceOff" | "On") => {
    const url = `${bmc.endpoint}/redfish/v1/Systems/${node}/Actions/ComputerSystem.Reset`;
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ ResetType: type }),
    });
    if (!response.ok) {
      const said = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
      throw new Error(`BMC of ${node}: ${type}: ${response.status} ${said?.error?.message ?? response.statusText}`);
    }
  };
  return {
    apiNode,
    cut: (node) => reset(node, "ForceOff"),
    restore: (node) => reset(node, "On"),
    runningVms: () => runningVms(client, true),
    recoverySeconds,
  };
}

import * as fs from "node:fs";
import * as path from "node:path";
import { lengthOf } from "../config/addressing";
import type { StackConfig } from "../config/schema";
import { hypervisorManagementAddress } from "../plan/management-path";
import { RedfishLab } from "./bmc/redfish";
import { DEFAULT_TEMPLATES } from "./proxmox/factory";
import { ProxmoxLab } from "./proxmox/lab";
import { READ_ONLY_PRIVILEGES } from "./proxmox/permissions";

const keys = path.join(__dirname, "keys");

/** The lab's API token that may write: what an up job's write set names (README, "Least privilege"). */
export const LAB_WRITE_TOKEN_ID = "budgetcloud@pve!pulumi";

/**
 * What a token that previews and refreshes needs: PVE's read privileges, and VM.Config.Disk, since
 * the proxmoxve plugin's refresh of a VM reads each disk's volume (GET …/content/{volume}), which
 * PVE guards with it. It is the one privilege of that token that could change something (a VM's
 * disks); budgetcloud's own objects read without it.
 */
export const PREVIEW_PRIVILEGES: readonly string[] = [...READ_ONLY_PRIVILEGES, "VM.Config.Disk"];

/**
 * The emulated Proxmox cluster a lab stack points at: its nodes, API port and token, the SSH port
 * of each node, and the keys in lab/keys that the stack pins or whose CA it trusts
 * (pve-root-ca.pem). The cluster keeps its state in
 * `stateDir`; its cloud-init templates are the stack's `templates`, each on the node it names.
 */
export function proxmoxClusterFor(
  config: StackConfig,
  tokenSecret: string,
  stateDir: string,
  /** Free ports instead of the stack's, for tests that set the stack to whatever the cluster got. */
  anyPorts = false,
): ProxmoxLab | undefined {
  if (!config.proxmox || config.hypervisors.length === 0) return undefined;
  fs.mkdirSync(stateDir, { recursive: true });
  // PVE signs each node's certificate with the cluster's own CA: a stack that trusts that CA gets
  // such a certificate; one that pins a fingerprint gets the certificate it pins.
  const certificate = config.proxmox.tls.ca ? "pve-ssl-ca-signed.json" : "pve-ssl.json";
  fs.copyFileSync(path.join(keys, certificate), path.join(stateDir, "pve-ssl.json"));
  for (const node of config.hypervisors) {
    fs.mkdirSync(path.join(stateDir, node.name), { recursive: true });
    const hostKey = path.join(node.name, "ssh_host_ed25519_key");
    fs.copyFileSync(path.join(keys, hostKey), path.join(stateDir, hostKey));
  }
  const sshPorts = config.hypervisors.map((h) => h.sshPort);
  if (!anyPorts && sshPorts.some((port, i) => port !== sshPorts[0] + i)) {
    throw new Error("the lab's hypervisors need consecutive sshPort values, in the order they are listed");
  }
  return new ProxmoxLab({
    nodes: config.hypervisors.map((h) => h.node ?? h.name),
    port: anyPorts ? 0 : Number(new URL(config.proxmox.endpoint).port),
    // The token that may write, and the stack's own where it is another: one that only reads.
    tokens: [
      { id: LAB_WRITE_TOKEN_ID, secret: tokenSecret },
      ...(config.proxmox.tokenId === LAB_WRITE_TOKEN_ID
        ? []
        : [{ id: config.proxmox.tokenId, secret: tokenSecret, privileges: PREVIEW_PRIVILEGES }]),
    ],
    sshAuthorizedKeys: [fs.readFileSync(path.join(keys, "snippets-client.pub"), "utf8").trim()],
    sshBasePort: anyPorts ? 0 : sshPorts[0],
    managementAddresses: Object.fromEntries(
      config.hypervisors.flatMap((h) => {
        const address = hypervisorManagementAddress(config, h);
        return address ? [[h.node ?? h.name, `${address}/${lengthOf(config.management.cidr)}`]] : [];
      }),
    ),
    nics: Object.fromEntries(config.hypervisors.map((h) => [h.node ?? h.name, h.interfaces.map((i) => i.name)])),
    templates: config.templates.map((t) => ({
      ...(DEFAULT_TEMPLATES.find((d) => d.name === t.name) ?? DEFAULT_TEMPLATES[0]),
      name: t.name,
      vmid: t.vmid,
      node: config.hypervisors.find((h) => h.name === t.node)?.node ?? t.node,
    })),
    stateDir,
  });
}

/** The account of the lab's BMCs; its password is the lab's Proxmox token secret. */
export const LAB_BMC_USER = "root";
/** Where `make lab` serves its BMCs' Redfish service, and where `make lab-verify` reaches it. */
export const LAB_BMC_PORT = 18443;

/**
 * The cluster's nodes' BMCs as one Redfish service: cutting a node's power there is the node dying
 * in the emulated cluster (its guests with it), powering it on is its boot.
 */
export function bmcFor(cluster: ProxmoxLab, password: string, port = 0): RedfishLab {
  return new RedfishLab({
    port,
    systems: cluster.state.nodes,
    user: LAB_BMC_USER,
    password,
    machine: {
      isOn: (node) => cluster.state.isOnline(node),
      powerOff: (node) => cluster.killNode(node),
      powerOn: (node) => cluster.reviveNode(node),
    },
  });
}

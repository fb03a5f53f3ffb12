import type { StackConfig } from "../config/schema";
import { ProxmoxClient } from "../providers/proxmox/client";

/** The client the lab's tools read a stack's Proxmox cluster with: its endpoint, token and pinned TLS. */
export function labProxmoxClient(proxmox: NonNullable<StackConfig["proxmox"]>, tokenSecret: string): ProxmoxClient {
  return new ProxmoxClient({
    url: proxmox.endpoint,
    tokenId: proxmox.tokenId,
    tokenSecret,
    tls: proxmox.tls,
    timeoutSeconds: 10,
    taskTimeoutSeconds: 60,
  });
}

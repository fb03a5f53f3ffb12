import { z } from "zod";
import { stackConfigSchema } from "../../../config/schema";
import { type ConfigSource, deviceLookup, stackKeys } from "../../shared/stack-config";
import type { HypervisorSsh } from "./sftp-session";

const proxmoxShape = stackConfigSchema.shape.proxmox.unwrap().shape;

/** What the provider process needs of the stack config to reach the snippets directories. */
const snippetsAccess = z.object({
  hypervisors: stackConfigSchema.shape.hypervisors,
  // Only the snippets keys: a stack without the Proxmox API section still has Proxmox's defaults.
  proxmox: z
    .object({ snippetsStorage: proxmoxShape.snippetsStorage, snippetsPath: proxmoxShape.snippetsPath })
    .prefault({}),
});

// Proxmox's snippets directory belongs to root.
const sshUser = "root";
const sshTimeoutSeconds = 20;

/** Where one hypervisor keeps its snippets, and how to get there. */
export interface SnippetsLocation {
  ssh: HypervisorSsh;
  /** The Proxmox storage holding snippets, as `local`. */
  storage: string;
  /** That storage's snippets directory on the node. */
  directory: string;
}

/** The `cicustom` volume id of a snippet, as `local:snippets/prod-sql14-1-user-data.yaml`. */
export const volumeOf = (location: SnippetsLocation, fileName: string) => `${location.storage}:snippets/${fileName}`;

/**
 * Snippet locations by hypervisor name, from the stack config handed to the provider process. The
 * SSH key is read there, at run time, so it never sits in a resource's state.
 */
export function snippetsLocationsFromConfig(get: ConfigSource): (node: string) => SnippetsLocation {
  const access = snippetsAccess.parse(stackKeys(get, ["hypervisors", "proxmox"]));
  const lookup = deviceLookup(
    access.hypervisors,
    {
      device: "hypervisor",
      key: "hypervisors",
      secret: "snippetsSshKey",
      unreachable: (node) => `snippets cannot be uploaded to ${node}`,
    },
    get("budgetcloud:snippetsSshKey"),
  );
  return (node) => {
    const { device: hypervisor, secret: privateKey } = lookup(node);
    return {
      ssh: {
        node,
        host: hypervisor.host,
        port: hypervisor.sshPort,
        hostKey: hypervisor.sshHostKey,
        username: sshUser,
        privateKey,
        timeoutSeconds: sshTimeoutSeconds,
      },
      storage: access.proxmox.snippetsStorage,
      directory: access.proxmox.snippetsPath,
    };
  };
}

import type * as pulumi from "@pulumi/pulumi";
import { providedResource } from "../../shared/declared-resource";
import { snippetType } from "./snippet";

export interface SnippetArgs {
  /** The hypervisor's name in the stack config (`budgetcloud:hypervisors`); its SSH endpoint is looked up there. */
  node: pulumi.Input<string>;
  /** The file in the node's snippets directory, as `prod-sql14-1-user-data.yaml`. */
  fileName: pulumi.Input<string>;
  /** The whole file. It is kept a secret whatever it is given as: user-data carries API keys. */
  content: pulumi.Input<string>;
}

/** A file in a Proxmox node's snippets storage, such as a VM's cloud-init user-data. */
export const Snippet = providedResource<
  SnippetArgs,
  {
    readonly node: pulumi.Output<string>;
    readonly fileName: pulumi.Output<string>;
    /** The volume id for `cicustom`, as `local:snippets/prod-sql14-1-user-data.yaml`. */
    readonly volume: pulumi.Output<string>;
    /** Where the file is on the node. */
    readonly path: pulumi.Output<string>;
    /** SHA-256 of the content (hex): a VM can take it as a trigger to rebuild its cloud-init drive. */
    readonly sha256: pulumi.Output<string>;
  }
>("snippets", snippetType, { computed: ["volume", "path", "sha256"], secretInputs: ["content"], namespace: "proxmox" });

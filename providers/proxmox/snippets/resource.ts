import * as pulumi from "@pulumi/pulumi";
import { runtimeProvider } from "../../shared/runtime-provider";
import { snippetType } from "./runtime";

export interface SnippetArgs {
  /** The hypervisor's name in the stack config (`budgetcloud:hypervisors`); its SSH endpoint is looked up there. */
  node: pulumi.Input<string>;
  /** The file in the node's snippets directory, as `prod-sql14-1-user-data.yaml`. */
  fileName: pulumi.Input<string>;
  /** The whole file. It is kept a secret whatever it is given as: user-data carries API keys. */
  content: pulumi.Input<string>;
}

const snippetProvider = runtimeProvider("snippets", snippetType);

/** A file in a Proxmox node's snippets storage, such as a VM's cloud-init user-data. */
export class Snippet extends pulumi.dynamic.Resource {
  declare readonly node: pulumi.Output<string>;
  declare readonly fileName: pulumi.Output<string>;
  /** The volume id for `cicustom`, as `local:snippets/prod-sql14-1-user-data.yaml`. */
  declare readonly volume: pulumi.Output<string>;
  /** Where the file is on the node. */
  declare readonly path: pulumi.Output<string>;
  /** SHA-256 of the content (hex): a VM can take it as a trigger to rebuild its cloud-init drive. */
  declare readonly sha256: pulumi.Output<string>;

  constructor(name: string, args: SnippetArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      snippetProvider,
      name,
      { ...args, content: pulumi.secret(args.content), volume: undefined, path: undefined, sha256: undefined },
      opts,
      "proxmox",
      snippetType,
    );
  }
}

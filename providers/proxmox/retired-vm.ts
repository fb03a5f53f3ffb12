import type * as pulumi from "@pulumi/pulumi";
import { vmsToTakeOver } from "../../tools/take-over/retired-vms";
import type { ProxmoxContext } from "./context";

/**
 * The resource type of the VMs budgetcloud made with its own provider until they moved to the
 * proxmoxve package's VmLegacy. Stacks from before the move still hold them: they refresh and
 * destroy as before until a run takes the VMs over (`make up`, `make lab`), and nothing makes new ones.
 */
export const retiredVmType = "Vm";

/**
 * A run that takes the VMs over lets go of the old resources: the package's resources hold the
 * VMs, their HA resources and rules now, and deleting the old ones must leave the cluster alone.
 */
export const takingOver = () => vmsToTakeOver(process.env).length > 0;

type Props = Record<string, unknown>;

interface ClusterVm {
  vmid: number;
  node: string;
  status?: string;
}

const vmidOf = (id: string) => Number(id.slice(id.lastIndexOf("/") + 1));

const moved = (name: unknown) =>
  new Error(
    `VM ${String(name)}: budgetcloud makes VMs with proxmoxve.VmLegacy now; ` +
      "run `make up STACK=<stack>` (or `make lab`), which takes the stack's VMs over without recreating them",
  );

export class RetiredVmEngine {
  constructor(private readonly env: ProxmoxContext) {}

  /** Whether the VM is still there, wherever HA has moved it; its settings are no longer compared. */
  async read(id: string, props: Props): Promise<{ id?: string; props: Props }> {
    const vm = await this.find(vmidOf(id));
    return vm ? { id, props } : { props };
  }

  diff(): pulumi.dynamic.DiffResult {
    return { changes: false };
  }

  create(props: Props): never {
    throw moved(props.name);
  }

  update(_id: string, _olds: Props, news: Props): never {
    throw moved(news.name);
  }

  /** Stops the VM and destroys it with its disks, and purges it from backup jobs, replication and HA. */
  async delete(id: string): Promise<void> {
    if (takingOver()) return;
    const client = this.env.client();
    this.env.cache.forget(client, "/cluster/resources");
    const vm = await this.find(vmidOf(id));
    if (!vm) return;
    const base = `/nodes/${vm.node}/qemu/${vm.vmid}`;
    if (vm.status === "running") await client.task("POST", `${base}/status/stop`);
    await client.task("DELETE", base, { purge: 1, "destroy-unreferenced-disks": 1 });
    this.env.cache.forget(client, "/cluster/resources");
  }

  private async find(vmid: number): Promise<ClusterVm | undefined> {
    const vms = await this.env.cache.get<ClusterVm[]>(this.env.client(), "/cluster/resources", { type: "vm" });
    return vms.find((vm) => vm.vmid === vmid);
  }
}

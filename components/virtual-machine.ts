import * as pulumi from "@pulumi/pulumi";
import type { VmPlan } from "../plan/proxmox-plan";
import * as proxmox from "../providers/proxmox/resources";
import { Snippet } from "../providers/proxmox/snippets/resource";

export interface JumpCloudSecrets {
  apiKey: pulumi.Input<string>;
  connectKey: pulumi.Input<string>;
  systemGroupId: string;
}

export interface VirtualMachineArgs {
  plan: VmPlan;
  /** What must stand before the VM is cloned: its storage, its tenant's vnet. */
  dependsOn?: pulumi.Resource[];
}

/**
 * A VM as budgetcloud builds it, whatever its OS: user-data uploaded as a snippet to its node, a
 * full clone of its template on Ceph with that snippet as cicustom, and HA with its node preferred.
 */
export abstract class VirtualMachine extends pulumi.ComponentResource {
  readonly vmid: pulumi.Output<number>;
  readonly fqdn: pulumi.Output<string>;

  protected constructor(
    type: string,
    name: string,
    args: VirtualMachineArgs,
    userData: (plan: VmPlan) => pulumi.Input<string>,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(type, name, {}, opts);
    const { plan } = args;
    const snippet = new Snippet(
      `${name}-user-data`,
      { node: plan.hypervisor, fileName: plan.snippetFile, content: userData(plan) },
      { parent: this },
    );
    const vm = new proxmox.Vm(
      name,
      {
        name: plan.name,
        vmid: plan.vmid,
        node: plan.node,
        template: plan.template,
        storage: plan.storage,
        diskSize: plan.diskSize,
        cores: plan.cores,
        memory: plan.memory,
        cicustom: pulumi.interpolate`user=${snippet.volume}`,
        ipconfig0: plan.ipconfig0,
        nameserver: plan.nameserver,
        searchdomain: plan.searchdomain,
        net0: plan.net0,
        agent: "1",
        onboot: plan.onboot,
        ostype: plan.ostype,
        ...(plan.citype ? { citype: plan.citype } : {}),
      },
      { parent: this, dependsOn: [snippet, ...(args.dependsOn ?? [])] },
    );
    if (plan.ha) {
      const ha = new proxmox.HaResource(
        `${name}-ha`,
        { sid: `vm:${plan.vmid}`, state: "started", comment: plan.fqdn },
        { parent: this, dependsOn: vm },
      );
      new proxmox.HaNodeAffinityRule(
        `${name}-ha-affinity`,
        { rule: `${plan.name}-affinity`, resources: [ha.sid], nodes: plan.ha.nodes, strict: false },
        { parent: this, dependsOn: ha },
      );
    }
    this.vmid = vm.vmid;
    this.fqdn = pulumi.output(plan.fqdn);
    this.registerOutputs({ vmid: this.vmid, fqdn: this.fqdn });
  }
}

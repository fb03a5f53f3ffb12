import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import type { VmPlan } from "../plan/proxmox-plan";
import type { JumpCloudRegistration, SnmpAgent } from "../providers/proxmox/snippets/render";
import { Snippet } from "../providers/proxmox/snippets/resource";

/** The stack's JumpCloud keys, for the VMs whose plan joins a JumpCloud group. */
export interface JumpCloudKeys {
  apiKey: pulumi.Input<string>;
  connectKey: pulumi.Input<string>;
}

/** The monitoring user's SNMPv3 passwords, for the VMs whose plan has an SNMP agent. */
export interface SnmpPasswords {
  auth: pulumi.Input<string>;
  priv: pulumi.Input<string>;
}

/** The secrets a VM's user-data is rendered with: each only when its plan needs it. */
export interface UserDataSecrets {
  jumpcloud?: JumpCloudRegistration;
  snmp?: SnmpAgent;
}

export interface VirtualMachineArgs {
  plan: VmPlan;
  /** The proxmoxve provider of the stack's cluster. */
  provider: proxmoxve.Provider;
  jumpcloudKeys?: JumpCloudKeys;
  snmpPasswords?: SnmpPasswords;
  /** What must stand before the VM is cloned: its storage, its tenant's vnet. */
  dependsOn?: pulumi.Resource[];
  /**
   * Take over the VM, its HA resource and rule as they stand on the cluster instead of cloning:
   * for a stack whose VMs an older budgetcloud made with its own provider (tools/take-over).
   */
  takeOver?: boolean;
}

/**
 * Properties the package's VM resource diffs although nothing changed or should change:
 * - `clone` matters only when the VM is made, and a VM taken over has none in its state; a new
 *   template is a new VM, by `pulumi up --replace`, never a surprise;
 * - `disks[0].speed`: the bridge reads a disk without limits as no speed block and plans one of
 *   zeros (test/providers/proxmox/upstream-vm.test.ts fails the day it stops).
 */
const settledProperties = ["clone", "disks[0].speed"];

/**
 * A VM as budgetcloud builds it, whatever its OS: user-data uploaded as a snippet to each node it
 * may run on, a full clone of its template on Ceph with that snippet as cicustom, and HA with its
 * node preferred.
 */
export abstract class VirtualMachine extends pulumi.ComponentResource {
  readonly vmid: pulumi.Output<number>;
  readonly fqdn: pulumi.Output<string>;

  protected constructor(
    type: string,
    name: string,
    args: VirtualMachineArgs,
    userData: (plan: VmPlan, secrets: UserDataSecrets) => string,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(type, name, {}, opts);
    const { plan, provider, takeOver, jumpcloudKeys, snmpPasswords } = args;
    const group = plan.setup.jumpcloudGroup;
    if (group !== undefined && !jumpcloudKeys) {
      throw new Error(`VM ${plan.name}: budgetcloud:jumpcloud is set but its keys are not given`);
    }
    const agent = plan.setup.snmp;
    if (agent && !snmpPasswords) {
      throw new Error(`VM ${plan.name}: budgetcloud:monitoring is set but the SNMPv3 passwords are not given`);
    }
    // The secrets go into the snippet's content alone, which its resource keeps as a secret.
    const content = pulumi
      .all([
        group !== undefined ? jumpcloudKeys?.apiKey : undefined,
        group !== undefined ? jumpcloudKeys?.connectKey : undefined,
        agent ? snmpPasswords?.auth : undefined,
        agent ? snmpPasswords?.priv : undefined,
      ])
      .apply(([apiKey, connectKey, authPassword, privPassword]) =>
        userData(plan, {
          ...(group !== undefined && apiKey !== undefined && connectKey !== undefined
            ? { jumpcloud: { apiKey, connectKey, systemGroupId: group } }
            : {}),
          ...(agent && authPassword !== undefined && privPassword !== undefined
            ? {
                snmp: {
                  user: agent.user.name,
                  authProtocol: agent.user.authProtocol,
                  privProtocol: agent.user.privProtocol,
                  authPassword,
                  privPassword,
                  location: agent.location,
                  contact: agent.contact,
                },
              }
            : {}),
        }),
      );
    const snippets = plan.snippetHypervisors.map(
      (hypervisor) =>
        new Snippet(
          `${name}-user-data-${hypervisor}`,
          { node: hypervisor, fileName: plan.snippetFile, content },
          // Stacks from before HA's other nodes held it named the own node's copy without its node.
          { parent: this, ...(hypervisor === plan.hypervisor ? { aliases: [{ name: `${name}-user-data` }] } : {}) },
        ),
    );
    const [snippet] = snippets;
    const vm = new proxmoxve.VmLegacy(
      name,
      {
        name: plan.name,
        nodeName: plan.node,
        vmId: plan.vmid,
        clone: { vmId: plan.template.vmid, nodeName: plan.template.node, full: true, datastoreId: plan.storage },
        // A node change in the stack moves the VM there (PVE migrates it) instead of recreating it.
        migrate: true,
        cpu: { cores: plan.cores },
        memory: { dedicated: plan.memory },
        disks: [{ interface: "scsi0", datastoreId: plan.storage, size: plan.diskSize }],
        networkDevices: [{ bridge: plan.bridge, model: "virtio", firewall: false }],
        initialization: {
          // On Ceph with the disks: a cloud-init drive on local storage would pin the VM to its node.
          datastoreId: plan.storage,
          ...(plan.citype ? { type: plan.citype } : {}),
          userDataFileId: snippet.volume,
          ipConfigs: [{ ipv4: { address: plan.address, gateway: plan.gateway } }],
          dns: { servers: plan.nameservers, domain: plan.domain },
        },
        operatingSystem: { type: plan.ostype },
        agent: { enabled: true },
        onBoot: plan.onboot,
        started: true,
        // No surprise reboots of a running VM: a change PVE can only apply at the next boot waits
        // for the operator's (PVE shows it pending), the take-over of an older stack's VM included.
        rebootAfterUpdate: false,
        stopOnDestroy: true,
        tags: plan.tags,
      },
      {
        parent: this,
        provider,
        dependsOn: [...snippets, ...(args.dependsOn ?? [])],
        ignoreChanges: settledProperties,
        // A protected stack's VM is never deleted or replaced by surprise: the engine refuses at preview.
        protect: plan.protect,
        ...(takeOver ? { import: `${plan.node}/${plan.vmid}` } : {}),
      },
    );
    if (plan.ha) {
      const sid = `vm:${plan.vmid}`;
      const ha = new proxmoxve.Haresource(
        `${name}-ha`,
        { resourceId: sid, state: "started", comment: plan.fqdn },
        { parent: this, provider, dependsOn: vm, ...(takeOver ? { import: sid } : {}) },
      );
      const rule = `${plan.name}-affinity`;
      new proxmoxve.Harule(
        `${name}-ha-affinity`,
        { rule, type: "node-affinity", resources: [ha.resourceId], nodes: plan.ha.nodes, strict: false },
        { parent: this, provider, ...(takeOver ? { import: rule } : {}) },
      );
    }
    this.vmid = vm.vmId.apply((id) => id ?? plan.vmid);
    this.fqdn = pulumi.output(plan.fqdn);
    this.registerOutputs({ vmid: this.vmid, fqdn: this.fqdn });
  }
}

import type * as pulumi from "@pulumi/pulumi";
import { type ProxmoxClient, PveError } from "./client";
import type { Environment } from "./environment";
import { parseProperty, sizeBytes } from "./fields";
import { changedFields, createParams, type Props, type Row, refreshedProps, rowValues, updateParams } from "./values";
import { vmConfig } from "./vm-config";

export interface VmProps extends Props {
  name: string;
  /** The node the VM is cloned onto. */
  node: string;
  /** The name of the template VM it is a full clone of. */
  template: string;
  /** The storage the clone's disks go to: the Ceph RBD storage. */
  storage: string;
  /** GiB of the boot disk; it can only grow. */
  diskSize: number;
  /** The boot disk, `scsi0` unless given. */
  disk?: string;
  /** Running, as the stack wants it; true unless given. */
  started?: boolean;
  /** The VM's id in the cluster: given by the stack, or else picked by the cluster (nextid) at create. */
  vmid?: number;
}

/** A VM where the cluster has it now: HA may have moved it off the node it was cloned onto. */
interface Placement {
  node: string;
  vmid: number;
  status: string;
}

interface ClusterVm {
  vmid: number;
  node: string;
  name?: string;
  status?: string;
  /** 1 for a template. */
  template?: number;
}

/** What makes a VM the clone it is: changing any of these means a new clone replaces it. */
const identity = (props: VmProps) => ({
  node: props.node,
  template: props.template,
  storage: props.storage,
  disk: props.disk ?? "scsi0",
});
const cloneAttempts = 3;
const gib = 2 ** 30;

/** Pulumi's id of a VM: the node it was cloned onto and its vmid, as `PVE-2/105`. */
export const vmId = (node: string, vmid: number) => `${node}/${vmid}`;
const vmidOf = (id: string) => Number(id.slice(id.lastIndexOf("/") + 1));

// One nextid-and-clone at a time per process: two clones asking nextid at once would get one vmid.
let cloning: Promise<unknown> = Promise.resolve();

/**
 * VMs as full clones of a cloud-init template: clone onto the node's Ceph storage, configure, grow
 * the disk, start. The settings are declared as data (`vm-config.ts`) and compared like any
 * declared object's; what is VM-specific (the clone, the disk, the power state) is here.
 */
export class VmEngine {
  constructor(private readonly env: Environment) {}

  async create(props: VmProps): Promise<{ id: string; outs: VmProps }> {
    const missing = (["name", "node", "template", "storage", "diskSize"] as const).filter((k) => props[k] == null);
    if (missing.length > 0) throw new Error(`Vm: ${missing.join(", ")} required`);
    const client = this.env.client();
    const disk = props.disk ?? "scsi0";
    const template = await this.template(props);
    const templateConfig = await client.get<Row>(`/nodes/${template.node}/qemu/${template.vmid}/config`);
    const templateSize = diskGiB(templateConfig[disk]);
    if (templateSize === undefined) {
      throw new Error(
        `VM ${props.name}: template ${props.template} (${vmId(template.node, template.vmid)}) has no disk ${disk}`,
      );
    }
    this.refuseShrink(props.name, disk, templateSize, props.diskSize);

    const vmid = await this.clone(client, props, template);
    const base = `/nodes/${props.node}/qemu/${vmid}`;
    try {
      await client.request("PUT", `${base}/config`, createParams(vmConfig, props));
      if (props.diskSize > templateSize) {
        await client.task("PUT", `${base}/resize`, { disk, size: `${props.diskSize}G` });
      }
      if (props.started !== false) await client.task("POST", `${base}/status/start`);
    } catch (error) {
      // Pulumi does not learn of a VM whose create failed: it must not be left behind.
      const placement = await this.placement(vmid, true).catch(() => undefined);
      if (placement) await this.destroy(client, placement).catch(() => undefined);
      throw error;
    }
    this.env.cache.forget(client, "/cluster/resources");
    return { id: vmId(props.node, vmid), outs: { ...props, vmid } };
  }

  async read(id: string, props: VmProps): Promise<{ id?: string; props: VmProps }> {
    const client = this.env.client();
    const placement = await this.placement(vmidOf(id));
    if (!placement) return { props };
    const config = await this.env.cache.get<Row>(client, `/nodes/${placement.node}/qemu/${placement.vmid}/config`);
    const disk = props.disk ?? "scsi0";
    const refreshed = refreshedProps(vmConfig, props, rowValues(vmConfig, config)) as VmProps;
    const size = diskGiB(config[disk]);
    if (size !== undefined) refreshed.diskSize = size;
    const storage = diskStorage(config[disk]);
    if (storage !== undefined) refreshed.storage = storage;
    refreshed.started = placement.status === "running";
    return { id, props: { ...refreshed, vmid: placement.vmid } };
  }

  diff(olds: VmProps, news: VmProps): pulumi.dynamic.DiffResult {
    const [was, is] = [identity(olds), identity(news)];
    const replaces: string[] = (Object.keys(was) as (keyof typeof was)[]).filter((name) => was[name] !== is[name]);
    // A vmid the stack gives is part of the VM's identity; one the cluster picked is not the stack's to change.
    if (news.vmid !== undefined && olds.vmid !== news.vmid) replaces.push("vmid");
    if (replaces.length === 0) this.refuseShrink(news.name, news.disk ?? "scsi0", olds.diskSize, news.diskSize);
    const changes =
      replaces.length > 0 ||
      changedFields(vmConfig, olds, news).length > 0 ||
      olds.diskSize !== news.diskSize ||
      (olds.started ?? true) !== (news.started ?? true);
    return { changes, replaces, deleteBeforeReplace: false };
  }

  async update(id: string, olds: VmProps, news: VmProps): Promise<{ outs: VmProps }> {
    const client = this.env.client();
    const placement = await this.placement(vmidOf(id), true);
    if (!placement) throw new Error(`VM ${news.name} (${id}) is gone from the cluster; refresh to create it again`);
    const base = `/nodes/${placement.node}/qemu/${placement.vmid}`;
    const config = await client.get<Row>(`${base}/config`);
    const disk = news.disk ?? "scsi0";
    const size = diskGiB(config[disk]) ?? 0;
    this.refuseShrink(news.name, disk, size, news.diskSize);

    const params = updateParams(vmConfig, changedFields(vmConfig, olds, news), news, true);
    if (typeof params.net0 === "string") params.net0 = keepMac(params.net0, config.net0);
    if (Object.keys(params).length > 0) await client.request("PUT", `${base}/config`, params);
    if (news.diskSize > size) await client.task("PUT", `${base}/resize`, { disk, size: `${news.diskSize}G` });

    const running = placement.status === "running";
    if ((news.started ?? true) && !running) await client.task("POST", `${base}/status/start`);
    if (news.started === false && running) await client.task("POST", `${base}/status/stop`);
    this.env.cache.forget(client, "/cluster/resources", `${base}/config`);
    return { outs: { ...news, vmid: placement.vmid } };
  }

  async delete(id: string): Promise<void> {
    const client = this.env.client();
    const placement = await this.placement(vmidOf(id), true);
    if (placement) await this.destroy(client, placement);
    this.env.cache.forget(client, "/cluster/resources");
  }

  /** Stops the VM and destroys it with its disks, and purges it from backup jobs, replication and HA. */
  private async destroy(client: ProxmoxClient, { node, vmid, status }: Placement): Promise<void> {
    const base = `/nodes/${node}/qemu/${vmid}`;
    if (status === "running") await client.task("POST", `${base}/status/stop`);
    await client.task("DELETE", base, { purge: 1, "destroy-unreferenced-disks": 1 });
  }

  /** nextid and the clone request, once more with a new vmid if another client took the one offered. */
  private async clone(client: ProxmoxClient, props: VmProps, template: ClusterVm): Promise<number> {
    const path = `/nodes/${template.node}/qemu/${template.vmid}/clone`;
    for (let attempt = 1; ; attempt++) {
      const started = cloning.then(async () => {
        const newid = props.vmid ?? Number(await client.get("/cluster/nextid"));
        const params = {
          newid,
          full: 1,
          storage: props.storage,
          name: props.name,
          ...(template.node === props.node ? {} : { target: props.node }),
        };
        // Once PVE has answered, the new VM's config exists and nextid moves past it.
        return { newid, upid: await client.startTask("POST", path, params) };
      });
      cloning = started.catch(() => undefined);
      const answer = await started.catch((error: unknown) => {
        // Refused before anything was cloned: the vmid went to someone else in the meantime.
        const taken = error instanceof PveError && /already exists/.test(error.reason);
        if (!taken || attempt === cloneAttempts || props.vmid !== undefined) throw error;
        return undefined;
      });
      if (answer) {
        await client.waitForTask(answer.upid, "POST", path);
        return answer.newid;
      }
    }
  }

  /** The template to clone: the one on the target node if each node has its own copy. */
  private async template(props: VmProps): Promise<ClusterVm> {
    const candidates = (await this.clusterVms()).filter(
      (vm) => Number(vm.template) === 1 && vm.name === props.template,
    );
    const template = candidates.find((vm) => vm.node === props.node) ?? candidates.sort((a, b) => a.vmid - b.vmid)[0];
    if (!template) throw new Error(`VM ${props.name}: no template named ${props.template} in the cluster`);
    return template;
  }

  private async placement(vmid: number, fresh = false): Promise<Placement | undefined> {
    if (fresh) this.env.cache.forget(this.env.client(), "/cluster/resources");
    const vm = (await this.clusterVms()).find((candidate) => candidate.vmid === vmid);
    return vm && { node: vm.node, vmid, status: vm.status ?? "unknown" };
  }

  private clusterVms(): Promise<ClusterVm[]> {
    return this.env.cache.get<ClusterVm[]>(this.env.client(), "/cluster/resources", { type: "vm" });
  }

  private refuseShrink(name: string, disk: string, current: number, wanted: number): void {
    if (wanted >= current) return;
    throw new Error(
      `VM ${name}: refusing to shrink disk ${disk} from ${current} to ${wanted} GiB (Proxmox VE only grows disks); ` +
        `keep diskSize at ${current} or more, or replace the VM`,
    );
  }
}

const diskFormat = { defaultKey: "file" };

/** GiB of a disk entry, `vm_data:vm-105-disk-0,size=30G`. */
function diskGiB(entry: unknown): number | undefined {
  if (typeof entry !== "string") return undefined;
  const bytes = sizeBytes(parseProperty(diskFormat, entry).get("size") ?? "");
  return bytes === undefined ? undefined : bytes / gib;
}

/** The storage a disk entry's volume is on. */
function diskStorage(entry: unknown): string | undefined {
  if (typeof entry !== "string") return undefined;
  const file = parseProperty(diskFormat, entry).get("file");
  return file?.includes(":") ? file.slice(0, file.indexOf(":")) : undefined;
}

/**
 * A NIC as the stack wants it with the MAC address PVE gave it, in PVE's own form
 * (`virtio=BC:24:…,bridge=…`): a new address would break DHCP leases and ARP caches.
 */
function keepMac(wanted: string, current: unknown): string {
  const format = vmConfig.net0.format;
  const entries = parseProperty(format, wanted);
  const mac = typeof current === "string" ? parseProperty(format, current).get("macaddr") : undefined;
  const model = entries.get("model");
  if (!mac || !model || entries.has("macaddr")) return wanted;
  entries.delete("model");
  return [`${model}=${mac}`, ...[...entries].map(([key, value]) => `${key}=${value}`)].join(",");
}

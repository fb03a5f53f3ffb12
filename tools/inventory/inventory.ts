import type { CloudContract } from "../../plan/contract";

/** What `ansible-inventory` takes from an inventory script's `--list`. */
export interface AnsibleInventory {
  _meta: { hostvars: Record<string, Record<string, string>> };
  [group: string]: { hosts?: string[]; children?: string[] } | AnsibleInventory["_meta"];
}

/** A group name Ansible takes without a warning: letters, digits and underscores. */
export const groupName = (text: string) => text.replace(/[^A-Za-z0-9_]/g, "_");

/**
 * The stack's hosts for Ansible: groups per role (routers, hypervisors, vms), per tenant
 * (`tenant_<name>`) and per environment, and what each host is reached by. A contract written
 * before the fields the inventory needs were added is refused with what to do.
 */
export function inventoryOf(stack: string, contract: CloudContract): AnsibleInventory {
  const missing = [
    ...(contract.hypervisors ? [] : ["hypervisors"]),
    ...(contract.vmUsers ? [] : ["vmUsers"]),
    ...(contract.routers.some((r) => !r.management) ? ["routers[].management"] : []),
    ...(contract.vms.some((vm) => !vm.tenant || !vm.os) ? ["vms[].tenant, vms[].os"] : []),
  ];
  if (missing.length > 0) {
    throw new Error(
      `${stack} exports no ${missing.join(", ")}: its outputs are from before budgetcloud exported them; ` +
        `run pulumi up on ${stack} once and ask again`,
    );
  }
  const hypervisors = contract.hypervisors ?? [];
  const users = contract.vmUsers ?? [];
  // The user Ansible logs in as: one that may sudo, as post-provisioning installs software.
  const linuxUser = (users.find((u) => u.sudo) ?? users[0])?.name;

  const hostvars: Record<string, Record<string, string>> = {};
  for (const router of contract.routers) {
    hostvars[router.name] = {
      ansible_host: router.management ?? "",
      ansible_network_os: "community.routeros.routeros",
      ansible_connection: "ansible.netcommon.network_cli",
      budgetcloud_loopback: router.loopback,
    };
  }
  for (const hypervisor of hypervisors) {
    hostvars[hypervisor.name] = {
      ansible_host: hypervisor.management,
      budgetcloud_node: hypervisor.node,
      budgetcloud_loopback: hypervisor.loopback,
    };
  }
  for (const vm of contract.vms) {
    hostvars[vm.name] = {
      ansible_host: vm.ip,
      budgetcloud_fqdn: vm.fqdn,
      budgetcloud_tenant: vm.tenant ?? "",
      budgetcloud_node: vm.node,
      budgetcloud_os: vm.os ?? "",
      // Windows VMs take no cloud-init users; their login comes from the operator (group_vars/windows).
      ...(vm.os === "windows"
        ? { ansible_connection: "winrm" }
        : linuxUser !== undefined
          ? { ansible_user: linuxUser }
          : {}),
    };
  }

  const tenants = contract.tenants.map((t) => t.name);
  const byOs = (os: string) => contract.vms.filter((vm) => vm.os === os).map((vm) => vm.name);
  const environment = groupName(contract.environment);
  const groups: Record<string, { hosts?: string[]; children?: string[] }> = {
    all: { children: [environment, "ungrouped"] },
    [environment]: { children: ["routers", "hypervisors", "vms"] },
    routers: { hosts: contract.routers.map((r) => r.name) },
    hypervisors: { hosts: hypervisors.map((h) => h.name) },
    vms: { hosts: contract.vms.map((vm) => vm.name), children: ["linux", "windows"] },
    linux: { hosts: byOs("linux") },
    windows: { hosts: byOs("windows") },
  };
  for (const tenant of tenants) {
    groups[`tenant_${groupName(tenant)}`] = {
      hosts: contract.vms.filter((vm) => vm.tenant === tenant).map((vm) => vm.name),
    };
  }
  groups.all.children?.push(...tenants.map((t) => `tenant_${groupName(t)}`));
  return { _meta: { hostvars }, ...groups };
}

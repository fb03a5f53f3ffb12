import { addressOf, contains } from "../config/addressing";
import type { MonitoringConfig, StackConfig } from "../config/schema";
import { hypervisorManagementAddress } from "./management-path";

/** The port SNMP agents answer on. */
export const SNMP_PORT = 161;

/** The SNMPv3 user every monitored device has, as the poller asks with it. */
export interface SnmpUserPlan {
  name: string;
  authProtocol: MonitoringConfig["snmp"]["authProtocol"];
  privProtocol: MonitoringConfig["snmp"]["privProtocol"];
}

/** A router's SNMP agent: on, answering the poller only, and sending it its traps. */
export interface RouterSnmpPlan {
  contact: string;
  location: string;
  /** Where traps go, and the one address the user may ask from. */
  poller: string;
  user: SnmpUserPlan;
}

export type DeviceRole = "router" | "hypervisor" | "vm";

/** A device as LibreNMS should hold it. */
export interface MonitoredDevicePlan {
  /** The stack's name for it, which LibreNMS displays. */
  name: string;
  role: DeviceRole;
  /** The address the poller reaches it on: a device's management address (else its loopback), a VM's own. */
  hostname: string;
  location: string;
  /** The device group it belongs to. */
  group: string;
  tenant?: string;
  /**
   * Polled over SNMPv3; otherwise LibreNMS pings it only. Windows' SNMP service speaks v1 and v2c
   * alone, whose community would cross the network in clear: a Windows VM is pinged.
   */
  snmp: boolean;
}

export interface DeviceGroupPlan {
  name: string;
  description: string;
}

export interface MonitoringPlan {
  endpoint: string;
  pollerGroup: number;
  user: SnmpUserPlan;
  groups: DeviceGroupPlan[];
  devices: MonitoredDevicePlan[];
}

const key = (path: string) => `budgetcloud:monitoring.${path}`;

const userOf = (monitoring: MonitoringConfig): SnmpUserPlan => ({
  name: monitoring.snmp.user,
  authProtocol: monitoring.snmp.authProtocol,
  privProtocol: monitoring.snmp.privProtocol,
});

const locationOf = (monitoring: MonitoringConfig, device: string) =>
  monitoring.locations[device] ?? monitoring.location;

const registered = (monitoring: MonitoringConfig, device: string) => !monitoring.exclude.includes(device);

/** A router's SNMP agent, when the stack monitors it. */
export function planRouterSnmp(config: StackConfig, router: string): RouterSnmpPlan | undefined {
  const { monitoring } = config;
  if (!monitoring || !registered(monitoring, router)) return undefined;
  return {
    contact: monitoring.contact,
    location: locationOf(monitoring, router),
    poller: monitoring.poller,
    user: userOf(monitoring),
  };
}

/** Whether a VM is registered in LibreNMS. */
export function isMonitoredVm(config: StackConfig, vm: string): boolean {
  return config.monitoring !== undefined && registered(config.monitoring, vm);
}

/** A Linux VM's SNMPv3 agent: the monitoring user, and what it says of where the VM is. */
export interface VmSnmpPlan {
  user: SnmpUserPlan;
  location: string;
  contact: string;
}

/** The agent a monitored Linux VM's user-data installs. */
export function planVmSnmp(config: StackConfig, vm: string): VmSnmpPlan | undefined {
  const { monitoring } = config;
  if (!monitoring || !registered(monitoring, vm)) return undefined;
  return { user: userOf(monitoring), location: locationOf(monitoring, vm), contact: monitoring.contact };
}

/**
 * The tenants the poller reaches VMs in: each with a VM that is monitored. Group names carry the
 * environment, so that prod and qa can share one LibreNMS.
 */
export function monitoredTenants(config: StackConfig): string[] {
  return [...new Set(config.vms.filter((vm) => isMonitoredVm(config, vm.name)).map((vm) => vm.tenant))];
}

/**
 * Where the poller reaches a router or hypervisor: its address on the management network (a
 * router's interface there, a hypervisor's vmbr0), or else its loopback, which OSPF routes.
 */
function monitoringAddress(
  config: StackConfig,
  device: StackConfig["routers"][number] | StackConfig["hypervisors"][number],
) {
  const onManagement = (cidr: string | undefined) =>
    cidr !== undefined && contains(config.management.cidr, addressOf(cidr));
  if ("ospf" in device) {
    const managed = device.interfaces.find((i) => onManagement(i.address));
    const loopback = device.interfaces.find((i) => i.loopback)?.address;
    return addressOf(managed?.address ?? loopback ?? device.host);
  }
  return hypervisorManagementAddress(config, device) ?? addressOf(device.loopback);
}

/** Every device LibreNMS registers, in groups: the routers, the hypervisors, each tenant's VMs. */
export function planMonitoring(config: StackConfig): MonitoringPlan | undefined {
  const { monitoring, environment } = config;
  if (!monitoring) return undefined;
  const group = (what: string) => `${environment}-${what}`;
  const device = (name: string, role: DeviceRole, hostname: string, groupName: string, snmp = true) => ({
    name,
    role,
    hostname,
    location: locationOf(monitoring, name),
    group: groupName,
    snmp,
  });
  const devices: MonitoredDevicePlan[] = [
    ...config.routers.map((r) => device(r.name, "router", monitoringAddress(config, r), group("routers"))),
    ...config.hypervisors.map((h) => device(h.name, "hypervisor", monitoringAddress(config, h), group("hypervisors"))),
    ...config.vms.map((vm) => ({
      ...device(vm.name, "vm", vm.ip, group(`vms-${vm.tenant}`), vm.os === "linux"),
      tenant: vm.tenant,
    })),
  ].filter((d) => registered(monitoring, d.name));
  const groups: DeviceGroupPlan[] = [
    { name: group("routers"), description: `${environment}: the routers` },
    { name: group("hypervisors"), description: `${environment}: the hypervisors` },
    ...monitoredTenants(config).map((tenant) => ({
      name: group(`vms-${tenant}`),
      description: `${environment}: the VMs of tenant ${tenant}`,
    })),
  ].filter((g) => devices.some((d) => d.group === g.name));
  return {
    endpoint: monitoring.endpoint,
    pollerGroup: monitoring.pollerGroup,
    user: userOf(monitoring),
    groups,
    devices,
  };
}

/** What the monitoring config names must exist, and the poller must sit on the management network. */
export function monitoringProblems(config: StackConfig): string[] {
  const { monitoring } = config;
  if (!monitoring) return [];
  const problems: string[] = [];
  if (!contains(config.management.cidr, monitoring.poller))
    problems.push(
      `${key("poller")}: ${monitoring.poller} is not on the management network ${config.management.cidr} ` +
        "(budgetcloud:management.cidr); the devices answer SNMP to the poller there",
    );
  const devices = new Set([...config.routers, ...config.hypervisors, ...config.vms].map((d) => d.name));
  monitoring.exclude.forEach((name, i) => {
    if (!devices.has(name)) problems.push(`${key(`exclude[${i}]`)}: unknown router, hypervisor or VM ${name}`);
  });
  for (const name of Object.keys(monitoring.locations)) {
    if (!devices.has(name)) problems.push(`${key(`locations.${name}`)}: unknown router, hypervisor or VM ${name}`);
  }
  // LibreNMS knows a device by its address: two devices at one address cannot both be registered.
  const byAddress = new Map<string, string>();
  for (const device of planMonitoring(config)?.devices ?? []) {
    const other = byAddress.get(device.hostname);
    if (other)
      problems.push(
        `${key("exclude")}: ${other} and ${device.name} are both polled at ${device.hostname}; LibreNMS registers one device per address (exclude one)`,
      );
    byAddress.set(device.hostname, device.name);
  }
  return problems;
}

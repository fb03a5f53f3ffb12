import * as pulumi from "@pulumi/pulumi";
import type { MonitoringPlan, SnmpUserPlan } from "../plan/monitoring-plan";
import { LibreNmsDevice, LibreNmsDeviceGroup } from "../providers/librenms/resources";

export interface MonitoringArgs {
  plan: MonitoringPlan;
  /** The monitoring user's SNMPv3 passwords, which LibreNMS polls with. */
  snmpPasswords: { auth: pulumi.Input<string>; priv: pulumi.Input<string> };
  /** What each device's registration waits for, by device name (a VM, so that it exists first). */
  dependsOn?: Record<string, pulumi.Resource[]>;
}

type Device = InstanceType<typeof LibreNmsDevice>;

/** LibreNMS names SNMPv3's algorithms its own way. */
const LIBRENMS_AUTH: Record<SnmpUserPlan["authProtocol"], string> = { SHA1: "SHA", MD5: "MD5" };

/**
 * The cloud in LibreNMS: every monitored router, hypervisor and VM registered as a device that
 * LibreNMS polls over SNMPv3 (a Windows VM pinged), each in its group: the routers, the
 * hypervisors, each tenant's VMs.
 */
export class Monitoring extends pulumi.ComponentResource {
  /** Each device's LibreNMS id, by device name. */
  readonly deviceIds: pulumi.Output<Record<string, number>>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:monitoring:Monitoring", name, {}, opts);
    const { plan, snmpPasswords } = args;
    const { user } = plan;
    const devices = new Map<string, Device>();
    for (const device of plan.devices) {
      const snmp = device.snmp
        ? {
            snmpVersion: "v3",
            authLevel: "authPriv",
            authName: user.name,
            authPass: snmpPasswords.auth,
            authAlgo: LIBRENMS_AUTH[user.authProtocol],
            cryptoPass: snmpPasswords.priv,
            cryptoAlgo: user.privProtocol,
          }
        : { snmpDisable: true };
      devices.set(
        device.name,
        new LibreNmsDevice(
          `${name}-${device.name}`,
          {
            hostname: device.hostname,
            display: device.name,
            ...snmp,
            pollerGroup: plan.pollerGroup,
            location: device.location,
            // A device LibreNMS cannot reach yet (a VM still booting) is registered all the same.
            forceAdd: true,
          },
          { parent: this, dependsOn: args.dependsOn?.[device.name] ?? [] },
        ),
      );
    }
    for (const group of plan.groups) {
      new LibreNmsDeviceGroup(
        `${name}-group-${group.name}`,
        {
          name: group.name,
          desc: group.description,
          type: "static",
          devices: plan.devices
            .filter((d) => d.group === group.name)
            .map((d) => (devices.get(d.name) as Device).deviceId.apply(String)),
        },
        { parent: this },
      );
    }
    this.deviceIds = pulumi.output(
      Object.fromEntries([...devices].map(([device, resource]) => [device, resource.deviceId])),
    );
    this.registerOutputs({ deviceIds: this.deviceIds });
  }
}

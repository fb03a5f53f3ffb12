import { type ApiCall, type ClusterContext, nodeOf, type Routes } from "./context";
import { failures } from "./errors";
import { loadVm } from "./guests";
import { agentEnabled } from "./qemu-power";
import type { VirtualMachine } from "./state";
import { networkDevices } from "./vm-config";

/**
 * The QEMU guest agent, as a cloud-init guest that applied its `ipconfig<n>` would answer it:
 * one interface per network device, carrying the configured addresses and a link-local IPv6
 * address made from the MAC. It answers once the guest has run for the agent's start-up time.
 */

interface GuestAddress {
  "ip-address-type": "ipv4" | "ipv6";
  "ip-address": string;
  prefix: number;
}

const STATISTICS = {
  "rx-bytes": 0,
  "rx-dropped": 0,
  "rx-errs": 0,
  "rx-packets": 0,
  "tx-bytes": 0,
  "tx-dropped": 0,
  "tx-errs": 0,
  "tx-packets": 0,
};

/** The EUI-64 link-local address a Linux guest derives from its MAC. */
function linkLocal(mac: string): string {
  const bytes = mac.split(":").map((b) => Number.parseInt(b, 16));
  const eui = [bytes[0] ^ 2, bytes[1], bytes[2], 0xff, 0xfe, bytes[3], bytes[4], bytes[5]];
  const groups = [0, 2, 4, 6].map((i) => ((eui[i] << 8) | eui[i + 1]).toString(16));
  return `fe80::${groups.join(":")}`;
}

function configuredAddresses(ctx: ClusterContext, vm: VirtualMachine, index: number, mac: string): GuestAddress[] {
  const ipconfig = vm.config[`ipconfig${index}`];
  const parsed = ipconfig === undefined ? {} : ctx.vmSchema.parse(`ipconfig${index}`, ipconfig);
  const addresses: GuestAddress[] = [];
  for (const [key, type] of [
    ["ip", "ipv4"],
    ["ip6", "ipv6"],
  ] as const) {
    const [address, prefix] = (parsed[key] ?? "").split("/");
    if (prefix !== undefined)
      addresses.push({ "ip-address-type": type, "ip-address": address, prefix: Number(prefix) });
  }
  addresses.push({ "ip-address-type": "ipv6", "ip-address": linkLocal(mac), prefix: 64 });
  return addresses;
}

function networkInterfaces(ctx: ClusterContext, vm: VirtualMachine) {
  const windows = /^w/.test(vm.config.ostype ?? "");
  const loopback = {
    name: windows ? "Loopback Pseudo-Interface 1" : "lo",
    "hardware-address": "00:00:00:00:00:00",
    "ip-addresses": [
      { "ip-address-type": "ipv4", "ip-address": "127.0.0.1", prefix: 8 },
      { "ip-address-type": "ipv6", "ip-address": "::1", prefix: 128 },
    ],
    statistics: STATISTICS,
  };
  const nics = networkDevices(ctx.vmSchema, vm.config).map(({ index, net }, position) => ({
    // Linux names a virtio NIC after its PCI slot (net0 sits in slot 18); Windows counts them.
    name: windows ? (position === 0 ? "Ethernet" : `Ethernet ${position + 1}`) : `ens${18 + index}`,
    "hardware-address": (net.macaddr ?? "").toLowerCase(),
    "ip-addresses": configuredAddresses(ctx, vm, index, net.macaddr ?? "00:00:00:00:00:00"),
    statistics: STATISTICS,
  }));
  return { result: [loopback, ...nics] };
}

function networkGetInterfaces(ctx: ClusterContext, call: ApiCall) {
  const vm = loadVm(ctx, nodeOf(call), Number(call.params.vmid));
  if (vm.config.agent === undefined) throw failures.noAgentConfigured();
  if (!vm.running) throw failures.vmIsNotRunning(vm.vmid);
  const booted = Date.now() - (vm.startedAt ?? 0) >= ctx.agentStartupMs();
  if (!agentEnabled(ctx, vm) || !booted) throw failures.agentNotRunning();
  return networkInterfaces(ctx, vm);
}

export function guestAgentRoutes(ctx: ClusterContext): Routes {
  return {
    "GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces": (call) => networkGetInterfaces(ctx, call),
  };
}

import { addressOf } from "../config/addressing";
import type { RouterConfig, StackConfig } from "../config/schema";
import { fabricLoopbacks, gatewayRouterAddresses, onSegment } from "./addressing-plan";
import { BUILT_IN_LOOPBACK, OSPF_AREA, OSPF_INSTANCE, UNDERLAY_ADDRESS_LIST, VXLAN_PORT } from "./fabric";
import { forwardChain, inputChain, type NatPlan, type PlannedRule, srcNat } from "./firewall-plan";
import { planRouterSnmp, type RouterSnmpPlan } from "./monitoring-plan";
import { planRouterZeroTier, type ZeroTierRouterPlan } from "./zerotier-plan";

export interface PortPlan {
  defaultName: string;
  mtu?: number;
  l2mtu?: number;
  comment?: string;
}

export interface AddressPlan {
  address: string;
  interface: string;
  comment?: string;
}

export interface OspfTemplatePlan {
  /** The area's name. */
  area: string;
  interfaces: string[];
  type: "ptp" | "broadcast";
  passive: boolean;
  /** Authenticated with the stack's OSPF key. */
  md5: boolean;
}

/** A tenant's gateway on one router: its VXLAN into the tenant's segment and its VRRP address. */
export interface GatewayPlan {
  tenant: string;
  vni: number;
  vxlan: string;
  /** The UDP port of the VXLAN. */
  port: number;
  bridge: string;
  mtu: number;
  /** The router's loopback: where its VXLAN packets come from. */
  localAddress: string;
  /** The loopbacks of the tenant's other gateway routers and of every hypervisor. */
  vteps: string[];
  /** The router's own address on the segment. */
  address: string;
  vrrp: { name: string; vrid: number; priority: number; address: string };
  /** The OSPF area the segment is announced in, passive: routers that are not the tenant's gateways reach it through OSPF. */
  ospfArea: string;
}

export interface RouterPlan {
  name: string;
  ports: PortPlan[];
  /** `bridge`: whether budgetcloud makes it, a bridge; the built-in `lo` exists already. */
  loopback: { name: string; address: string; comment?: string; bridge: boolean };
  addresses: AddressPlan[];
  ospf: { instance: string; routerId: string; area: { name: string; id: string }; templates: OspfTemplatePlan[] };
  gateways: GatewayPlan[];
  forward: PlannedRule[];
  /** The addresses of the lists its forward chain matches, as the underlay's loopbacks. */
  addressLists: { list: string; address: string }[];
  input: PlannedRule[];
  nat: NatPlan[];
  /** Its side of the operators' ZeroTier network, when it joins. */
  zerotier?: ZeroTierRouterPlan;
  /** Its SNMP agent, when the stack monitors it. */
  snmp?: RouterSnmpPlan;
}

/** Everything one router should hold, from the stack config: plain data, checked and tested alone. */
export function planRouter(config: StackConfig, router: RouterConfig): RouterPlan {
  const loopbackInterface = router.interfaces.find((i) => i.loopback);
  if (!loopbackInterface?.address) throw new Error(`${router.name} has no loopback interface with an address`);
  const loopback = addressOf(loopbackInterface.address);
  const peersOf = (routers: string[]) => [
    ...routers
      .filter((name) => name !== router.name)
      .map((name) => config.routers.find((r) => r.name === name))
      .map((r) => addressOf(r?.interfaces.find((i) => i.loopback)?.address ?? "")),
    ...config.hypervisors.map((h) => addressOf(h.loopback)),
  ];

  const gateways = config.tenants.flatMap((tenant): GatewayPlan[] => {
    const at = tenant.routers.findIndex((g) => g.router === router.name);
    if (at < 0) return [];
    return [
      {
        tenant: tenant.name,
        vni: tenant.vni,
        vxlan: `vxlan${tenant.vni}`,
        port: VXLAN_PORT,
        bridge: tenant.bridge,
        mtu: tenant.mtu,
        localAddress: loopback,
        vteps: peersOf(tenant.routers.map((g) => g.router)),
        address: onSegment(tenant, gatewayRouterAddresses(tenant)[at]),
        vrrp: {
          name: `vrrp${tenant.vni}`,
          vrid: tenant.vrid,
          priority: tenant.routers[at].priority,
          address: `${tenant.gateway}/32`,
        },
        ospfArea: OSPF_AREA.name,
      },
    ];
  });

  const zerotier = planRouterZeroTier(config, router.name);
  const snmp = planRouterSnmp(config, router.name);
  const forward = gateways.length > 0 || router.uplink ? forwardChain(config, router) : [];
  return {
    name: router.name,
    ports: router.interfaces
      .filter((i) => !i.loopback)
      .map((i) => ({
        defaultName: i.name,
        ...(i.mtu === undefined ? {} : { mtu: i.mtu }),
        ...(i.l2mtu === undefined ? {} : { l2mtu: i.l2mtu }),
        ...(i.comment === undefined ? {} : { comment: i.comment }),
      })),
    loopback: {
      name: loopbackInterface.name,
      address: loopbackInterface.address,
      comment: loopbackInterface.comment,
      bridge: loopbackInterface.name !== BUILT_IN_LOOPBACK,
    },
    addresses: router.interfaces
      .filter((i) => !i.loopback && i.address)
      .map((i) => ({ address: i.address as string, interface: i.name, comment: i.comment })),
    ospf: {
      instance: OSPF_INSTANCE,
      routerId: router.ospf.routerId,
      area: { ...OSPF_AREA },
      templates: router.ospf.interfaces.map((i) => ({
        area: OSPF_AREA.name,
        interfaces: [i.interface],
        type: i.type === "ptp" ? "ptp" : "broadcast",
        passive: i.type === "passive",
        md5: i.auth === "md5",
      })),
    },
    gateways,
    forward,
    addressLists:
      forward.length > 0 ? fabricLoopbacks(config).map((address) => ({ list: UNDERLAY_ADDRESS_LIST, address })) : [],
    input: inputChain(config, router),
    nat: srcNat(config, router),
    ...(zerotier ? { zerotier } : {}),
    ...(snmp ? { snmp } : {}),
  };
}

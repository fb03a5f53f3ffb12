import { MODELS } from "../routeros/models";
import { Draw } from "./draw";

export const CCR = "CCR2216-1G-12XS-2XQ";
export const CHR = "CHR";
export type ModelName = typeof CCR | typeof CHR;
export type TopologyKind = "ring" | "ring with chords" | "partial mesh";

/** A tenant of a generated stack; routers, tenants and hypervisors by their index in the shape. */
export interface TenantShape {
  /** Its gateway routers, the VRRP master first. */
  gateways: number[];
  /** The tenants it may reach. */
  allow: number[];
  /** Whether it may reach the operators' ZeroTier network. */
  allowsOperators: boolean;
  internet: boolean;
  prefixLength: number;
  /** The hypervisor of each of its VMs. */
  vms: number[];
}

/** The private /16s a stack draws its addresses from, one per role, as their first two octets. */
export interface AddressBlocks {
  routerLoopbacks: string;
  hypervisorLoopbacks: string;
  links: string;
  tenants: string;
  management: string;
  zerotier: string;
  /** Where the stack's own forward rules point: a network outside the cloud. */
  external: string;
}

/**
 * What a generated stack is made of, before any name or address: small enough to shrink one piece
 * at a time, and turned into a stack file by `buildStack`.
 */
export interface StackShape {
  seed: number;
  topology: TopologyKind;
  routers: ModelName[];
  /** Cables between routers. */
  links: [number, number][];
  /** The routers each hypervisor is cabled to. */
  hypervisors: number[][];
  /** The routers with an uplink to the internet. */
  uplinks: number[];
  tenants: TenantShape[];
  zerotier?: { routers: number[]; members: number; allow: number[] };
  monitoring: boolean;
  blocks: AddressBlocks;
  /** Rules of the forward chain between a tenant and the external network, inbound or outbound. */
  forwardRules: { tenant: number; inbound: boolean }[];
  /** Tenants the routers' input chain drops. */
  inputDrops: number[];
}

/** The ports a router of the model has for cables and uplinks: every ethernet port but ether1, management's. */
export const cablePorts = (model: ModelName): string[] =>
  MODELS[model].ports.map((p) => p.name).filter((name) => name !== "ether1");

/** How many ports of each router a shape takes: cables, hypervisors and the uplink. */
export function portsTaken(shape: StackShape): number[] {
  const taken = shape.routers.map(() => 0);
  for (const [a, b] of shape.links) {
    taken[a]++;
    taken[b]++;
  }
  for (const routers of shape.hypervisors) for (const r of routers) taken[r]++;
  for (const r of shape.uplinks) taken[r]++;
  return taken;
}

/** Why a shape cannot be a valid stack, or undefined when it can. */
export function shapeProblem(shape: StackShape): string | undefined {
  const n = shape.routers.length;
  if (n < 2) return "fewer than 2 routers";
  const taken = portsTaken(shape);
  const short = taken.findIndex((count, r) => count > cablePorts(shape.routers[r]).length);
  if (short >= 0) return `router ${short} needs ${taken[short]} ports`;
  if (!connected(n, shape.links)) return "the routers are not connected";
  if (shape.hypervisors.length === 0) return "no hypervisor";
  if (shape.hypervisors.some((h) => h.length === 0 || new Set(h).size !== h.length)) return "a hypervisor's cables";
  for (const tenant of shape.tenants) {
    if (tenant.gateways.length < 2 || new Set(tenant.gateways).size !== tenant.gateways.length) return "gateways";
    if (tenant.internet && !shape.uplinks.includes(tenant.gateways[0])) return "internet without an uplink master";
  }
  if (shape.tenants.some((t) => t.allow.some((a) => a >= shape.tenants.length))) return "allow out of range";
  if (shape.zerotier?.routers.some((r) => shape.routers[r] !== CCR)) return "ZeroTier on a CHR";
  return undefined;
}

function connected(n: number, links: [number, number][]): boolean {
  const seen = new Set([0]);
  const queue = [0];
  while (queue.length > 0) {
    const at = queue.pop() as number;
    for (const [a, b] of links) {
      const next = a === at ? b : b === at ? a : undefined;
      if (next !== undefined && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen.size === n;
}

/**
 * A's replies to B come back through B's VRRP master, which must have seen the request: a one-way
 * allow between tenants stands only where both have one master, as the cross-checks require.
 */
function settleOneWayAllows(draw: Draw, tenants: TenantShape[]): void {
  tenants.forEach((tenant, a) => {
    for (const b of [...tenant.allow]) {
      if (tenants[b].allow.includes(a) || tenants[b].gateways[0] === tenant.gateways[0]) continue;
      if (draw.chance(0.5)) tenants[b].allow.push(a);
      else tenant.allow.splice(tenant.allow.indexOf(b), 1);
    }
  });
}

/** A stack drawn from the seed: every choice of size, topology and policy within what the lab emulates. */
export function drawShape(seed: number): StackShape {
  const draw = new Draw(seed);
  const n = draw.int(2, 12);
  const routers: ModelName[] = Array.from({ length: n }, () => (draw.chance(0.7) ? CCR : CHR));
  const topology = draw.pick<TopologyKind>(["ring", "ring with chords", "partial mesh"]);
  const free = routers.map((m) => cablePorts(m).length);
  const links: [number, number][] = [];
  const cable = (a: number, b: number) => {
    links.push([a, b]);
    free[a]--;
    free[b]--;
  };
  // A CHR has three ports: one that would run out becomes a CCR2216, which has twenty.
  const widen = (r: number) => {
    if (routers[r] === CCR) return;
    routers[r] = CCR;
    free[r] += cablePorts(CCR).length - cablePorts(CHR).length;
  };
  // Every router keeps a port for a hypervisor or an uplink.
  const spare = (r: number) => free[r] > 1;
  if (topology === "partial mesh") {
    const order = draw.shuffle(routers.map((_, i) => i));
    for (let i = 1; i < n; i++) {
      const parents = order.slice(0, i).filter(spare);
      const parent = parents.length > 0 ? draw.pick(parents) : order[i - 1];
      if (!spare(parent)) widen(parent);
      cable(parent, order[i]);
    }
  } else {
    for (let i = 0; i < n; i++) cable(i, (i + 1) % n);
  }
  if (topology !== "ring") {
    const extra = draw.int(1, Math.max(1, Math.floor(n / 2)));
    for (let k = 0; k < extra; k++) {
      const candidates = routers.flatMap((_, a) =>
        routers.flatMap((__, b): [number, number][] =>
          a < b && spare(a) && spare(b) && !links.some(([x, y]) => (x === a && y === b) || (x === b && y === a))
            ? [[a, b]]
            : [],
        ),
      );
      if (candidates.length === 0) break;
      cable(...draw.pick(candidates));
    }
  }
  const withPort = (candidates: number[]) => {
    const ready = candidates.filter((r) => free[r] > 0);
    if (ready.length > 0) return ready;
    widen(candidates[0]);
    return [candidates[0]];
  };
  const all = routers.map((_, i) => i);
  const uplinks: number[] = [];
  for (let k = 0; k < Math.min(n, draw.int(1, 2)); k++) {
    const r = draw.pick(withPort(all.filter((x) => !uplinks.includes(x))));
    uplinks.push(r);
    free[r]--;
  }
  const hypervisors = Array.from({ length: draw.int(1, 5) }, () => {
    const cabled: number[] = [];
    for (let k = 0; k < Math.min(n, draw.int(1, 3)); k++) {
      const r = draw.pick(withPort(draw.shuffle(all.filter((x) => !cabled.includes(x)))));
      cabled.push(r);
      free[r]--;
    }
    return cabled;
  });

  const tenants: TenantShape[] = Array.from({ length: draw.int(1, 8) }, () => {
    const internet = draw.chance(0.5);
    const master = internet ? draw.pick(uplinks) : draw.pick(all);
    const backups = draw.sample(
      all.filter((r) => r !== master),
      draw.int(1, Math.min(2, n - 1)),
    );
    return {
      gateways: [master, ...backups],
      allow: [],
      allowsOperators: false,
      internet,
      prefixLength: draw.pick([24, 25, 26]),
      vms: Array.from({ length: draw.int(1, 3) }, () => draw.int(0, hypervisors.length - 1)),
    };
  });
  for (const [a, tenant] of tenants.entries()) {
    tenant.allow = tenants.flatMap((_, b) => (b !== a && draw.chance(0.35) ? [b] : []));
  }
  settleOneWayAllows(draw, tenants);

  const ccrs = all.filter((r) => routers[r] === CCR);
  const zerotier =
    ccrs.length > 0 && draw.chance(0.5)
      ? {
          routers: draw.sample(ccrs, draw.int(1, Math.min(2, ccrs.length))),
          members: draw.int(1, 2),
          allow: tenants.flatMap((_, t) => (draw.chance(0.5) ? [t] : [])),
        }
      : undefined;
  if (zerotier) {
    tenants.forEach((tenant, t) => {
      tenant.allowsOperators = draw.chance(0.4);
      // The operators' traffic enters a tenant by its master only where the master joins: elsewhere
      // an allow one way loses its replies, as between tenants.
      const reached = zerotier.allow.includes(t);
      if (zerotier.routers.includes(tenant.gateways[0]) || tenant.allowsOperators === reached) return;
      const both = draw.chance(0.5);
      tenant.allowsOperators = both;
      zerotier.allow = both
        ? [...new Set([...zerotier.allow, t])].sort((a, b) => a - b)
        : zerotier.allow.filter((x) => x !== t);
    });
  }

  const sixteens = draw.sample(
    [
      ...Array.from({ length: 255 }, (_, i) => `10.${i + 1}`),
      ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}`),
      "192.168",
    ],
    7,
  );
  const blocks: AddressBlocks = {
    routerLoopbacks: sixteens[0],
    // Half the stacks keep every loopback in one block, as the talk does; the others split them.
    hypervisorLoopbacks: draw.chance(0.5) ? sixteens[0] : sixteens[1],
    links: sixteens[2],
    tenants: sixteens[3],
    management: sixteens[4],
    zerotier: sixteens[5],
    external: sixteens[6],
  };
  return {
    seed,
    topology,
    routers,
    links,
    hypervisors,
    uplinks,
    tenants,
    ...(zerotier ? { zerotier } : {}),
    monitoring: draw.chance(0.5),
    blocks,
    forwardRules: Array.from({ length: draw.int(0, 2) }, () => ({
      tenant: draw.int(0, tenants.length - 1),
      inbound: draw.chance(0.5),
    })),
    inputDrops: tenants.length > 0 && draw.chance(0.3) ? [draw.int(0, tenants.length - 1)] : [],
  };
}

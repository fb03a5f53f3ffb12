import { type StackShape, shapeProblem } from "./shape";

const without = <T>(items: readonly T[], index: number) => items.filter((_, i) => i !== index);
/** Indices above a removed one move down by one; the removed one itself goes. */
const renumber = (indices: readonly number[], removed: number) =>
  indices.filter((i) => i !== removed).map((i) => (i > removed ? i - 1 : i));

function withoutTenant(shape: StackShape, t: number): StackShape {
  return {
    ...shape,
    tenants: without(shape.tenants, t).map((tenant) => ({ ...tenant, allow: renumber(tenant.allow, t) })),
    ...(shape.zerotier ? { zerotier: { ...shape.zerotier, allow: renumber(shape.zerotier.allow, t) } } : {}),
    forwardRules: shape.forwardRules
      .filter((rule) => rule.tenant !== t)
      .map((rule) => ({ ...rule, tenant: rule.tenant > t ? rule.tenant - 1 : rule.tenant })),
    inputDrops: renumber(shape.inputDrops, t),
  };
}

function withoutHypervisor(shape: StackShape, h: number): StackShape {
  return {
    ...shape,
    hypervisors: without(shape.hypervisors, h),
    tenants: shape.tenants.map((tenant) => ({
      ...tenant,
      vms: tenant.vms.filter((node) => node !== h).map((node) => (node > h ? node - 1 : node)),
    })),
  };
}

/** The router gone, its neighbors cabled to each other in its place, so that the rest stays connected. */
function withoutRouter(shape: StackShape, r: number): StackShape {
  const neighbors = shape.links.flatMap(([a, b]) => (a === r ? [b] : b === r ? [a] : [])).filter((x) => x !== r);
  const unique = [...new Set(neighbors)];
  const bypass = unique.slice(1).map((b, i): [number, number] => [unique[i], b]);
  const renumbered = (x: number) => (x > r ? x - 1 : x);
  return {
    ...shape,
    routers: without(shape.routers, r),
    links: [...shape.links.filter(([a, b]) => a !== r && b !== r), ...bypass].map(([a, b]): [number, number] => [
      renumbered(a),
      renumbered(b),
    ]),
    hypervisors: shape.hypervisors.map((cabled) => renumber(cabled, r)),
    uplinks: renumber(shape.uplinks, r),
    tenants: shape.tenants.map((tenant) => ({ ...tenant, gateways: renumber(tenant.gateways, r) })),
    ...(shape.zerotier ? { zerotier: { ...shape.zerotier, routers: renumber(shape.zerotier.routers, r) } } : {}),
  };
}

/**
 * Shapes one step smaller than this one, the biggest cuts first (a router, a tenant, a hypervisor,
 * then options, VMs, cables and rules); only those that are still valid stacks.
 */
export function smallerShapes(shape: StackShape): StackShape[] {
  const candidates: StackShape[] = [
    ...shape.routers.map((_, r) => withoutRouter(shape, r)),
    ...shape.tenants.map((_, t) => withoutTenant(shape, t)),
    ...shape.hypervisors.map((_, h) => withoutHypervisor(shape, h)),
    ...(shape.zerotier ? [{ ...shape, zerotier: undefined }] : []),
    ...(shape.monitoring ? [{ ...shape, monitoring: false }] : []),
    ...shape.uplinks.map((_, u) => ({ ...shape, uplinks: without(shape.uplinks, u) })),
    ...shape.tenants.flatMap((tenant, t) =>
      tenant.vms.map((_, v) => ({
        ...shape,
        tenants: shape.tenants.map((x, i) => (i === t ? { ...x, vms: without(x.vms, v) } : x)),
      })),
    ),
    ...shape.links.map((_, l) => ({ ...shape, links: without(shape.links, l) })),
    ...shape.tenants.flatMap((tenant, t) =>
      tenant.allow.map((_, a) => ({
        ...shape,
        tenants: shape.tenants.map((x, i) => (i === t ? { ...x, allow: without(x.allow, a) } : x)),
      })),
    ),
    ...shape.forwardRules.map((_, f) => ({ ...shape, forwardRules: without(shape.forwardRules, f) })),
    ...shape.inputDrops.map((_, d) => ({ ...shape, inputDrops: without(shape.inputDrops, d) })),
  ];
  return candidates.filter((candidate) => shapeProblem(candidate) === undefined);
}

/** A shape's size, in the order shrinking cares for: what a reader of the stack must take in. */
export function shapeSize(shape: StackShape): string {
  const vms = shape.tenants.reduce((sum, t) => sum + t.vms.length, 0);
  return [
    `${shape.routers.length} routers (${shape.topology}, ${shape.links.length} cables)`,
    `${shape.hypervisors.length} hypervisors`,
    `${shape.tenants.length} tenants with ${vms} VMs`,
    `${shape.uplinks.length} uplinks`,
    ...(shape.zerotier ? ["ZeroTier"] : []),
    ...(shape.monitoring ? ["monitoring"] : []),
  ].join(", ");
}

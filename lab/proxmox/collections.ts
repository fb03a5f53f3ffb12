import { type ApiError, died, failures } from "./errors";
import { splitList } from "./formats";
import type { Access } from "./permissions";
import type { Section } from "./section-config";
import type { ClusterState } from "./state";
import { normalizeStorage, storageOptionAllowed } from "./storage-types";
import type { ParamObject } from "./validation";

/**
 * Configuration objects PVE keeps as section configs, one declaration per collection path: what
 * its error messages say, how a create names the new section, what each section type may carry.
 * The parameters themselves are checked against the reference; the generic engine
 * (collection-engine.ts) stores, lists, reads, updates and deletes them.
 */

export type CollectionAction = "index" | "read" | "create" | "update" | "delete";

/** What a request names: the section (for an item path), the collection path's parameters, all parameters. */
export interface AccessTarget {
  id?: string;
  scope: Record<string, string>;
  params: ParamObject;
}

export interface CollectionBehaviour {
  /** What PVE dies with when a create finds the ID taken. */
  alreadyDefined: (id: string) => string;
  /** What PVE dies with when the ID names nothing. */
  notFound: (id: string) => string;
  /** The `lock_*_config` error prefixes: a failure inside the lock reads "<prefix>: <error>". */
  lockPrefix?: { create?: string; update?: string; delete?: string };
  /** The section ID a create names, when it is not the item parameter itself. */
  idOf?: (params: ParamObject, scope: Record<string, string>, cluster: ClusterState) => string;
  /** Rewrites the ID a request names (HA accepts a bare VMID for `vm:<vmid>`). */
  canonicalId?: (id: string, cluster: ClusterState) => string;
  /** Parameters a create keeps in the section although they name the section or its parent. */
  storedParameters?: readonly string[];
  /** Whether a section of `type` may carry `option` (beyond what the schema accepts). */
  optionAllowed?: (type: string, option: string) => boolean;
  /** Options a section of a type must have, which the merged schema marks optional. */
  requiredByType?: Readonly<Record<string, readonly string[]>>;
  /** How PVE fills in and rewrites a section when it reads it back. */
  normalize?: (section: Section) => Section;
  /** Checks before the lock is taken (a plain error). */
  checkCreate?: (id: string, section: Section, cluster: ClusterState) => void;
  /** Checks inside the lock (prefixed with lockPrefix). */
  checkInsideLock?: (section: Section, cluster: ClusterState) => void;
  /** Fields PVE adds when it prints a section. */
  decorate?: (id: string, section: Section, position: number) => Record<string, unknown>;
  /** What create and update answer, when not null. */
  result?: (id: string, section: Section) => unknown;
  /** What else a delete removes (HA's purge of a resource from the rules). */
  afterDelete?: (id: string, params: ParamObject, cluster: ClusterState) => void;
  /** Deleting a missing section is not an error. */
  deleteIgnoresMissing?: boolean;
  /** The error when deleting a missing section, when it is not notFound inside the lock. */
  deleteMissing?: (id: string) => ApiError;
  /** The collection is closed, as PVE 9 closes HA groups: every call fails with this. */
  refused?: (action: CollectionAction) => ApiError;
  /**
   * Which sections the listing shows the caller: PVE's index handlers skip, rather than refuse,
   * what the caller may not audit (their declared permission is `user => 'all'`).
   */
  visibleIf?: (id: string, section: Section, access: Access) => boolean;
  /** The checks a handler makes itself first, beyond its declared permission (pve-network's vnets). */
  checkAccess?: (action: CollectionAction, target: AccessTarget, cluster: ClusterState, access: Access) => void;
}

/** An index that lists a section when the caller has one of `privileges` on its ACL path. */
const listedWithAny =
  (pathOf: (id: string, section: Section) => string, privileges: readonly string[]) =>
  (id: string, section: Section, access: Access) =>
    access.checkAny(pathOf(id, section), privileges, true);

const SDN_READ = ["SDN.Audit", "SDN.Allocate"];

/**
 * pve-network's check_vnet_access (Vnets.pm, Subnets.pm): the vnet must exist in the current
 * configuration, and the caller needs one of the privileges on /sdn/zones/<its zone>/<vnet>.
 */
function checkVnetAccess(vnet: string, privileges: readonly string[], cluster: ClusterState, access: Access): void {
  const section = cluster.config("/cluster/sdn/vnets").get(vnet);
  if (!section) throw died(`sdn vnet '${vnet}' does not exist`);
  access.checkAny(`/sdn/zones/${section.zone ?? ""}/${vnet}`, privileges);
}

/** The zone a listed vnet is in, pending or not (`$scfg->{zone} // $scfg->{pending}->{zone}`). */
function zoneOfListed(section: Section): string {
  const pending = section.pending as unknown as Record<string, unknown> | undefined;
  return String(section.zone ?? pending?.zone ?? "");
}

const sdn = (noun: string, notFoundNoun = "sdn"): CollectionBehaviour => ({
  alreadyDefined: (id) => `sdn ${noun} object ID '${id}' already defined`,
  notFound: (id) => `${notFoundNoun} '${id}' does not exist`,
  lockPrefix: {
    create: `create sdn ${noun} object failed`,
    update: `update sdn ${noun} object failed`,
    delete: `delete sdn ${noun} object failed`,
  },
});

/** SDN zone plugins' options() (pve-network), and which of them a zone must have. */
const ZONE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  simple: ["nodes", "mtu", "dns", "reversedns", "dnszone", "ipam", "dhcp"],
  vlan: ["nodes", "bridge", "bridge-disable-mac-learning", "mtu", "dns", "reversedns", "dnszone", "ipam"],
  qinq: [
    ...["nodes", "tag", "bridge", "bridge-disable-mac-learning", "mtu", "vlan-protocol"],
    ...["dns", "reversedns", "dnszone", "ipam"],
  ],
  vxlan: ["nodes", "peers", "vxlan-port", "mtu", "dns", "reversedns", "dnszone", "ipam", "fabric"],
  evpn: [
    ...["nodes", "vrf-vxlan", "controller", "exitnodes", "exitnodes-local-routing", "exitnodes-primary"],
    ...["advertise-subnets", "disable-arp-nd-suppression", "bridge-disable-mac-learning", "rt-import"],
    ...["vxlan-port", "mtu", "mac", "dns", "reversedns", "dnszone", "ipam"],
  ],
};

const HA_RULE_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  "node-affinity": ["resources", "nodes"],
  "resource-affinity": ["resources", "affinity"],
};

/** PVE::HA::Config::parse_sid: `100` means the guest 100, `vm:100` is already a resource ID. */
function haResourceId(sid: string, cluster: ClusterState): string {
  if (/^\d+$/.test(sid)) {
    if (!cluster.vms.has(Number(sid))) throw failures.haSidFromMissingVm(sid);
    return `vm:${sid}`;
  }
  if (!/^\S+:\S+$/.test(sid)) throw died(`unable to parse service id '${sid}'`);
  return sid;
}

function checkHaRuleMembers(section: Section, cluster: ClusterState): void {
  const resources = splitList(String(section.resources ?? ""));
  if (resources.length === 0) throw died("no resources were specified");
  const managed = cluster.config("/cluster/ha/resources");
  const unmanaged = resources.filter((sid) => !managed.has(sid)).sort();
  if (unmanaged.length > 0) throw failures.haUnmanagedResources(unmanaged);
  if (section.nodes === undefined) return;
  const nodes = splitList(String(section.nodes)).map((entry) => entry.split(":")[0]);
  const unknown = nodes.filter((node) => !cluster.hasNode(node)).sort();
  if (unknown.length > 0) throw failures.haUnknownNodes(unknown);
}

export const COLLECTIONS: Readonly<Record<string, CollectionBehaviour>> = {
  "/storage": {
    alreadyDefined: (id) => `storage ID '${id}' already defined`,
    notFound: (id) => `storage '${id}' does not exist`,
    lockPrefix: { create: "create storage failed", update: "update storage failed", delete: "delete storage failed" },
    optionAllowed: storageOptionAllowed,
    requiredByType: { dir: ["path"], lvmthin: ["vgname", "thinpool"] },
    normalize: normalizeStorage,
    result: (id, section) => ({ storage: id, type: section.type }),
    visibleIf: listedWithAny((id) => `/storage/${id}`, ["Datastore.Audit", "Datastore.AllocateSpace"]),
  },
  "/cluster/sdn/zones": {
    ...sdn("zone"),
    optionAllowed: (type, option) => !(type in ZONE_OPTIONS) || ZONE_OPTIONS[type].includes(option),
    requiredByType: { vlan: ["bridge"], qinq: ["tag", "bridge"], evpn: ["vrf-vxlan", "controller"] },
    visibleIf: listedWithAny((id) => `/sdn/zones/${id}`, SDN_READ),
  },
  "/cluster/sdn/vnets": {
    ...sdn("vnet", "sdn vnet"),
    requiredByType: { vnet: ["zone"] },
    visibleIf: listedWithAny((id, section) => `/sdn/zones/${zoneOfListed(section)}/${id}`, SDN_READ),
    checkAccess: (action, { id }, cluster, access) => {
      if (action === "read") checkVnetAccess(String(id), SDN_READ, cluster, access);
      if (action === "update" || action === "delete") checkVnetAccess(String(id), ["SDN.Allocate"], cluster, access);
    },
  },
  "/cluster/sdn/vnets/{vnet}/subnets": {
    ...sdn("subnet", "sdn subnet"),
    storedParameters: ["vnet"],
    idOf: (params, scope, cluster) => {
      const zone = cluster.config("/cluster/sdn/vnets").get(scope.vnet)?.zone;
      return `${zone ?? ""}-${String(params.subnet).replace("/", "-")}`;
    },
    decorate: (id) => {
      const [zone, network, mask] = id.split("-");
      return { id, cidr: `${network}/${mask}`, zone, network, mask, "dhcp-range": [] };
    },
    // Every subnet call checks its vnet first, the listing included (it refuses, not filters).
    checkAccess: (action, { scope }, cluster, access) =>
      checkVnetAccess(
        scope.vnet,
        action === "index" || action === "read" ? SDN_READ : ["SDN.Allocate"],
        cluster,
        access,
      ),
  },
  "/cluster/sdn/controllers": {
    ...sdn("controller"),
    visibleIf: listedWithAny((id) => `/sdn/controllers/${id}`, SDN_READ),
  },
  "/cluster/sdn/ipams": {
    ...sdn("ipam"),
    lockPrefix: {
      create: "create sdn ipam object failed",
      update: "update sdn ipam object failed",
      // pve-network says "zone" here.
      delete: "delete sdn zone object failed",
    },
    visibleIf: listedWithAny((id) => `/sdn/ipams/${id}`, SDN_READ),
  },
  "/cluster/sdn/dns": { ...sdn("dns"), visibleIf: listedWithAny((id) => `/sdn/dns/${id}`, SDN_READ) },
  "/cluster/sdn/fabrics/fabric": {
    ...sdn("fabric"),
    visibleIf: listedWithAny((id) => `/sdn/fabrics/${id}`, SDN_READ),
  },
  "/cluster/sdn/fabrics/node/{fabric_id}": {
    ...sdn("fabric node"),
    // The fabric's own check is declared (SDN.Audit); the nodes listed are those one may audit.
    visibleIf: listedWithAny((id) => `/nodes/${id}`, ["Sys.Audit", "Sys.Modify"]),
  },
  "/cluster/ha/resources": {
    alreadyDefined: (sid) => `resource ID '${sid}' already defined`,
    notFound: (sid) => `no such resource '${sid}'`,
    lockPrefix: {
      create: "create resource failed",
      update: "update resources config failed",
      delete: "delete resource failed",
    },
    canonicalId: haResourceId,
    checkCreate: (sid, section, cluster) => {
      const [type, name] = sid.split(":");
      if (section.type !== undefined && section.type !== type) throw died("types does not match");
      if (type === "vm" && !cluster.vms.has(Number(name))) throw failures.haVmMissing(name);
      section.type = type;
    },
    deleteMissing: (sid) => failures.haNotManaged(sid),
    afterDelete: (sid, params, cluster) => {
      if (params.purge !== undefined && !Number(params.purge)) return;
      const rules = cluster.config("/cluster/ha/rules");
      for (const [rule, section] of rules.entries()) {
        const rest = splitList(String(section.resources ?? "")).filter((r) => r !== sid);
        if (rest.length === 0) rules.delete(rule);
        else rules.set(rule, { ...section, resources: rest.join(",") });
      }
    },
  },
  "/cluster/ha/rules": {
    alreadyDefined: (id) => `HA rule '${id}' already defined`,
    notFound: (id) => `no such ha rule '${id}'`,
    lockPrefix: { create: "create ha rule failed", update: "update HA rules failed", delete: "delete ha rule failed" },
    requiredByType: HA_RULE_REQUIRED,
    normalize: (section) => {
      const { disable, ...rest } = section;
      return Number(disable ?? 0) ? section : rest;
    },
    checkInsideLock: checkHaRuleMembers,
    decorate: (_id, _section, position) => ({ order: position + 1 }),
    deleteIgnoresMissing: true,
  },
  "/cluster/ha/groups": {
    alreadyDefined: (id) => `ha group ID '${id}' already defined`,
    notFound: (id) => `no such ha group '${id}'`,
    // A PVE 9 cluster has migrated HA groups to rules and refuses to touch them.
    refused: (action) =>
      died(`cannot ${action === "index" ? "index groups" : `${action} group`}: ha groups have been migrated to rules`),
  },
  "/pools": {
    alreadyDefined: (id) => `pool '${id}' already exists`,
    notFound: (id) => `pool '${id}' does not exist`,
    lockPrefix: { create: "create pool failed", update: "update pools failed", delete: "delete pool failed" },
    visibleIf: (id, _section, access) => access.check(`/pool/${id}`, ["Pool.Audit"], true),
  },
};

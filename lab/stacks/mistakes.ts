import { createHash } from "node:crypto";
import { addressOf, contains, hostAddress, lengthOf, networkOf } from "../../config/addressing";
import { formatPath } from "../../config/load";
import { MODEL_PACKAGES, MODEL_PORTS } from "../../plan/router-models";
import type { RawStack } from "./build";

/**
 * Mistakes made on purpose: each takes a valid stack and gets one thing wrong, which preview must
 * refuse before any device is contacted, naming the key of the mistake. The categories are the
 * issue's: overlapping prefixes, two of a thing with one name, references to what does not exist,
 * ports or packages a router's model lacks, an MTU above the L2 MTU, values out of range, and a firewall that
 * cuts the operators or the management network off a router's API.
 *
 * Left out on purpose, since a valid stack may do them: a router's `uplink`, a VM's
 * `disk.storage` and an RBD storage's `pool` may name what budgetcloud does not make (the talk's
 * uplink `bell` is made outside it, and so may be a storage or a pool), and a router without a
 * `model`, or of a model plan/router-models.ts does not list, has no ports to be wrong about.
 */

export type { RawStack };

export interface Mistake {
  name: string;
  /** The key the refusal must name, without the namespace: `tenants[2].cidr`. */
  key: string;
  /** The stack with the mistake in it; the stack given is left as it was. */
  apply(raw: RawStack): RawStack;
}

type Path = (string | number)[];
type Fields = Record<string | number, unknown>;

const at = (raw: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, part) => (node as Fields | undefined)?.[part], raw);
const text = (raw: unknown, path: Path) => at(raw, path) as string;
const list = (raw: unknown, path: Path): unknown[] => {
  const value = at(raw, path);
  return Array.isArray(value) ? value : [];
};
/** The indexes of a list of the stack, or of none when it has no such list. */
const indexes = (raw: unknown, path: Path) => list(raw, path).map((_, i) => i);

function set(raw: unknown, path: Path, value: unknown): void {
  let node = raw as Fields;
  for (const part of path.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Fields;
  }
  if (value === undefined) delete node[path[path.length - 1]];
  else node[path[path.length - 1]] = value;
}

const mistake = (name: string, key: Path, change: (stack: RawStack) => void): Mistake => ({
  name,
  key: formatPath(key),
  apply(raw) {
    const stack = structuredClone(raw);
    change(stack);
    return stack;
  },
});

/** A mistake that gives one key a value. */
const setting = (name: string, path: Path, value: unknown) => mistake(name, path, (s) => set(s, path, value));

/** Up to `count` of the items, the same ones for the same seed and label on every machine, in their order. */
function sample<T>(seed: number, label: string, items: T[], count: number): T[] {
  const rank = (i: number) => createHash("sha256").update(`${seed}/${label}/${i}`).digest("hex");
  return items
    .map((item, i) => ({ item, i, rank: rank(i) }))
    .sort((a, b) => a.rank.localeCompare(b.rank))
    .slice(0, count)
    .sort((a, b) => a.i - b.i)
    .map(({ item }) => item);
}

/** Every mistake made on the stack: a few hundred at most, the same for the same stack and seed. */
export function mistakesOf(raw: RawStack, seed = 1): Mistake[] {
  return [
    ...overlaps(raw, seed),
    ...twice(raw, seed),
    ...unknown(raw, seed),
    ...portsTheModelLacks(raw, seed),
    ...zerotierTheModelLacks(raw),
    ...mtus(raw, seed),
    ...outOfRange(raw, seed),
    ...lockouts(raw),
  ];
}

/** A key that holds a prefix of the fabric, and how a prefix overlapping another is written there. */
interface Holder {
  kind: string;
  path: Path;
  prefix: string;
  overlapping: (other: string) => string;
}

/** The prefix one bit shorter than a prefix: it holds that one and its neighbour. */
const wider = (prefix: string) => networkOf(`${addressOf(prefix)}/${lengthOf(prefix) - 1}`);
const asInterface = (other: string) => `${addressOf(other)}/${lengthOf(other) - 1}`;
const asHost = (other: string) => `${addressOf(other)}/32`;

/** The keys that hold a prefix, in the order the cross-checks list them; interfaces inside the management network are hosts of it. */
function holders(raw: RawStack): Holder[] {
  const management = text(raw, ["management", "cidr"]);
  const interfaces = (device: Path, kind: string): Holder[] =>
    indexes(raw, [...device, "interfaces"]).flatMap((i) => {
      const path = [...device, "interfaces", i, "address"];
      const address = at(raw, path) as string | undefined;
      const loopback = at(raw, [...device, "interfaces", i, "loopback"]) === true;
      const host =
        address !== undefined && contains(management, addressOf(address)) && lengthOf(address) >= lengthOf(management);
      if (address === undefined || (host && !loopback)) return [];
      return [
        loopback
          ? { kind: "router loopback", path, prefix: networkOf(address), overlapping: asHost }
          : { kind, path, prefix: networkOf(address), overlapping: asInterface },
      ];
    });
  return [
    { kind: "management", path: ["management", "cidr"], prefix: management, overlapping: wider },
    ...(at(raw, ["zerotier"])
      ? [
          {
            kind: "zerotier",
            path: ["zerotier", "network", "cidr"],
            prefix: text(raw, ["zerotier", "network", "cidr"]),
            overlapping: wider,
          },
        ]
      : []),
    ...indexes(raw, ["tenants"]).map((t) => ({
      kind: "tenant",
      path: ["tenants", t, "cidr"],
      prefix: text(raw, ["tenants", t, "cidr"]),
      overlapping: wider,
    })),
    ...indexes(raw, ["routers"]).flatMap((r) => interfaces(["routers", r], "router interface")),
    ...indexes(raw, ["hypervisors"]).flatMap((h) => [
      {
        kind: "hypervisor loopback",
        path: ["hypervisors", h, "loopback"],
        prefix: networkOf(text(raw, ["hypervisors", h, "loopback"])),
        overlapping: asHost,
      },
      ...interfaces(["hypervisors", h], "hypervisor interface"),
    ]),
  ];
}

/**
 * Each pair of keys that hold prefixes, of every two kinds (a few pairs of each), the later key
 * made to overlap the earlier: the cross-checks name the later of two keys that overlap.
 */
function overlaps(raw: RawStack, seed: number): Mistake[] {
  const all = holders(raw);
  const byKinds = new Map<string, [Holder, Holder][]>();
  all.forEach((earlier, i) => {
    for (const later of all.slice(i + 1)) {
      const kinds = `${earlier.kind} / ${later.kind}`;
      byKinds.set(kinds, [...(byKinds.get(kinds) ?? []), [earlier, later]]);
    }
  });
  return [...byKinds].flatMap(([kinds, pairs]) =>
    sample(seed, `overlap ${kinds}`, pairs, 3).map(([earlier, later]) =>
      setting(
        `${formatPath(later.path)} overlaps ${formatPath(earlier.path)}`,
        later.path,
        later.overlapping(earlier.prefix),
      ),
    ),
  );
}

/** A later item of a list given the value an earlier one has, at each of a few later items. */
function copies(raw: RawStack, seed: number, listPath: Path, field: Path, what: string): Mistake[] {
  const later = indexes(raw, listPath).slice(1);
  return sample(seed, `twice ${formatPath([...listPath, ...field])}`, later, 3).map((i) => {
    const first = sample(seed, `first ${formatPath([...listPath, i])}`, [...Array(i).keys()], 1)[0];
    const value = at(raw, [...listPath, first, ...field]);
    return setting(`${what} of ${formatPath([...listPath, first])} again`, [...listPath, i, ...field], value);
  });
}

/** A list's first item once more at its end, as it is: a second of one name. */
function repeated(raw: RawStack, listPath: Path, field: Path, what: string): Mistake[] {
  const items = list(raw, listPath);
  if (items.length === 0) return [];
  return [
    mistake(`${what} of ${formatPath([...listPath, 0])} again`, [...listPath, items.length, ...field], (s) =>
      set(s, [...listPath, items.length], structuredClone(items[0])),
    ),
  ];
}

/** Two of a thing with one name, or one identifier twice: the second one's key. */
function twice(raw: RawStack, seed: number): Mistake[] {
  const routers = indexes(raw, ["routers"]);
  const hypervisors = indexes(raw, ["hypervisors"]);
  const tenants = indexes(raw, ["tenants"]);
  const vms = indexes(raw, ["vms"]);
  const manyOrOne = (listPath: Path, field: Path, what: string) =>
    list(raw, listPath).length > 1 ? copies(raw, seed, listPath, field, what) : repeated(raw, listPath, field, what);
  return [
    ...copies(raw, seed, ["routers"], ["name"], "the name"),
    ...copies(raw, seed, ["hypervisors"], ["name"], "the name"),
    ...copies(raw, seed, ["vms"], ["name"], "the name"),
    ...manyOrOne(["tenants"], ["name"], "the name"),
    // Routers, hypervisors and VMs share one set of names.
    ...(routers.length > 0 && hypervisors.length > 0
      ? [setting("a hypervisor with a router's name", ["hypervisors", 0, "name"], text(raw, ["routers", 0, "name"]))]
      : []),
    ...(hypervisors.length > 0 && vms.length > 0
      ? [setting("a VM with a hypervisor's name", ["vms", 0, "name"], text(raw, ["hypervisors", 0, "name"]))]
      : []),
    ...(hypervisors.length > 1
      ? [
          setting(
            "a hypervisor that is another's node",
            ["hypervisors", 1, "node"],
            text(raw, ["hypervisors", 0, "name"]),
          ),
        ]
      : []),
    ...sample(seed, "interface twice", routers, 3).flatMap((r) => [
      ...copies(raw, seed, ["routers", r, "interfaces"], ["name"], "the name"),
      ...copies(raw, seed, ["routers", r, "ospf", "interfaces"], ["interface"], "the interface"),
    ]),
    ...sample(seed, "hypervisor interface twice", hypervisors, 2).flatMap((h) =>
      copies(raw, seed, ["hypervisors", h, "interfaces"], ["name"], "the name"),
    ),
    ...sample(seed, "gateway twice", tenants, 3).flatMap((t) => [
      ...copies(raw, seed, ["tenants", t, "routers"], ["router"], "the gateway router"),
      ...copies(raw, seed, ["tenants", t, "routers"], ["priority"], "the VRRP priority"),
    ]),
    ...indexes(raw, ["templates"])
      .slice(1, 4)
      .map((j) => {
        const earlier = sample(seed, `template ${j}`, [...Array(j).keys()], 1)[0];
        return mistake(`the template of templates[${earlier}] again on its node`, ["templates", j, "node"], (s) => {
          set(s, ["templates", j, "name"], at(raw, ["templates", earlier, "name"]));
          set(s, ["templates", j, "node"], at(raw, ["templates", earlier, "node"]));
        });
      }),
    ...manyOrOne(["storage", "pools"], ["name"], "the name"),
    ...manyOrOne(["storage", "rbd"], ["id"], "the id"),
    ...manyOrOne(["vmUsers"], ["name"], "the name"),
    ...manyOrOne(["zerotier", "members"], ["name"], "the name"),
    ...manyOrOne(["zerotier", "members"], ["nodeId"], "the ZeroTier address"),
    ...manyOrOne(["zerotier", "routers"], ["router"], "the router"),
    // A NAT rule is known by its comment, or else its src: the check names the rule.
    ...repeated(raw, ["nat"], [], "the NAT rule"),
    ...copies(raw, seed, ["tenants"], ["vni"], "the VNI"),
    ...copies(raw, seed, ["tenants"], ["bridge"], "the bridge"),
    ...copies(raw, seed, ["routers"], ["ospf", "routerId"], "the OSPF router-id"),
    ...sample(seed, "vmid twice", vms, 2).flatMap((v) =>
      list(raw, ["templates"]).length > 0
        ? [setting("a template's vmid for a VM", ["vms", v, "vmid"], at(raw, ["templates", 0, "vmid"]))]
        : [],
    ),
    ...sample(seed, "endpoint twice", routers.slice(1), 2).map((r) =>
      mistake("the API endpoint of routers[0] again", ["routers", r, "host"], (s) => {
        set(s, ["routers", r, "host"], at(raw, ["routers", 0, "host"]));
        set(s, ["routers", r, "port"], at(raw, ["routers", 0, "port"]));
      }),
    ),
    ...sample(seed, "ssh endpoint twice", hypervisors.slice(1), 2).map((h) =>
      mistake("the SSH endpoint of hypervisors[0] again", ["hypervisors", h, "host"], (s) => {
        set(s, ["hypervisors", h, "host"], at(raw, ["hypervisors", 0, "host"]));
        set(s, ["hypervisors", h, "sshPort"], at(raw, ["hypervisors", 0, "sshPort"]));
      }),
    ),
    ...sample(seed, "cable twice", indexes(raw, ["links"]).slice(1), 3).map((l) =>
      setting("a port cabled twice", ["links", l, "a"], text(raw, ["links", 0, "b"])),
    ),
    ...sample(seed, "address twice", routers.slice(1), 2).map((r) =>
      setting(
        "routers[0]'s loopback address again",
        ["routers", r, "interfaces", loopbackOf(raw, r), "address"],
        text(raw, ["routers", 0, "interfaces", loopbackOf(raw, 0), "address"]),
      ),
    ),
  ];
}

const loopbackOf = (raw: RawStack, r: number) =>
  indexes(raw, ["routers", r, "interfaces"]).find(
    (i) => at(raw, ["routers", r, "interfaces", i, "loopback"]) === true,
  ) ?? 0;

/** References to what the stack does not have. */
function unknown(raw: RawStack, seed: number): Mistake[] {
  const some = (label: string, path: Path, count = 2) => sample(seed, label, indexes(raw, path), count);
  const name = (what: string) => `no-such-${what}`;
  const pointing = (label: string, listPath: Path, field: Path, what: string, count = 2) =>
    some(label, listPath, count).map((i) => setting(`an unknown ${what}`, [...listPath, i, ...field], name(what)));
  /** A name appended to a list that may be missing. */
  const added = (path: Path, value: string, what: string) =>
    mistake(`an unknown ${what}`, [...path, list(raw, path).length], (s) => set(s, path, [...list(raw, path), value]));
  const routers = indexes(raw, ["routers"]);
  return [
    ...some("gateway", ["tenants"], 3).flatMap((t) =>
      pointing(`gateway of ${t}`, ["tenants", t, "routers"], ["router"], "router", 1),
    ),
    ...some("allow", ["tenants"], 2).map((t) => added(["tenants", t, "allow"], name("tenant"), "tenant")),
    ...(at(raw, ["zerotier"])
      ? [
          added(["zerotier", "network", "allow"], name("tenant"), "tenant"),
          ...pointing("zerotier router", ["zerotier", "routers"], ["router"], "router"),
          ...some("member capability", ["zerotier", "members"], 1).flatMap((m) => [
            added(["zerotier", "members", m, "capabilities"], "nosuchcapability", "capability"),
            added(["zerotier", "members", m, "tags"], "nosuchtag=1", "tag"),
          ]),
        ]
      : []),
    ...sample(seed, "ospf", routers, 3).flatMap((r) =>
      pointing(`ospf of ${r}`, ["routers", r, "ospf", "interfaces"], ["interface"], "interface", 1),
    ),
    ...pointing("vm node", ["vms"], ["node"], "hypervisor"),
    ...pointing("vm tenant", ["vms"], ["tenant"], "tenant"),
    ...pointing("vm template", ["vms"], ["template"], "template"),
    ...pointing("template node", ["templates"], ["node"], "hypervisor"),
    ...some("link device", ["links"]).map((l) =>
      setting("an unknown device", ["links", l, "a"], "no-such-device:ether1"),
    ),
    ...some("link port", ["links"]).map((l) =>
      setting("an unknown port", ["links", l, "b"], `${text(raw, ["links", l, "b"]).split(":")[0]}:no-such-port`),
    ),
    ...pointing("forward src", ["firewall", "forward"], ["src"], "tenant", 1),
    ...pointing("forward dst", ["firewall", "forward"], ["dst"], "tenant", 1),
    ...pointing("input src", ["firewall", "input"], ["src"], "tenant", 1),
    ...some("rbd nodes", ["storage", "rbd"], 1).map((r) =>
      mistake("an unknown hypervisor", ["storage", "rbd", r, "nodes", 0], (s) =>
        set(s, ["storage", "rbd", r, "nodes"], [name("hypervisor")]),
      ),
    ),
    ...(at(raw, ["monitoring"])
      ? [
          added(["monitoring", "exclude"], name("device"), "device"),
          setting("an unknown device", ["monitoring", "locations", name("device")], "Nowhere"),
        ]
      : []),
    // The cluster every hypervisor, storage and VM is made through.
    ...(at(raw, ["proxmox"]) ? [setting("no Proxmox VE cluster", ["proxmox"], undefined)] : []),
    ...sample(seed, "loopback", routers, 2).flatMap((r) => {
      const lo = loopbackOf(raw, r);
      return [
        setting("a loopback without its address", ["routers", r, "interfaces", lo, "address"], undefined),
        mistake(
          "a second loopback",
          ["routers", r, "interfaces", list(raw, ["routers", r, "interfaces"]).length, "loopback"],
          (s) =>
            set(
              s,
              ["routers", r, "interfaces"],
              [...list(raw, ["routers", r, "interfaces"]), { name: "lo2", address: "203.0.113.1/32", loopback: true }],
            ),
        ),
      ];
    }),
  ];
}

/**
 * A port the router's model lacks, named wherever the router's port was (its interface, its
 * links, its OSPF and its uplink): the mistake of a person who typed the wrong port everywhere.
 */
function portsTheModelLacks(raw: RawStack, seed: number): Mistake[] {
  const foreign = [
    ...new Set([
      ...Object.values(MODEL_PORTS)
        .flat()
        .map((p) => p.name),
      "ether99",
    ]),
  ];
  return indexes(raw, ["routers"]).flatMap((r) => {
    const model = MODEL_PORTS[(at(raw, ["routers", r, "model"]) as string | undefined) ?? ""];
    if (!model) return [];
    const router = text(raw, ["routers", r, "name"]);
    const taken = list(raw, ["routers", r, "interfaces"]).map((i) => (i as Fields).name);
    const wrong = foreign.filter((port) => !model.some((p) => p.name === port) && !taken.includes(port));
    const ports = indexes(raw, ["routers", r, "interfaces"]).filter(
      (i) => at(raw, ["routers", r, "interfaces", i, "loopback"]) !== true,
    );
    return sample(seed, `ports of ${r}`, ports, 2).map((i) => {
      const old = text(raw, ["routers", r, "interfaces", i, "name"]);
      const port = sample(seed, `wrong port ${r}/${i}`, wrong, 1)[0];
      return mistake(`a port ${router}'s model lacks`, ["routers", r, "interfaces", i, "name"], (s) => {
        set(s, ["routers", r, "interfaces", i, "name"], port);
        for (const l of indexes(s, ["links"]))
          for (const end of ["a", "b"])
            if (text(s, ["links", l, end]) === `${router}:${old}`) set(s, ["links", l, end], `${router}:${port}`);
        for (const o of indexes(s, ["routers", r, "ospf", "interfaces"]))
          if (text(s, ["routers", r, "ospf", "interfaces", o, "interface"]) === old)
            set(s, ["routers", r, "ospf", "interfaces", o, "interface"], port);
        if (at(s, ["routers", r, "uplink"]) === old) set(s, ["routers", r, "uplink"], port);
      });
    });
  });
}

/** A router whose model has no ZeroTier package, joined to the operators' network (at an address nobody holds). */
function zerotierTheModelLacks(raw: RawStack): Mistake[] {
  if (!at(raw, ["zerotier"])) return [];
  const joined = list(raw, ["zerotier", "routers"]).map((z) => (z as Fields).router);
  const r = indexes(raw, ["routers"]).find((r) => {
    const packages = MODEL_PACKAGES[(at(raw, ["routers", r, "model"]) as string | undefined) ?? ""];
    return packages && !packages.includes("zerotier") && !joined.includes(text(raw, ["routers", r, "name"]));
  });
  if (r === undefined) return [];
  const path = ["zerotier", "routers", joined.length];
  const ip = hostAddress(text(raw, ["zerotier", "network", "cidr"]), 99);
  return [
    mistake(`ZeroTier on a ${text(raw, ["routers", r, "model"])}`, [...path, "router"], (s) =>
      set(s, path, { router: text(raw, ["routers", r, "name"]), ip }),
    ),
  ];
}

/** MTUs above what carries them: a port's L2 MTU, its model's most, a tenant's underlay. */
function mtus(raw: RawStack, seed: number): Mistake[] {
  const ports = indexes(raw, ["routers"]).flatMap((r) =>
    indexes(raw, ["routers", r, "interfaces"])
      .filter((i) => at(raw, ["routers", r, "interfaces", i, "loopback"]) !== true)
      .map((i) => {
        const path = ["routers", r, "interfaces", i];
        const model = MODEL_PORTS[(at(raw, ["routers", r, "model"]) as string | undefined) ?? ""];
        const most = model?.find((p) => p.name === text(raw, [...path, "name"]))?.maxL2mtu;
        return { path, mtu: at(raw, [...path, "mtu"]) as number | undefined, l2mtu: at(raw, [...path, "l2mtu"]), most };
      }),
  );
  return [
    ...sample(
      seed,
      "mtu above l2mtu",
      ports.filter((p) => p.mtu !== undefined),
      3,
    ).map((p) =>
      p.l2mtu === undefined
        ? mistake("an L2 MTU below the MTU", [...p.path, "mtu"], (s) =>
            set(s, [...p.path, "l2mtu"], (p.mtu as number) - 1),
          )
        : setting("an MTU above the L2 MTU", [...p.path, "mtu"], (p.l2mtu as number) + 1),
    ),
    ...sample(
      seed,
      "above the model",
      ports.filter((p) => p.most !== undefined),
      3,
    ).map((p) =>
      p.l2mtu === undefined
        ? setting("an MTU above the most the model's port takes", [...p.path, "mtu"], (p.most as number) + 1)
        : setting("an L2 MTU above the most the model's port takes", [...p.path, "l2mtu"], (p.most as number) + 1),
    ),
    ...sample(seed, "tenant mtu", indexes(raw, ["tenants"]), 2).map((t) =>
      setting("a tenant MTU its underlay cannot carry", ["tenants", t, "mtu"], 65535),
    ),
  ];
}

/** Values outside what their key takes, each at a few of the items that have the key. */
function outOfRange(raw: RawStack, seed: number): Mistake[] {
  const each = (listPath: Path, field: Path, values: unknown[], count = 1) =>
    sample(seed, `range ${formatPath([...listPath, ...field])}`, indexes(raw, listPath), count).flatMap((i) =>
      values.map((value) => setting(`${JSON.stringify(value)} out of range`, [...listPath, i, ...field], value)),
    );
  const routerPorts = indexes(raw, ["routers"]).flatMap((r) =>
    indexes(raw, ["routers", r, "interfaces"]).map((i): Path => ["routers", r, "interfaces", i]),
  );
  const tenantGateways = indexes(raw, ["tenants"]).flatMap((t) =>
    indexes(raw, ["tenants", t, "routers"]).map((g): Path => ["tenants", t, "routers", g]),
  );
  const pools = indexes(raw, ["storage", "pools"]);
  return [
    setting("an operators' prefix of 33 bits", ["management", "operators", 0], "10.0.0.0/33"),
    setting("a zero timeout", ["routerApi", "timeoutSeconds"], 0),
    ...(list(raw, ["nameservers"]).length > 0 ? [setting("an octet of 256", ["nameservers", 0], "10.0.0.256")] : []),
    ...each(["routers"], ["port"], [0, 65536]),
    ...each(["routers"], ["host"], ["256.0.0.1"]),
    ...each(["routers"], ["ospf", "routerId"], ["10.0.0"]),
    ...sample(seed, "router port mtu", routerPorts, 2).flatMap((p) => [
      setting("an MTU of 67", [...p, "mtu"], 67),
      setting("an L2 MTU of 65536", [...p, "l2mtu"], 65536),
    ]),
    ...each(["hypervisors"], ["sshPort"], [0]),
    ...each(["hypervisors"], ["loopback"], ["10.0.0.1/33"]),
    ...each(["tenants"], ["vni"], [0, 16777216]),
    ...each(["tenants"], ["vrid"], [0, 256]),
    ...each(["tenants"], ["mtu"], [575]),
    ...each(["tenants"], ["cidr"], ["10.0.0.0/33"]),
    ...each(["tenants"], ["bridge"], ["vbr-too-long"]),
    ...each(["tenants"], ["gateway"], ["203.0.113.1"]),
    ...sample(seed, "priority", tenantGateways, 2).flatMap((g) => [
      setting("a VRRP priority of 0", [...g, "priority"], 0),
      setting("a VRRP priority of 255, the address owner's", [...g, "priority"], 255),
    ]),
    ...each(["vms"], ["vmid"], [99]),
    ...each(["vms"], ["cores"], [0, 513]),
    ...each(["vms"], ["memory"], [15]),
    ...each(["vms"], ["disk", "size"], [0]),
    ...each(["vms"], ["ip"], ["203.0.113.1"]),
    ...each(["templates"], ["vmid"], [99]),
    ...each(["storage", "pools"], ["size"], [8]),
    ...each(["storage", "pools"], ["minSize"], [0]),
    ...each(["storage", "pools"], ["targetSizeRatio"], [-1]),
    ...sample(seed, "min size", pools, 1).map((p) =>
      mistake("a pool's min size above its size", ["storage", "pools", p, "minSize"], (s) => {
        set(s, ["storage", "pools", p, "size"], 2);
        set(s, ["storage", "pools", p, "minSize"], 3);
      }),
    ),
    ...(at(raw, ["monitoring"])
      ? [
          setting("a poller group of -1", ["monitoring", "pollerGroup"], -1),
          setting("a poller off the management network", ["monitoring", "poller"], "203.0.113.1"),
        ]
      : []),
    ...(at(raw, ["zerotier"])
      ? [
          setting(
            "a pool that ends before it starts",
            ["zerotier", "network", "pool", "end"],
            hostAddress(text(raw, ["zerotier", "network", "cidr"]), 1),
          ),
          ...each(["zerotier", "members"], ["ip"], ["203.0.113.1"]),
          ...each(["zerotier", "routers"], ["ip"], ["203.0.113.1"]),
        ]
      : []),
  ];
}

/**
 * Input rules that drop some of the operators or of the management network on the way to a
 * router's API, put first: the last address of a prefix, half of it, all of it by a network's
 * name, what an accept of the other half leaves, and on the API's port or on every port.
 */
function lockouts(raw: RawStack): Mistake[] {
  const plaintext = at(raw, ["routerApi", "plaintext"]) === true;
  const api = String(at(raw, ["routers", 0, "port"]) ?? (plaintext ? 8728 : 8729));
  const networks = [
    ...list(raw, ["tenants"]).map((t) => [(t as Fields).name, (t as Fields).cidr] as [string, string]),
    ...(at(raw, ["zerotier"])
      ? [[text(raw, ["zerotier", "network", "name"]), text(raw, ["zerotier", "network", "cidr"])] as [string, string]]
      : []),
  ];
  const upperHalf = (prefix: string) => {
    const half = lengthOf(prefix) + 1;
    return `${hostAddress(prefix, 2 ** (32 - half))}/${half}`;
  };
  const lastAddress = (prefix: string) => `${hostAddress(prefix, 2 ** (32 - lengthOf(prefix)) - 1)}/32`;
  const rulesFirst = (name: string, rules: Fields[]) =>
    mistake(name, ["firewall", "input", rules.length - 1], (s) =>
      set(s, ["firewall", "input"], [...rules, ...list(s, ["firewall", "input"])]),
    );
  const protectedPrefixes: [string, string][] = [
    ...list(raw, ["management", "operators"]).map((p, o): [string, string] => [
      `management.operators[${o}]`,
      p as string,
    ]),
    ["management.cidr", text(raw, ["management", "cidr"])],
  ];
  return protectedPrefixes.flatMap(([where, prefix]) => {
    const named = networks.find(([, cidr]) => cidr === prefix);
    const halves =
      lengthOf(prefix) < 32
        ? [
            rulesFirst(`a drop of the upper half of ${where} on the API's port`, [
              { src: upperHalf(prefix), action: "drop", protocol: "tcp", dstPort: api },
            ]),
            rulesFirst(`a drop of ${where} on every port, after an accept of its lower half on the API's`, [
              { src: `${addressOf(prefix)}/${lengthOf(prefix) + 1}`, action: "accept", protocol: "tcp", dstPort: api },
              { src: prefix, action: "drop", protocol: "tcp", dstPort: "1-65535" },
            ]),
          ]
        : [];
    return [
      rulesFirst(`a drop of the last address of ${where}`, [{ src: lastAddress(prefix), action: "drop" }]),
      ...halves,
      rulesFirst(`a drop of ${where} and its neighbour on TCP`, [
        { src: wider(prefix), action: "drop", protocol: "tcp" },
      ]),
      ...(named ? [rulesFirst(`a drop of ${where} by its name`, [{ src: named[0], action: "drop" }])] : []),
    ];
  });
}

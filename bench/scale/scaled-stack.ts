import * as yaml from "js-yaml";

type Config = Record<string, unknown>;
interface StackFile {
  config: Config;
  encryptionsalt?: string;
}
interface RouterEntry {
  name: string;
  port: number;
  interfaces: { name: string; address: string }[];
}
interface Link {
  a: string;
  b: string;
}

const ringPort = (side: "in" | "out") => (side === "in" ? "qsfp28-1-1" : "qsfp28-2-1");
const ringInterface = (name: string, address: string) => ({
  name,
  comment: "OSPF ring interface",
  address,
  mtu: 9050,
  l2mtu: 9134,
});

/**
 * The lab stack with its OSPF ring grown to `routers` routers: MTK-5 and on go into the ring between
 * MTK-4 and MTK-1, each a ring router as MTK-2 is (management port, two ring ports, a loopback,
 * md5-authenticated point-to-point OSPF). Hypervisors, tenants, storage and VMs stay the lab's;
 * so do its secrets, encrypted with the lab passphrase.
 */
export function scaledStackFile(labStackText: string, routers: number): string {
  if (routers < 4 || routers > 150)
    throw new Error(`a scaled stack has from the lab's 4 routers to 150 (asked: ${routers})`);
  if (routers === 4) return labStackText;
  const file = yaml.load(labStackText) as StackFile;
  const config = file.config;
  const routerList = config["budgetcloud:routers"] as RouterEntry[];
  const links = config["budgetcloud:links"] as Link[];
  const closing = links.findIndex((l) => l.a === "MTK-4:qsfp28-2-1" && l.b === "MTK-1:qsfp28-1-1");
  if (closing < 0) throw new Error("the lab stack's ring no longer closes with MTK-4 → MTK-1");

  const mtk1In = routerList.find((r) => r.name === "MTK-1")?.interfaces.find((x) => x.name === ringPort("in"));
  if (!mtk1In) throw new Error("the lab stack's MTK-1 has no ring port");
  // MTK-4's link out keeps its /30 and now ends on MTK-5, which takes MTK-1's end of it; each
  // further link gets 10.100.<k>.0/30, the last one ending on MTK-1.
  const linkNet = (k: number) => `10.100.${k}`;
  let inAddress = mtk1In.address;
  const lastPort = Math.max(...routerList.map((r) => r.port));
  for (let k = 5; k <= routers; k++) {
    const name = `MTK-${k}`;
    routerList.push({
      name,
      model: "CCR2216-1G-12XS-2XQ",
      host: "127.0.0.1",
      port: lastPort + k - 4,
      interfaces: [
        // Past the lab's hypervisors (.11 to .13) and its poller (.10) on the management network.
        { name: "ether1", comment: "Management", address: `192.168.255.${100 + k}/24` },
        ringInterface(ringPort("in"), inAddress),
        ringInterface(ringPort("out"), `${linkNet(k)}.1/30`),
        { name: "lo", comment: "loopback for OSPF", address: `10.254.0.${k}/32`, loopback: true },
      ],
      ospf: {
        routerId: `10.254.0.${k}`,
        interfaces: [
          { interface: ringPort("in"), type: "ptp", auth: "md5" },
          { interface: ringPort("out"), type: "ptp", auth: "md5" },
          { interface: "lo", type: "passive" },
        ],
      },
    } as RouterEntry);
    inAddress = `${linkNet(k)}.2/30`;
  }
  mtk1In.address = inAddress;
  const ring = Array.from({ length: routers - 3 }, (_, i) => {
    const from = i === 0 ? "MTK-4" : `MTK-${i + 4}`;
    const to = i === routers - 4 ? "MTK-1" : `MTK-${i + 5}`;
    return { a: `${from}:${ringPort("out")}`, b: `${to}:${ringPort("in")}` };
  });
  links.splice(closing, 1, ...ring);
  return yaml.dump(file, { lineWidth: -1, flowLevel: 4 });
}

/** The stack with one tenant more, as an operator adds one: its VXLAN, bridge and VRRP gateway on MTK-3 and MTK-4. */
export function withExtraTenant(stackText: string): string {
  const file = yaml.load(stackText) as StackFile;
  const tenants = file.config["budgetcloud:tenants"] as Record<string, unknown>[];
  tenants.push({
    name: "extra",
    vni: 130,
    cidr: "192.168.130.0/24",
    gateway: "192.168.130.1",
    vrid: 130,
    bridge: "vbr130",
    routers: [
      { router: "MTK-3", priority: 200 },
      { router: "MTK-4", priority: 100 },
    ],
  });
  return yaml.dump(file, { lineWidth: -1, flowLevel: 4 });
}

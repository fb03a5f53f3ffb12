import { expect } from "chai";
import { ConfigError, parseStackConfig } from "../../config/load";
import type { StackConfig } from "../../config/schema";
import { crossCheck } from "../../plan/checks";
import { planCloud } from "../../plan/cloud-plan";

/** A small, valid cloud: two gateway routers in a link, one hypervisor, two tenants, one VM. */
function baseConfig(): Record<string, unknown> {
  const router = (n: number) => ({
    name: `R${n}`,
    host: `10.255.0.${n}`,
    interfaces: [
      { name: "ether1", address: `10.255.0.${n}/24` },
      { name: "lo", address: `10.254.0.${n}/32`, loopback: true },
      { name: "qsfp28-1-1", address: `10.141.0.${n}/30`, mtu: 9050, l2mtu: 9134 },
      { name: "sfp28-1", address: `10.131.${n}.1/30`, mtu: 9050, l2mtu: 9134 },
    ],
    ospf: { routerId: `10.254.0.${n}`, interfaces: [{ interface: "qsfp28-1-1", type: "ptp" }] },
  });
  const tenant = (name: string, n: number) => ({
    name,
    vni: n,
    cidr: `192.168.${n}.0/24`,
    gateway: `192.168.${n}.1`,
    vrid: n,
    bridge: `vbr${n}`,
    routers: [
      { router: "R1", priority: 200 },
      { router: "R2", priority: 100 },
    ],
  });
  return {
    environment: "qa",
    domain: "example.net",
    management: { cidr: "10.255.0.0/24", operators: ["10.99.0.0/24"] },
    routers: [router(1), router(2)],
    links: [
      { a: "R1:qsfp28-1-1", b: "R2:qsfp28-1-1" },
      { a: "R1:sfp28-1", b: "PVE-1:ens1f0" },
    ],
    proxmox: { endpoint: "https://10.255.0.11:8006", tokenId: "budgetcloud@pve!pulumi" },
    hypervisors: [
      {
        name: "PVE-1",
        host: "10.255.0.11",
        loopback: "10.254.0.11/32",
        sshHostKey: "SHA256:XmgTJv82m2KQrUfo/IgMy1cGVorAQlzAq3dRZjm88is",
        interfaces: [{ name: "ens1f0", address: "10.131.1.2/30", mtu: 9050 }],
      },
    ],
    tenants: [tenant("app", 110), tenant("sql", 111)],
    templates: [{ name: "ubuntu2204-cloudinit", vmid: 9000, node: "PVE-1" }],
    vms: [
      {
        name: "sql-1",
        node: "PVE-1",
        os: "linux",
        template: "ubuntu2204-cloudinit",
        tenant: "sql",
        ip: "192.168.111.52",
        disk: { size: 30, storage: "vm_data" },
      },
    ],
  };
}

// biome-ignore lint/suspicious/noExplicitAny: each test edits the raw config wherever it needs to.
function configWith(change: (config: Record<string, any>) => void): StackConfig {
  const raw = baseConfig();
  change(raw);
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, JSON.stringify(v)]));
  const secrets = { routerPassword: "x", proxmoxTokenSecret: "x", snippetsSshKey: "x", zerotierToken: "x" };
  return parseStackConfig({ values: { ...values, ...secrets }, secret: new Set(Object.keys(secrets)) }).config;
}

describe("cross-checks", () => {
  it("pass the base config, and the plan is made", () => {
    expect(crossCheck(configWith(() => {}))).to.deep.equal([]);
    expect(planCloud(configWith(() => {})).routers.map((r) => r.name)).to.deep.equal(["R1", "R2"]);
  });

  it("refuse overlapping CIDRs", () => {
    expect(crossCheck(configWith((c) => (c.tenants[1].cidr = "192.168.110.128/25")))).to.deep.equal([
      "budgetcloud:tenants[1].cidr: 192.168.110.128/25 overlaps budgetcloud:tenants[0].cidr (192.168.110.0/24)",
      "budgetcloud:tenants[1].gateway: 192.168.111.1 is not a host address of 192.168.110.128/25",
      "budgetcloud:vms[0].ip: 192.168.111.52 is outside tenant sql's 192.168.110.128/25",
    ]);
  });

  it("refuse a tenant inside the management network", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.tenants[0].cidr = "10.255.0.0/25";
          c.tenants[0].gateway = "10.255.0.100";
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:tenants[0].cidr: 10.255.0.0/25 overlaps budgetcloud:management.cidr (10.255.0.0/24)",
    ]);
  });

  it("refuse a node's management address off the management network, or beside a host already on it", () => {
    expect(crossCheck(configWith((c) => (c.hypervisors[0].managementAddress = "10.254.1.11")))).to.deep.equal([
      "budgetcloud:hypervisors[0].managementAddress: 10.254.1.11 is not a host of the management network 10.255.0.0/24",
    ]);
    expect(crossCheck(configWith((c) => (c.hypervisors[0].managementAddress = "10.255.0.12")))).to.deep.equal([
      "budgetcloud:hypervisors[0].managementAddress: 10.255.0.12 differs from budgetcloud:hypervisors[0].host 10.255.0.11, which is PVE-1's address on the management network already; leave managementAddress out",
    ]);
    expect(
      crossCheck(
        configWith((c) => {
          c.hypervisors[0].host = "127.0.0.1";
          c.hypervisors[0].managementAddress = "10.255.0.1";
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:hypervisors[0].managementAddress: 10.255.0.1 is already budgetcloud:routers[0].interfaces[0].address; give each interface an address of its own",
    ]);
  });

  it("refuse the same VNI twice", () => {
    expect(crossCheck(configWith((c) => (c.tenants[1].vni = 110)))).to.deep.equal([
      "budgetcloud:tenants[1].vni: VNI 110 is already used by budgetcloud:tenants[0].vni",
    ]);
  });

  it("refuse two NAT rules of one name, since each names its rule's resource", () => {
    expect(
      crossCheck(
        configWith(
          (c) =>
            (c.nat = [
              { src: "192.168.110.0/23", comment: "tenants" },
              { src: "10.9.0.0/16", comment: "Tenants" },
            ]),
        ),
      ),
    ).to.deep.equal([
      "budgetcloud:nat[1]: NAT rule name (its comment, or its src when it has none) tenants is already used by budgetcloud:nat[0]",
    ]);
  });

  it("refuse the same VRID twice on one segment", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.tenants[1].bridge = "vbr110";
          c.tenants[1].vrid = 110;
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:tenants[1].bridge: bridge vbr110 is already used by budgetcloud:tenants[0].bridge",
      "budgetcloud:tenants[1].vrid: VRID on R1's segment, VRID vbr110/110 is already used by budgetcloud:tenants[0].vrid",
      "budgetcloud:tenants[1].vrid: VRID on R2's segment, VRID vbr110/110 is already used by budgetcloud:tenants[0].vrid",
    ]);
  });

  it("refuse a VM address outside its tenant's CIDR", () => {
    expect(crossCheck(configWith((c) => (c.vms[0].ip = "192.168.110.52")))).to.deep.equal([
      "budgetcloud:vms[0].ip: 192.168.110.52 is outside tenant sql's 192.168.111.0/24",
    ]);
  });

  it("refuse a VM address that is the gateway or a router's", () => {
    expect(crossCheck(configWith((c) => (c.vms[0].ip = "192.168.111.1")))).to.deep.equal([
      "budgetcloud:vms[0].ip: 192.168.111.1 is already budgetcloud:tenants[1].gateway (the VRRP address)",
    ]);
    expect(crossCheck(configWith((c) => (c.vms[0].ip = "192.168.111.3")))).to.deep.equal([
      "budgetcloud:vms[0].ip: 192.168.111.3 is already budgetcloud:tenants[1].routers[1] (R2's address on vbr111)",
    ]);
  });

  it("refuse two routers with one OSPF router-id", () => {
    expect(crossCheck(configWith((c) => (c.routers[1].ospf.routerId = "10.254.0.1")))).to.deep.equal([
      "budgetcloud:routers[1].ospf.routerId: OSPF router-id 10.254.0.1 is already used by budgetcloud:routers[0].ospf.routerId",
    ]);
  });

  it("refuse a VXLAN MTU above the underlay MTU minus 50", () => {
    expect(crossCheck(configWith((c) => (c.tenants[0].mtu = 9001)))).to.deep.equal([
      "budgetcloud:tenants[0].mtu: 9001 does not fit R1's underlay: the most a VXLAN carries over MTU 9050 is 9000",
      "budgetcloud:tenants[0].mtu: 9001 does not fit R2's underlay: the most a VXLAN carries over MTU 9050 is 9000",
    ]);
  });

  it("refuse a link whose ends disagree on the /30", () => {
    expect(crossCheck(configWith((c) => (c.routers[1].interfaces[2].address = "10.141.0.6/30")))).to.deep.equal([
      "budgetcloud:links[0]: R1:qsfp28-1-1 has 10.141.0.1/30 but R2:qsfp28-1-1 has 10.141.0.6/30: the two ends must share one /30",
    ]);
  });

  it("refuse unknown router, hypervisor, tenant and template names", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.tenants[0].routers[1].router = "R9";
          c.vms[0].node = "PVE-9";
          c.vms[0].tenant = "db";
          c.vms[0].template = "debian13";
          c.templates.push({ name: "debian13-cloudinit", vmid: 9001, node: "PVE-7" });
          c.links[1].b = "PVE-1:ens9";
          c.firewall = { input: [{ src: "office" }] };
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:tenants[0].routers[1].router: unknown router R9",
      "budgetcloud:vms[0].node: unknown hypervisor PVE-9",
      "budgetcloud:vms[0].tenant: unknown tenant db",
      "budgetcloud:vms[0].template: unknown template debian13; declare it in budgetcloud:templates",
      "budgetcloud:links[1].b: PVE-1 has no interface ens9",
      "budgetcloud:firewall.input[0].src: unknown tenant office",
      "budgetcloud:templates[1].node: unknown hypervisor PVE-7",
    ]);
  });

  it("refuse a one-way allow between tenants whose VRRP masters differ: the replies would be dropped", () => {
    const oneWay = (sqlMaster: "R1" | "R2") =>
      configWith((c) => {
        c.tenants[0].allow = ["sql"];
        c.tenants[1].routers = [
          { router: "R1", priority: sqlMaster === "R1" ? 200 : 100 },
          { router: "R2", priority: sqlMaster === "R2" ? 200 : 100 },
        ];
      });
    expect(crossCheck(oneWay("R2"))).to.deep.equal([
      "budgetcloud:tenants[0].allow[0]: app may reach sql, which does not allow it back, and their VRRP masters differ (R1 for app, R2 for sql): sql's replies come back through R1, which never saw the request and drops them; allow app on sql, or give both the same master",
    ]);
    expect(crossCheck(oneWay("R1"))).to.deep.equal([]);
    expect(
      crossCheck(
        configWith((c) => {
          c.tenants[0].allow = ["sql"];
          c.tenants[1].allow = ["app"];
          c.tenants[1].routers[0].priority = 50;
        }),
      ),
    ).to.deep.equal([]);
  });

  it("refuse a firewall that would cut the operators or the management network off the routers' API", () => {
    const input = (...rules: Record<string, unknown>[]) =>
      crossCheck(configWith((c) => (c.firewall = { input: rules })));
    expect(input({ src: "10.0.0.0/8", action: "drop", comment: "no RFC 1918" })).to.deep.equal([
      'budgetcloud:firewall.input[0]: on R1 (budgetcloud:routers[0]), the rule "no RFC 1918" would cut budgetcloud:management.operators[0] (10.99.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
      'budgetcloud:firewall.input[0]: on R1 (budgetcloud:routers[0]), the rule "no RFC 1918" would cut budgetcloud:management.cidr (10.255.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
      'budgetcloud:firewall.input[0]: on R2 (budgetcloud:routers[1]), the rule "no RFC 1918" would cut budgetcloud:management.operators[0] (10.99.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
      'budgetcloud:firewall.input[0]: on R2 (budgetcloud:routers[1]), the rule "no RFC 1918" would cut budgetcloud:management.cidr (10.255.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
    ]);
    // Any address of the prefix, not only its first.
    expect(input({ src: "10.99.0.255/32", action: "drop", protocol: "tcp", dstPort: "8700-8800" })).to.deep.equal([
      'budgetcloud:firewall.input[0]: on R1 (budgetcloud:routers[0]), the rule "drop from 10.99.0.255/32" would cut 10.99.0.255/32 of budgetcloud:management.operators[0] (10.99.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
      'budgetcloud:firewall.input[0]: on R2 (budgetcloud:routers[1]), the rule "drop from 10.99.0.255/32" would cut 10.99.0.255/32 of budgetcloud:management.operators[0] (10.99.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
    ]);
    // What an accept before it lets in stays in; the rest is cut.
    expect(
      input(
        { src: "10.255.0.0/25", protocol: "tcp", dstPort: "8729" },
        { src: "10.255.0.0/24", action: "drop", comment: "management on the API" },
      ),
    ).to.deep.equal([
      'budgetcloud:firewall.input[1]: on R1 (budgetcloud:routers[0]), the rule "management on the API" would cut 10.255.0.128/25 of budgetcloud:management.cidr (10.255.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
      'budgetcloud:firewall.input[1]: on R2 (budgetcloud:routers[1]), the rule "management on the API" would cut 10.255.0.128/25 of budgetcloud:management.cidr (10.255.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
    ]);
    // Other ports and protocols, other sources, and what an accept already let in are no lockout.
    expect(
      input(
        { src: "10.0.0.0/8", action: "drop", protocol: "tcp", dstPort: "22" },
        { src: "10.0.0.0/8", action: "drop", protocol: "udp" },
        { src: "10.98.0.0/16", action: "drop" },
        { src: "10.0.0.0/8", protocol: "tcp" },
        { src: "10.0.0.0/8", action: "drop" },
      ),
    ).to.deep.equal([]);
  });

  it("refuse two routers, hypervisors or VMs of one name, and a Proxmox node twice", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.routers[1].name = "R1";
          c.vms[0].name = "PVE-1";
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:routers[1].name: R1 is already the name of budgetcloud:routers[0]; give each router, hypervisor and VM a name of its own",
      "budgetcloud:vms[0].name: PVE-1 is already the name of budgetcloud:hypervisors[0]; give each router, hypervisor and VM a name of its own",
      "budgetcloud:tenants[0].routers[1].router: unknown router R2",
      "budgetcloud:tenants[1].routers[1].router: unknown router R2",
      "budgetcloud:links[0].b: unknown router or hypervisor R2",
    ]);
    expect(
      crossCheck(
        configWith((c) => {
          c.tenants[0].routers[1].router = "R1";
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:tenants[0].routers[1].router: R1 is already a gateway of app (budgetcloud:tenants[0].routers[0]); list each router once",
    ]);
    expect(
      crossCheck(
        configWith((c) => {
          c.hypervisors.push({ ...c.hypervisors[0], name: "PVE-2", node: "PVE-1", host: "10.255.0.12" });
          c.hypervisors[1].loopback = "10.254.0.12/32";
          c.hypervisors[1].interfaces = [];
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:hypervisors[1].node: PVE-1 is already the Proxmox node of budgetcloud:hypervisors[0]; each hypervisor is a node of its own",
    ]);
  });

  it("refuse two tenants, pools, storages or VM users of one name, and a template twice on one node", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.tenants[1].name = "app";
          c.vms[0].tenant = "app";
          c.templates.push({ name: "ubuntu2204-cloudinit", vmid: 9001, node: "PVE-1" });
          c.storage = {
            pools: [{ name: "vm_data" }, { name: "vm_data" }],
            rbd: [
              { id: "vm_data", pool: "vm_data" },
              { id: "vm_data", pool: "vm_data" },
            ],
          };
          c.vmUsers = [{ name: "ansible" }, { name: "ansible" }];
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:tenants[1].name: app is already the name of budgetcloud:tenants[0]; give each tenant a name of its own",
      "budgetcloud:templates[1].node: ubuntu2204-cloudinit on PVE-1 is already budgetcloud:templates[0]; a node holds one copy of each template",
      "budgetcloud:storage.pools[1].name: vm_data is already the name of budgetcloud:storage.pools[0]; give each pool a name of its own",
      "budgetcloud:storage.rbd[1].id: vm_data is already the id of budgetcloud:storage.rbd[0]; give each storage an id of its own",
      "budgetcloud:vmUsers[1].name: ansible is already the name of budgetcloud:vmUsers[0]; list each user once",
    ]);
  });

  it("refuse an interface listed twice on a router, a hypervisor or in a router's OSPF", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.routers[0].interfaces[3].name = "qsfp28-1-1";
          c.routers[1].ospf.interfaces.push({ interface: "qsfp28-1-1", type: "ptp" });
          c.hypervisors[0].interfaces.push({ name: "ens1f0", address: "10.132.1.2/30" });
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:routers[0].interfaces[3].name: R1 already has an interface qsfp28-1-1 (budgetcloud:routers[0].interfaces[2]); list each interface once",
      "budgetcloud:routers[1].ospf.interfaces[1].interface: qsfp28-1-1 is already in R2's OSPF (budgetcloud:routers[1].ospf.interfaces[0]); list each interface once",
      "budgetcloud:hypervisors[0].interfaces[1].name: PVE-1 already has an interface ens1f0 (budgetcloud:hypervisors[0].interfaces[0]); list each interface once",
      "budgetcloud:links[1].a: R1 has no interface sfp28-1",
    ]);
  });

  it("refuse a link whose ends' MTUs differ, a hypervisor's NIC at the kernel's 1500 where the stack gives none", () => {
    expect(crossCheck(configWith((c) => delete c.hypervisors[0].interfaces[0].mtu))).to.deep.equal([
      "budgetcloud:links[1]: R1:sfp28-1 has MTU 9050 but PVE-1:ens1f0 has 1500: OSPF forms no adjacency across a link whose ends' MTUs differ; give both ends one mtu",
    ]);
  });

  it("refuse a port cabled twice", () => {
    expect(crossCheck(configWith((c) => c.links.push({ a: "R2:sfp28-1", b: "PVE-1:ens1f0" })))).to.deep.equal([
      "budgetcloud:links[2].b: PVE-1:ens1f0 is already cabled by budgetcloud:links[1].b; a port takes one cable",
      "budgetcloud:links[2]: R2:sfp28-1 has 10.131.2.1/30 but PVE-1:ens1f0 has 10.131.1.2/30: the two ends must share one /30",
    ]);
  });

  const opsNetwork = {
    name: "ops",
    cidr: "10.192.0.0/24",
    pool: { start: "10.192.0.100", end: "10.192.0.199" },
    rules: "accept;",
  };

  it("refuse a router listed twice among those that join, with the OSPF it leaves without zerotier1", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.zerotier = {
            network: opsNetwork,
            routers: [
              { router: "R1", ip: "10.192.0.1" },
              { router: "R1", ip: "10.192.0.2" },
            ],
          };
          c.routers[1].ospf.interfaces.push({ interface: "zerotier1", type: "passive" });
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:routers[1].ospf.interfaces[1].interface: R2 has no interface zerotier1; list R2 in budgetcloud:zerotier.routers to join it",
      "budgetcloud:zerotier.routers[1].router: R1 is listed twice",
    ]);
  });

  it("refuse a router that joins the operators' network on a model without the ZeroTier package", () => {
    const joining = (model: string) =>
      crossCheck(
        configWith((c) => {
          c.zerotier = {
            network: opsNetwork,
            routers: [{ router: "R2", ip: "10.192.0.2" }],
          };
          c.routers[1].model = model;
        }),
        // A CHR's ports are not R2's: those problems are the port check's.
      ).filter((problem) => !problem.includes(".interfaces["));
    expect(joining("CHR")).to.deep.equal([
      "budgetcloud:zerotier.routers[0].router: R2 is a CHR (budgetcloud:routers[1].model), which has no ZeroTier package; MikroTik builds it for ARM and ARM64 routers only",
    ]);
    expect(joining("CCR2216-1G-12XS-2XQ")).to.deep.equal([]);
  });

  it("refuse a ZeroTier member name twice, and a pool that ends before it starts", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.zerotier = {
            network: {
              name: "ops",
              cidr: "10.192.0.0/24",
              pool: { start: "10.192.0.100", end: "10.192.0.99" },
              rules: "accept;",
            },
            members: [
              { name: "laptop", nodeId: "abcdef0123" },
              { name: "laptop", nodeId: "abcdef0124" },
            ],
          };
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:zerotier.network.pool.end: 10.192.0.99 comes before the pool's start 10.192.0.100; a pool runs from its start up to its end",
      "budgetcloud:zerotier.members[1].name: laptop is already the name of budgetcloud:zerotier.members[0]; give each member a name of its own",
    ]);
  });

  it("refuse hypervisors, storage and VMs without the cluster they are made through", () => {
    expect(crossCheck(configWith((c) => delete c.proxmox))).to.deep.equal([
      "budgetcloud:proxmox: required: budgetcloud:hypervisors, budgetcloud:vms are made through the Proxmox VE API it names; set its endpoint and tokenId",
    ]);
  });

  it("refuse a router without its loopback, or with two", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.routers[0].interfaces[1].loopback = false;
          delete c.routers[1].interfaces[1].address;
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:routers[0].interfaces: R1 has no loopback; mark the interface that holds its /32 with loopback: true",
      "budgetcloud:routers[1].interfaces[1].address: required: R2's loopback holds its /32",
    ]);
    expect(
      crossCheck(
        configWith((c) => c.routers[0].interfaces.push({ name: "lo2", address: "10.254.1.1/32", loopback: true })),
      ),
    ).to.deep.equal([
      "budgetcloud:routers[0].interfaces[4].loopback: R1 already has its loopback, budgetcloud:routers[0].interfaces[1]; a router has one",
    ]);
  });

  it("refuse a port its router's model lacks, and MTUs above the L2 MTU the port has or takes", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.routers[0].model = "CCR2216-1G-12XS-2XQ";
          c.routers[0].interfaces[0].mtu = 9587;
          c.routers[0].interfaces[2].l2mtu = 9571;
          c.routers[0].interfaces[3].mtu = 9135;
          c.routers[1].model = "CHR";
          c.routers[1].interfaces[3].mtu = 9060;
          c.routers[1].interfaces[3].l2mtu = 9000;
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:routers[0].interfaces[0].mtu: 9587 is above the L2 MTU ether1 of a CCR2216-1G-12XS-2XQ takes at most (9586)",
      "budgetcloud:routers[0].interfaces[2].l2mtu: 9571 is above the L2 MTU qsfp28-1-1 of a CCR2216-1G-12XS-2XQ takes at most (9570)",
      "budgetcloud:routers[0].interfaces[3].mtu: 9135 is above its l2mtu 9134: a port's L2 MTU must hold its packets; lower mtu or raise l2mtu",
      "budgetcloud:routers[1].interfaces[2].name: a CHR has no port qsfp28-1-1; its ports are ether1, ether2, ether3, ether4",
      "budgetcloud:routers[1].interfaces[3].mtu: 9060 is above its l2mtu 9000: a port's L2 MTU must hold its packets; lower mtu or raise l2mtu",
      "budgetcloud:routers[1].interfaces[3].name: a CHR has no port sfp28-1; its ports are ether1, ether2, ether3, ether4",
      // The port's MTU is its link's too: the hypervisor's end stays at 9050.
      "budgetcloud:links[1]: R1:sfp28-1 has MTU 9135 but PVE-1:ens1f0 has 9050: OSPF forms no adjacency across a link whose ends' MTUs differ; give both ends one mtu",
    ]);
    // A router of a model not known here, or without a model, is not checked for ports.
    expect(crossCheck(configWith((c) => (c.routers[0].model = "RB5009UG+S+IN")))).to.deep.equal([]);
  });

  it("refuse overlaps with the hypervisors' loopbacks and interfaces, and a loopback inside the management network", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.hypervisors[0].loopback = "10.141.0.0/32";
          c.hypervisors[0].interfaces.push({ name: "ens1f1", address: "192.168.111.200/30" });
          c.routers[1].interfaces[1].address = "10.255.0.200/32";
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:routers[1].interfaces[1].address: 10.255.0.200/32 overlaps budgetcloud:management.cidr (10.255.0.0/24)",
      "budgetcloud:hypervisors[0].interfaces[1].address: 192.168.111.200/30 overlaps budgetcloud:tenants[1].cidr (192.168.111.0/24)",
      "budgetcloud:hypervisors[0].loopback: 10.141.0.0/32 overlaps budgetcloud:routers[0].interfaces[2].address (10.141.0.0/30)",
      "budgetcloud:hypervisors[0].loopback: 10.141.0.0/32 overlaps budgetcloud:routers[1].interfaces[2].address (10.141.0.0/30)",
    ]);
  });

  it("refuse an address two interfaces hold, and two devices at one endpoint", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.routers[1].interfaces[1].address = "10.254.0.1/32";
          c.routers[1].host = "10.255.0.1";
          c.hypervisors.push({ ...c.hypervisors[0], name: "PVE-2", loopback: "10.254.0.12/32", interfaces: [] });
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:routers[1].interfaces[1].address: 10.254.0.1 is already budgetcloud:routers[0].interfaces[1].address; give each interface an address of its own",
      "budgetcloud:routers[1].host: API endpoint 10.255.0.1:8729 is already used by budgetcloud:routers[0].host",
      "budgetcloud:hypervisors[1].host: SSH endpoint 10.255.0.11:22 is already used by budgetcloud:hypervisors[0].host",
      "budgetcloud:routers[1].host: 10.255.0.1 is none of R2's addresses (10.255.0.2, 10.254.0.1, 10.141.0.2, 10.131.2.1): Pulumi would open the API of another device, or of none",
    ]);
  });

  it("refuse two routers of one tenant at one VRRP priority", () => {
    expect(crossCheck(configWith((c) => (c.tenants[0].routers[1].priority = 200)))).to.deep.equal([
      "budgetcloud:tenants[0].routers[1].priority: 200 is already R1's (budgetcloud:tenants[0].routers[0]); VRRP breaks a tie by address, not by this list: give each router of app a priority of its own",
    ]);
  });

  it("refuse a pool's min size above its size", () => {
    expect(
      crossCheck(configWith((c) => (c.storage = { pools: [{ name: "vm_data", size: 2, minSize: 3 }] }))),
    ).to.deep.equal([
      "budgetcloud:storage.pools[0].minSize: 3 is above the pool's size 2; Ceph takes a min_size from 1 to the size",
    ]);
  });

  it("refuse a tenant prefix with no host address left for a gateway router", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.tenants[0].cidr = "192.168.110.0/30";
          c.tenants[0].gateway = "192.168.110.2";
        }),
      ),
    ).to.deep.equal([
      "budgetcloud:tenants[0].routers[1]: 192.168.110.0/30 has no host address left for R2's own on vbr110 (the VRRP address and the routers before it take them all); give app a larger prefix",
    ]);
  });

  it("are reported together by the planner, as one config error", () => {
    const config = configWith((c) => (c.tenants[1].vni = 110));
    expect(() => planCloud(config))
      .to.throw(ConfigError)
      .with.property("problems")
      .that.deep.equals(["budgetcloud:tenants[1].vni: VNI 110 is already used by budgetcloud:tenants[0].vni"]);
  });
});

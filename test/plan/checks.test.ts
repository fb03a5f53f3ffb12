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
    hypervisors: [
      {
        name: "PVE-1",
        host: "10.255.0.11",
        loopback: "10.254.0.11/32",
        sshHostKey: "SHA256:XmgTJv82m2KQrUfo/IgMy1cGVorAQlzAq3dRZjm88is",
        interfaces: [{ name: "ens1f0", address: "10.131.1.2/30" }],
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
  const secrets = { routerPassword: "x", proxmoxTokenSecret: "x", snippetsSshKey: "x" };
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

  it("refuse a firewall that would cut the operators off the routers' API", () => {
    expect(
      crossCheck(
        configWith((c) => {
          c.firewall = { input: [{ src: "10.0.0.0/8", action: "drop", comment: "no RFC 1918" }] };
        }),
      ),
    ).to.deep.equal([
      'budgetcloud:firewall.input: on R1 (budgetcloud:routers[0]), the rule "no RFC 1918" would cut budgetcloud:management.operators[0] (10.99.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
      'budgetcloud:firewall.input: on R2 (budgetcloud:routers[1]), the rule "no RFC 1918" would cut budgetcloud:management.operators[0] (10.99.0.0/24) off the API on port 8729; refusing to lock Pulumi out',
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

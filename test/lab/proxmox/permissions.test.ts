import { expect } from "chai";
import { ProxmoxLab } from "../../../lab/proxmox/lab";
import {
  Access,
  ALLOCATE_GUARDED_READS,
  loadPermissions,
  PVE_AUDITOR_PRIVILEGES,
  PVE_PRIVILEGES,
  READ_ONLY_PRIVILEGES,
} from "../../../lab/proxmox/permissions";
import { ApiReference } from "../../../lab/proxmox/schema";
import { call, data, labForSuite, type Reply, runTask, TOKEN } from "./helpers";

/** The token previews and refreshes use: PVE's audit privileges only. */
const READER = {
  id: "budgetcloud@pve!preview",
  secret: "0b7e3c1a-6f2d-4c59-8e14-2a9d5b7c3f60",
  privileges: READ_ONLY_PRIVILEGES,
};
/** A reader that may not audit guests, nor nodes. */
const BLIND = {
  id: "budgetcloud@pve!blind",
  secret: "9d4a1f7e-2b3c-4e8d-a5f6-0c1b2d3e4f50",
  privileges: READ_ONLY_PRIVILEGES.filter((p) => p !== "VM.Audit" && p !== "Sys.Audit"),
};

const as = (token: { id: string; secret: string }) => ({ authorization: `PVEAPIToken=${token.id}=${token.secret}` });

/** PVE's 403 as pve-http-server sends it: the reason phrase and the JSON body with the message. */
const refused = (what?: string) => {
  const message = `Permission check failed${what === undefined ? "" : ` (${what})`}`;
  return { status: 403, reason: message, text: JSON.stringify({ data: null, message: `${message}\n` }) };
};
const answerOf = (reply: Reply) => ({ status: reply.status, reason: reply.reason, text: reply.text });

/** An answer without the figures that move while the test runs. */
function steady(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(steady);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "uptime")
        .map(([key, v]) => [key, steady(v)]),
    );
  }
  return value;
}

const expand = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(values[name]);
  });

/** A cluster with one of everything the lab implements, made with the token that may write. */
async function populate(lab: ProxmoxLab): Promise<Record<string, string>> {
  const clone = await runTask(lab, "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 100, full: 1, name: "web" });
  await runTask(lab, "POST", "/nodes/PVE-1/qemu/100/status/start");
  await runTask(lab, "POST", "/nodes/PVE-1/ceph/pool", { name: "vm_data" });
  await data(lab, "POST", "/cluster/sdn/zones", { zone: "tenants", type: "vxlan", peers: "10.0.0.1,10.0.0.2" });
  await data(lab, "POST", "/cluster/sdn/vnets", { vnet: "vbr110", zone: "tenants", tag: 110 });
  await data(lab, "POST", "/cluster/sdn/vnets/vbr110/subnets", { subnet: "10.110.0.0/24", type: "subnet" });
  await data(lab, "POST", "/cluster/sdn/fabrics/fabric", { id: "underlay", protocol: "ospf", area: "0.0.0.0" });
  await data(lab, "POST", "/cluster/sdn/fabrics/node/underlay", {
    node_id: "PVE-1",
    protocol: "ospf",
    ip: "192.168.254.11",
    interfaces: ["name=ens1f0,ip=192.168.121.2/30"],
  });
  await runTask(lab, "PUT", "/cluster/sdn");
  await data(lab, "POST", "/cluster/ha/resources", { sid: "vm:100" });
  await data(lab, "POST", "/cluster/ha/rules", {
    rule: "web-on-pve1",
    type: "node-affinity",
    resources: "vm:100",
    nodes: "PVE-1",
  });
  await data(lab, "POST", "/pools", { poolid: "tenants", comment: "tenant VMs" });
  const disks = await data<{ volid: string }[]>(lab, "GET", "/nodes/PVE-1/storage/local-lvm/content?vmid=100");
  return {
    node: "PVE-1",
    vmid: "100",
    upid: clone.upid,
    storage: "local-lvm",
    volume: disks[0].volid,
    name: "vm_data",
    sid: "vm:100",
    rule: "web-on-pve1",
    group: "g1",
    zone: "tenants",
    vnet: "vbr110",
    subnet: "tenants-10.110.0.0-24",
    controller: "evpn1",
    ipam: "pve",
    dns: "powerdns",
    id: "underlay",
    fabric_id: "underlay",
    node_id: "PVE-1",
    poolid: "tenants",
    iface: "eno1",
  };
}

describe("Proxmox emulator: API token privileges, as PVE 9.1 checks them", () => {
  const declarations = loadPermissions();

  describe("the vendored permissions", () => {
    const routeLab = labForSuite();

    it("declare every method the lab implements, and only those", () => {
      const implemented = routeLab().implementedRoutes();
      expect(implemented.filter((route) => !declarations.has(route))).to.deep.equal([]);
      expect([...declarations.keys()].filter((route) => !implemented.includes(route))).to.deep.equal([]);
      expect(implemented.length).to.equal(111);
    });

    it("name paths the API reference has, and a source for each; no method refuses API tokens", () => {
      const reference = ApiReference.load();
      for (const [route, declaration] of declarations) {
        const [method, template] = route.split(" ");
        expect(reference.method(template, method as "GET"), route).to.not.equal(undefined);
        expect(declaration.repo, route).to.match(
          /^proxmox\/(pve-manager|qemu-server|pve-storage|pve-network|pve-ha-manager)$/,
        );
        expect(declaration.file, route).to.match(/PVE\/API2(\/.+)?\.pm$/);
        expect(declaration.allowtoken, route).to.equal(undefined);
      }
    });

    it("read as PVE wrote them", () => {
      expect(declarations.get("GET /nodes/{node}/qemu/{vmid}/config")?.permissions).to.deep.equal({
        check: ["perm", "/vms/{vmid}", ["VM.Audit"]],
      });
      expect(declarations.get("POST /nodes/{node}/qemu/{vmid}/clone")?.permissions?.check).to.deep.equal([
        "and",
        ["perm", "/vms/{vmid}", ["VM.Clone"]],
        [
          "or",
          ["perm", "/vms/{newid}", ["VM.Allocate"]],
          ["perm", "/pool/{pool}", ["VM.Allocate"], "require_param", "pool"],
        ],
      ]);
      expect(declarations.get("GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces")?.permissions).to.deep.equal(
        { check: ["perm", "/vms/{vmid}", ["VM.GuestAgent.Audit", "VM.GuestAgent.Unrestricted"], "any", 1] },
      );
      expect(declarations.get("GET /cluster/resources")?.permissions).to.deep.equal({ user: "all" });
    });
  });

  describe("the read-only privileges", () => {
    const reads = [...declarations.entries()].filter(([route]) => route.startsWith("GET "));
    const passes = (privileges: readonly string[], route: string) => {
      try {
        new Access(privileges).checkApi2(declarations.get(route)?.permissions ?? null, {});
        return true;
      } catch {
        return false;
      }
    };

    it("are privileges PVE knows, all within its PVEAuditor role", () => {
      expect(READ_ONLY_PRIVILEGES.filter((p) => !PVE_PRIVILEGES.includes(p))).to.deep.equal([]);
      expect(READ_ONLY_PRIVILEGES.filter((p) => !PVE_AUDITOR_PRIVILEGES.includes(p))).to.deep.equal([]);
      expect(PVE_AUDITOR_PRIVILEGES.filter((p) => !READ_ONLY_PRIVILEGES.includes(p))).to.deep.equal(["Mapping.Audit"]);
    });

    it("pass the declared check of every GET but those PVE guards with an Allocate privilege", () => {
      const failing = reads.filter(([route]) => !passes(READ_ONLY_PRIVILEGES, route)).map(([route]) => route);
      expect(failing.sort()).to.deep.equal([...ALLOCATE_GUARDED_READS].sort());
      for (const route of ALLOCATE_GUARDED_READS) {
        expect(JSON.stringify(declarations.get(route)?.permissions), route).to.match(/\.Allocate"\]\]\}$/);
      }
    });

    it("are each needed: without any one of them some GET is refused", () => {
      for (const privilege of READ_ONLY_PRIVILEGES) {
        const fewer = READ_ONLY_PRIVILEGES.filter((p) => p !== privilege);
        const lost = reads.filter(([route]) => passes(READ_ONLY_PRIVILEGES, route) && !passes(fewer, route));
        expect(lost.length, privilege).to.be.greaterThan(0);
      }
    });
  });

  describe("over HTTPS", () => {
    const lab = labForSuite({ tokens: [TOKEN, READER, BLIND] });

    it("lets the read-only token read every GET the lab implements as the token that may write reads it (but the two below)", async () => {
      const values = await populate(lab());
      const gets = lab()
        .implementedRoutes()
        .filter((route) => route.startsWith("GET "))
        .map((route) => route.slice(4));
      const differ: string[] = [];
      for (const template of gets) {
        const route = `GET ${template}`;
        if (ALLOCATE_GUARDED_READS.includes(route) || template.startsWith("/nodes/{node}/storage/{storage}/content")) {
          continue; // below
        }
        const path = expand(template, values);
        const writer = await call(lab(), "GET", path);
        const reader = await call(lab(), "GET", path, undefined, as(READER));
        if (
          reader.status !== writer.status ||
          JSON.stringify(steady(reader.json)) !== JSON.stringify(steady(writer.json))
        ) {
          differ.push(`${route}: ${reader.status} ${reader.text}`);
        }
        // Everything budgetcloud reads answers; HA groups are closed in PVE 9 for everyone.
        if (template.startsWith("/cluster/ha/groups")) expect(writer.status, route).to.equal(500);
        else if (template.startsWith("/cluster/sdn/")) expect(writer.status, route).to.be.oneOf([200, 500]);
        else expect(writer.status, `${route}: ${writer.text}`).to.equal(200);
      }
      expect(differ).to.deep.equal([]);
      expect(gets.length).to.equal(53);
    });

    it("refuses the read-only token the GETs PVE guards with an Allocate privilege", async () => {
      const values = await populate(lab());
      const answers = [];
      for (const route of ALLOCATE_GUARDED_READS) {
        answers.push(answerOf(await call(lab(), "GET", expand(route.slice(4), values), undefined, as(READER))));
      }
      expect(answers).to.deep.equal([
        refused("/storage/local-lvm, Datastore.Allocate"),
        refused("/sdn/zones/tenants, SDN.Allocate"),
        refused("/sdn/controllers/evpn1, SDN.Allocate"),
        refused("/sdn/ipams/pve, SDN.Allocate"),
        refused("/sdn/dns/powerdns, SDN.Allocate"),
      ]);
      expect((await call(lab(), "GET", "/storage/local-lvm")).status).to.equal(200);
    });

    it("shows the read-only token no guest disk and no snippet in a storage's content: PVE asks more for those", async () => {
      const values = await populate(lab());
      const content = "/nodes/PVE-1/storage/local-lvm/content";
      expect((await data<unknown[]>(lab(), "GET", content)).length).to.be.greaterThan(0);
      const listed = await call(lab(), "GET", content, undefined, as(READER));
      expect([listed.status, listed.json?.data]).to.deep.equal([200, []]);
      const info = await call(lab(), "GET", `${content}/${encodeURIComponent(values.volume)}`, undefined, as(READER));
      expect(answerOf(info)).to.deep.equal(refused("/vms/100, VM.Config.Disk"));
      const snippet = await call(
        lab(),
        "GET",
        "/nodes/PVE-1/storage/local/content/local:snippets/user.yaml",
        undefined,
        {
          ...as(READER),
        },
      );
      expect([snippet.status, snippet.json?.message]).to.deep.equal([
        500,
        "missing privileges to access local:snippets/user.yaml\n",
      ]);
    });

    it("refuses the read-only token every write with PVE's exact 403, and nothing changes", async () => {
      const values = await populate(lab());
      const p = (template: string) => expand(template, values);
      const writes: [string, string, Record<string, unknown>, string | undefined][] = [
        ["POST", "/storage", { storage: "ceph2", type: "rbd", pool: "vm_data" }, "/storage, Datastore.Allocate"],
        ["PUT", "/storage/{storage}", { content: "images" }, "/storage, Datastore.Allocate"],
        ["DELETE", "/storage/{storage}", {}, "/storage, Datastore.Allocate"],
        ["POST", "/cluster/sdn/zones", { zone: "z2", type: "simple" }, "/sdn/zones, SDN.Allocate"],
        ["PUT", "/cluster/sdn/zones/{zone}", { mtu: 1400 }, "/sdn/zones/tenants, SDN.Allocate"],
        ["DELETE", "/cluster/sdn/zones/{zone}", {}, "/sdn/zones/tenants, SDN.Allocate"],
        ["POST", "/cluster/sdn/vnets", { vnet: "vbr120", zone: "tenants" }, "/sdn/zones/tenants, SDN.Allocate"],
        ["PUT", "/cluster/sdn/vnets/{vnet}", { tag: 111 }, "/sdn/zones/tenants/vbr110, SDN.Allocate"],
        ["DELETE", "/cluster/sdn/vnets/{vnet}", {}, "/sdn/zones/tenants/vbr110, SDN.Allocate"],
        [
          "POST",
          "/cluster/sdn/vnets/{vnet}/subnets",
          { subnet: "10.111.0.0/24", type: "subnet" },
          "/sdn/zones/tenants/vbr110, SDN.Allocate",
        ],
        [
          "PUT",
          "/cluster/sdn/vnets/{vnet}/subnets/{subnet}",
          { gateway: "10.110.0.1" },
          "/sdn/zones/tenants/vbr110, SDN.Allocate",
        ],
        ["DELETE", "/cluster/sdn/vnets/{vnet}/subnets/{subnet}", {}, "/sdn/zones/tenants/vbr110, SDN.Allocate"],
        [
          "POST",
          "/cluster/sdn/controllers",
          { controller: "evpn1", type: "evpn", asn: 65000 },
          "/sdn/controllers, SDN.Allocate",
        ],
        ["PUT", "/cluster/sdn/controllers/{controller}", { asn: 65001 }, "/sdn/controllers, SDN.Allocate"],
        ["DELETE", "/cluster/sdn/controllers/{controller}", {}, "/sdn/controllers, SDN.Allocate"],
        ["POST", "/cluster/sdn/ipams", { ipam: "pve", type: "pve" }, "/sdn/ipams, SDN.Allocate"],
        ["PUT", "/cluster/sdn/ipams/{ipam}", {}, "/sdn/ipams, SDN.Allocate"],
        ["DELETE", "/cluster/sdn/ipams/{ipam}", {}, "/sdn/ipams, SDN.Allocate"],
        ["POST", "/cluster/sdn/dns", { dns: "powerdns", type: "powerdns" }, "/sdn/dns, SDN.Allocate"],
        ["PUT", "/cluster/sdn/dns/{dns}", { ttl: 60 }, "/sdn/dns, SDN.Allocate"],
        ["DELETE", "/cluster/sdn/dns/{dns}", {}, "/sdn/dns, SDN.Allocate"],
        [
          "POST",
          "/cluster/sdn/fabrics/fabric",
          { id: "f2", protocol: "ospf", area: "0.0.0.0" },
          "/sdn/fabrics, SDN.Allocate",
        ],
        ["PUT", "/cluster/sdn/fabrics/fabric/{id}", { protocol: "ospf" }, "/sdn/fabrics/underlay, SDN.Allocate"],
        ["DELETE", "/cluster/sdn/fabrics/fabric/{id}", {}, "/sdn/fabrics/underlay, SDN.Allocate"],
        [
          "POST",
          "/cluster/sdn/fabrics/node/{fabric_id}",
          { node_id: "PVE-2", protocol: "ospf", ip: "192.168.254.12" },
          "/sdn/fabrics/underlay, SDN.Allocate",
        ],
        [
          "PUT",
          "/cluster/sdn/fabrics/node/{fabric_id}/{node_id}",
          { protocol: "ospf", ip: "192.168.254.13" },
          "/sdn/fabrics/underlay, SDN.Allocate",
        ],
        ["DELETE", "/cluster/sdn/fabrics/node/{fabric_id}/{node_id}", {}, "/sdn/fabrics/underlay, SDN.Allocate"],
        ["PUT", "/cluster/sdn", {}, "/sdn, SDN.Allocate"],
        ["POST", "/cluster/ha/resources", { sid: "vm:9000" }, "/, Sys.Console"],
        ["PUT", "/cluster/ha/resources/{sid}", { state: "stopped" }, "/, Sys.Console"],
        ["DELETE", "/cluster/ha/resources/{sid}", {}, "/, Sys.Console"],
        [
          "POST",
          "/cluster/ha/rules",
          { rule: "r2", type: "node-affinity", resources: "vm:100", nodes: "PVE-2" },
          "/, Sys.Console",
        ],
        ["PUT", "/cluster/ha/rules/{rule}", { type: "node-affinity", nodes: "PVE-2" }, "/, Sys.Console"],
        ["DELETE", "/cluster/ha/rules/{rule}", {}, "/, Sys.Console"],
        ["POST", "/cluster/ha/groups", { group: "g1", nodes: "PVE-1" }, "/, Sys.Console"],
        ["PUT", "/cluster/ha/groups/{group}", { nodes: "PVE-1" }, "/, Sys.Console"],
        ["DELETE", "/cluster/ha/groups/{group}", {}, "/, Sys.Console"],
        ["POST", "/pools", { poolid: "staff" }, "/pool/staff, Pool.Allocate"],
        ["PUT", "/pools/{poolid}", { comment: "x" }, "/pool/tenants, Pool.Allocate"],
        ["DELETE", "/pools/{poolid}", {}, "/pool/tenants, Pool.Allocate"],
        ["POST", "/nodes/{node}/ceph/pool", { name: "vm_fast" }, "/, Sys.Modify"],
        ["PUT", "/nodes/{node}/ceph/pool/{name}", { size: 2 }, "/, Sys.Modify"],
        ["DELETE", "/nodes/{node}/ceph/pool/{name}", {}, "/, Sys.Modify"],
        // create_vm declares `user => 'all'` and checks VM.Allocate itself: a bare 403.
        ["POST", "/nodes/{node}/qemu", { vmid: 200, memory: "1024" }, undefined],
        [
          "POST",
          "/nodes/{node}/qemu",
          { vmid: 200, storage: "local-lvm" },
          "/storage/local-lvm, Datastore.AllocateSpace",
        ],
        ["DELETE", "/nodes/{node}/qemu/{vmid}", {}, "/vms/100, VM.Allocate"],
        ["POST", "/nodes/{node}/qemu/{vmid}/clone", { newid: 201 }, "/vms/100, VM.Clone"],
        ["POST", "/nodes/{node}/qemu/{vmid}/template", {}, "/vms/100, VM.Allocate"],
        ["POST", "/nodes/{node}/qemu/{vmid}/migrate", { target: "PVE-2" }, "/vms/100, VM.Migrate"],
        [
          "PUT",
          "/nodes/{node}/qemu/{vmid}/config",
          { memory: "4096" },
          "/vms/100, VM.Config.Disk|VM.Config.CDROM|VM.Config.CPU|VM.Config.Memory|VM.Config.Network|VM.Config.HWType|VM.Config.Options|VM.Config.Cloudinit",
        ],
        [
          "POST",
          "/nodes/{node}/qemu/{vmid}/config",
          { cores: 4 },
          "/vms/100, VM.Config.Disk|VM.Config.CDROM|VM.Config.CPU|VM.Config.Memory|VM.Config.Network|VM.Config.HWType|VM.Config.Options|VM.Config.Cloudinit",
        ],
        ["PUT", "/nodes/{node}/qemu/{vmid}/resize", { disk: "scsi0", size: "+1G" }, "/vms/100, VM.Config.Disk"],
        [
          "POST",
          "/nodes/{node}/qemu/{vmid}/move_disk",
          { disk: "scsi0", storage: "local" },
          "/vms/100, VM.Config.Disk",
        ],
        ["POST", "/nodes/{node}/qemu/{vmid}/status/start", {}, "/vms/100, VM.PowerMgmt"],
        ["POST", "/nodes/{node}/qemu/{vmid}/status/stop", {}, "/vms/100, VM.PowerMgmt"],
        ["POST", "/nodes/{node}/qemu/{vmid}/status/shutdown", {}, "/vms/100, VM.PowerMgmt"],
        ["POST", "/nodes/{node}/qemu/{vmid}/status/reboot", {}, "/vms/100, VM.PowerMgmt"],
        ["PUT", "/nodes/{node}/network/{iface}", { type: "eth", mtu: 9000 }, "/nodes/PVE-1, Sys.Modify"],
        ["PUT", "/nodes/{node}/network", {}, "/nodes/PVE-1, Sys.Modify"],
      ];
      const covered = new Set(writes.map(([method, template]) => `${method} ${template}`));
      const implementedWrites = lab()
        .implementedRoutes()
        .filter((route) => !route.startsWith("GET "));
      expect(implementedWrites.filter((route) => !covered.has(route))).to.deep.equal([]);

      const snapshot = async () => {
        const reads = ["/cluster/resources", "/storage", "/pools", "/cluster/ha/resources", "/cluster/ha/rules"];
        for (const list of ["zones", "vnets", "controllers", "ipams", "dns", "fabrics/fabric"])
          reads.push(`/cluster/sdn/${list}`);
        for (const list of ["zones", "vnets", "controllers", "fabrics/fabric"])
          reads.push(`/cluster/sdn/${list}?pending=1`);
        reads.push("/cluster/sdn/vnets/vbr110/subnets", "/cluster/sdn/fabrics/node/underlay", "/nodes/PVE-1/ceph/pool");
        reads.push("/nodes/PVE-1/qemu/100/config", "/nodes/PVE-1/storage/local-lvm/content", "/nodes/PVE-1/network");
        const answers = [];
        for (const read of reads) answers.push(steady(await data(lab(), "GET", read)));
        return { answers, tasks: lab().taskList().length };
      };
      const before = await snapshot();
      const answers = [];
      for (const [method, template, params] of writes) {
        // A DELETE carries its parameters in the query, and none here.
        const body = method === "DELETE" ? undefined : params;
        answers.push(answerOf(await call(lab(), method, p(template), body, as(READER))));
      }
      expect(answers).to.deep.equal(writes.map(([, , , what]) => refused(what)));
      await lab().tasksIdle();
      expect(await snapshot()).to.deep.equal(before);
    });

    it("hides the guests from a token without VM.Audit, and the nodes' figures without Sys.Audit", async () => {
      await populate(lab());
      const resources = await data<Record<string, unknown>[]>(lab(), "GET", "/cluster/resources");
      expect(resources.filter((r) => r.type === "qemu").map((r) => r.vmid)).to.deep.equal([100, 9000, 9001]);
      const blind = await call(lab(), "GET", "/cluster/resources", undefined, as(BLIND));
      const seen = blind.json?.data as Record<string, unknown>[];
      expect(seen.filter((r) => r.type === "qemu")).to.deep.equal([]);
      expect(seen.filter((r) => r.type !== "node")).to.deep.equal(
        resources.filter((r) => r.type !== "qemu" && r.type !== "node"),
      );
      expect(seen.filter((r) => r.type === "node")).to.deep.equal(
        ["PVE-1", "PVE-2", "PVE-3"].map((node) => ({
          id: `node/${node}`,
          node,
          type: "node",
          status: "online",
          level: "",
          "cgroup-mode": 2,
        })),
      );
      const vms = await call(lab(), "GET", "/cluster/resources?type=vm", undefined, as(BLIND));
      expect(vms.json?.data).to.deep.equal([]);
      const listed = await call(lab(), "GET", "/nodes/PVE-1/qemu", undefined, as(BLIND));
      expect(listed.json?.data).to.deep.equal([]);
      const nodes = await call(lab(), "GET", "/nodes", undefined, as(BLIND));
      expect(((nodes.json?.data ?? []) as Record<string, unknown>[]).map((n) => Object.keys(n))).to.deep.equal(
        [1, 2, 3].map(() => ["id", "node", "type", "status", "level", "ssl_fingerprint"]),
      );
      expect(answerOf(await call(lab(), "GET", "/nodes/PVE-1/qemu/100/config", undefined, as(BLIND)))).to.deep.equal(
        refused("/vms/100, VM.Audit"),
      );
      expect(answerOf(await call(lab(), "GET", "/nodes/PVE-1/status", undefined, as(BLIND)))).to.deep.equal(
        refused("/nodes/PVE-1, Sys.Audit"),
      );
    });

    it("shows a token without Sys.Audit only its own tasks, and refuses it another token's", async () => {
      const values = await populate(lab());
      const own = await data<string>(lab(), "POST", "/nodes/PVE-1/qemu/100/status/shutdown");
      await lab().tasksIdle();
      const mine = await call(lab(), "GET", "/nodes/PVE-1/tasks", undefined, as(BLIND));
      expect([mine.status, mine.json?.data]).to.deep.equal([200, []]);
      const status = await call(
        lab(),
        "GET",
        `/nodes/PVE-1/tasks/${encodeURIComponent(own)}/status`,
        undefined,
        as(BLIND),
      );
      expect(answerOf(status)).to.deep.equal(refused("/nodes/PVE-1, Sys.Audit"));
      const log = await call(
        lab(),
        "GET",
        `/nodes/PVE-1/tasks/${encodeURIComponent(values.upid)}/log`,
        undefined,
        as(BLIND),
      );
      expect(answerOf(log)).to.deep.equal(refused("/nodes/PVE-1, Sys.Audit"));
      const reader = await call(
        lab(),
        "GET",
        `/nodes/PVE-1/tasks/${encodeURIComponent(own)}/status`,
        undefined,
        as(READER),
      );
      expect(reader.status).to.equal(200);
    });

    it("checks before the node and the schema, with the path's parameters filled in as PVE fills them", async () => {
      // An unknown node is PVE's proxy error only for who passes the check.
      const unknownNode = await call(lab(), "GET", "/nodes/PVE-9/qemu/100/config", undefined, as(BLIND));
      expect(answerOf(unknownNode)).to.deep.equal(refused("/vms/100, VM.Audit"));
      // A parameter the schema refuses is not looked at before the permission check.
      const invalid = await call(lab(), "PUT", "/nodes/PVE-1/qemu/100/config", { memory: "lots" }, as(READER));
      expect(invalid.status).to.equal(403);
      // A missing parameter of the path becomes '-'; a path that does not normalize fails every check.
      const noZone = await call(lab(), "POST", "/cluster/sdn/vnets", { vnet: "vbr120" }, as(READER));
      expect(answerOf(noZone)).to.deep.equal(refused("/sdn/zones/-, SDN.Allocate"));
      const badPath = await call(lab(), "GET", "/nodes/PVE~1/status", undefined, as(READER));
      expect(answerOf(badPath)).to.deep.equal(refused(", Sys.Audit"));
    });

    it("looks a vnet up before any vnet or subnet call, as pve-network's check_vnet_access does for every token", async () => {
      const answers = [];
      for (const [method, path] of [
        ["PUT", "/cluster/sdn/vnets/nope"],
        ["DELETE", "/cluster/sdn/vnets/nope"],
        ["GET", "/cluster/sdn/vnets/nope/subnets"],
      ]) {
        const reply = await call(lab(), method, path, method === "PUT" ? { tag: 5 } : undefined);
        answers.push([reply.status, reply.json?.message]);
      }
      expect(answers).to.deep.equal([1, 2, 3].map(() => [500, "sdn vnet 'nope' does not exist\n"]));
    });

    it("leaves a token without privileges as it was: everything allowed, nothing filtered", async () => {
      const values = await populate(lab());
      expect((await call(lab(), "GET", "/cluster/sdn/zones/tenants")).status).to.equal(200);
      const info = await call(
        lab(),
        "GET",
        `/nodes/PVE-1/storage/local-lvm/content/${encodeURIComponent(values.volume)}`,
      );
      expect(info.status).to.equal(200);
      const nodes = await data<Record<string, unknown>[]>(lab(), "GET", "/nodes");
      expect(nodes[0]).to.include.keys("uptime", "cpu", "maxmem");
      expect(await data(lab(), "GET", "/nodes/PVE-1/network")).to.have.length(2);
    });
  });

  it("refuses to start with a privilege PVE does not know", () => {
    const bad = { ...READER, privileges: ["VM.Audit", "VM.Audti"] };
    expect(() => new ProxmoxLab({ nodes: ["PVE-1"], port: 0, tokens: [bad] })).to.throw("invalid privilege 'VM.Audti'");
  });
});

import { expect } from "chai";
import { clientFor, ProxmoxClient, type ProxmoxEndpoint } from "../../../providers/proxmox/client";
import { refused } from "../../support/refused";
import { StubApi, selfSignedCertificate } from "./stub-api";

const tls = selfSignedCertificate("PVE-1");
const upid = "UPID:PVE-1:00001F00:00002A10:6745A1B0:qmclone:9000:budgetcloud@pve!pulumi:";
const taskPath = `/nodes/PVE-1/tasks/${upid}`;

describe("the Proxmox VE client", () => {
  let stub: StubApi;
  let endpoint: ProxmoxEndpoint;
  const client = (overrides: Partial<ProxmoxEndpoint> = {}) => new ProxmoxClient({ ...endpoint, ...overrides });

  beforeEach(async () => {
    stub = new StubApi(tls);
    await stub.start();
    endpoint = {
      url: `https://127.0.0.1:${stub.port}`,
      tokenId: "budgetcloud@pve!pulumi",
      tokenSecret: "0b5c3f0e-4e39-4a8b-a3a1-1f2e3d4c5b6a",
      tls: { fingerprint: tls.fingerprint, insecure: false },
      timeoutSeconds: 5,
      taskTimeoutSeconds: 5,
    };
  });
  afterEach(() => stub.stop());

  describe("requests", () => {
    it("logs in with the API token and sends parameters as a form", async () => {
      stub.on("POST", "/nodes/PVE-1/ceph/pool", { body: { data: null } });
      await client().request("POST", "/nodes/PVE-1/ceph/pool", { name: "vm_data", size: 3 });
      expect(stub.seen).to.deep.equal([
        {
          method: "POST",
          path: "/nodes/PVE-1/ceph/pool",
          params: { name: "vm_data", size: "3" },
          authorization: "PVEAPIToken=budgetcloud@pve!pulumi=0b5c3f0e-4e39-4a8b-a3a1-1f2e3d4c5b6a",
          contentType: "application/x-www-form-urlencoded",
        },
      ]);
    });

    it("sends an array parameter as its key once per value", async () => {
      stub.on("POST", "/cluster/sdn/fabrics/node/underlay", { body: { data: null } });
      const interfaces = ["name=ens1f0,ip=192.168.121.2/30", "name=ens1f1,ip=192.168.131.2/30"];
      await client().request("POST", "/cluster/sdn/fabrics/node/underlay", { node_id: "PVE-1", interfaces });
      expect(stub.seen[0].params).to.deep.equal({ node_id: "PVE-1", interfaces });
    });

    it("sends a GET's parameters in the query and returns the data", async () => {
      stub.on("GET", "/cluster/resources", { body: { data: [{ vmid: 9000, node: "PVE-1", template: 1 }] } });
      expect(await client().get("/cluster/resources", { type: "vm" })).to.deep.equal([
        { vmid: 9000, node: "PVE-1", template: 1 },
      ]);
      expect(stub.seen[0]).to.deep.include({ method: "GET", params: { type: "vm" }, contentType: undefined });
    });

    it("reaches ids with colons and other reserved characters", async () => {
      stub.on("GET", "/cluster/ha/resources/vm:105", { body: { data: { sid: "vm:105" } } });
      expect(await client().get("/cluster/ha/resources/vm:105")).to.deep.equal({ sid: "vm:105" });
    });

    it("keeps one connection alive for every request of the run", async () => {
      stub.on("GET", "/version", { body: { data: { version: "9.1.3" } } });
      const api = client();
      for (let i = 0; i < 5; i++) await api.get("/version");
      await Promise.all([api.get("/version"), api.get("/version")]);
      expect(stub.connections).to.be.at.most(2);
      expect(stub.seen).to.have.length(7);
    });

    it("hands out one client per endpoint and token", () => {
      expect(clientFor(endpoint)).to.equal(clientFor({ ...endpoint }));
      expect(clientFor(endpoint)).not.to.equal(clientFor({ ...endpoint, tokenId: "root@pam!other" }));
    });
  });

  describe("errors", () => {
    it("names the node, the method, the path and every parameter PVE refused", async () => {
      stub.on("POST", "/nodes/PVE-1/ceph/pool", {
        status: 400,
        reason: "Parameter verification failed.",
        body: {
          data: null,
          message: "Parameter verification failed.\n",
          errors: {
            size: "value must have a minimum value of 1\n",
            pg_autoscale_mode: "value 'auto' does not have a value in the enumeration 'on, off, warn'\n",
          },
        },
      });
      expect(await refused(client().request("POST", "/nodes/PVE-1/ceph/pool", { size: 0 }))).to.equal(
        "PVE-1 POST /nodes/PVE-1/ceph/pool: Parameter verification failed. size: value must have a minimum value of 1; " +
          "pg_autoscale_mode: value 'auto' does not have a value in the enumeration 'on, off, warn'",
      );
    });

    it("takes the message from the reason phrase when the body has none", async () => {
      stub.on("PUT", "/storage/vm_data", {
        status: 500,
        reason: "storage 'vm_data' does not exist",
        body: { data: null },
      });
      expect(await refused(client().request("PUT", "/storage/vm_data", { krbd: 1 }))).to.equal(
        `127.0.0.1:${stub.port} PUT /storage/vm_data: storage 'vm_data' does not exist`,
      );
    });

    it("says which token PVE refused to authenticate", async () => {
      stub.on("GET", "/cluster/resources", { status: 401, reason: "authentication failure", body: { data: null } });
      expect(await refused(client().get("/cluster/resources"))).to.equal(
        `127.0.0.1:${stub.port} GET /cluster/resources: authentication failure`,
      );
    });
  });

  describe("connections", () => {
    it("sends a GET again after a dropped connection", async () => {
      let calls = 0;
      stub.on("GET", "/cluster/nextid", () => (++calls === 1 ? "drop" : { body: { data: 105 } }));
      expect(await client().get("/cluster/nextid")).to.equal(105);
      expect(stub.seen.map((s) => s.path)).to.deep.equal(["/cluster/nextid", "/cluster/nextid"]);
    });

    it("never sends a POST twice: a lost one may have been applied", async () => {
      stub.on("POST", "/cluster/ha/resources", "drop");
      expect(await refused(client().request("POST", "/cluster/ha/resources", { sid: "vm:105" }))).to.equal(
        `127.0.0.1:${stub.port} POST /cluster/ha/resources: connection lost (socket hang up); ` +
          "the request may or may not have been applied",
      );
      expect(stub.seen).to.have.length(1);
    });

    it("times out a request that gets no answer", async () => {
      stub.on("PUT", "/cluster/sdn", "silence");
      stub.on("GET", "/cluster/sdn/zones", "silence");
      const slow = client({ timeoutSeconds: 0.2 });
      expect(await refused(slow.request("PUT", "/cluster/sdn"))).to.equal(
        `127.0.0.1:${stub.port} PUT /cluster/sdn: connection lost (no answer in 0.2s); ` +
          "the request may or may not have been applied",
      );
      expect(await refused(slow.get("/cluster/sdn/zones"))).to.equal(
        `127.0.0.1:${stub.port} GET /cluster/sdn/zones: connection lost (no answer in 0.2s), 3 times`,
      );
    });

    it("sends anything again when nothing listened, and then names the endpoint", async () => {
      const closed = client({ url: "https://127.0.0.1:1" });
      expect(await refused(closed.request("POST", "/cluster/sdn/zones", { zone: "tenants" }))).to.equal(
        "127.0.0.1:1 POST /cluster/sdn/zones: cannot connect (connect ECONNREFUSED 127.0.0.1:1), 3 times",
      );
    });
  });

  describe("TLS", () => {
    it("refuses a certificate that does not match the pinned fingerprint, before sending the token", async () => {
      const wrong = tls.fingerprint.replace(/^../, tls.fingerprint.startsWith("00") ? "11" : "00");
      const message = await refused(client({ tls: { fingerprint: wrong, insecure: false } }).get("/version"));
      expect(message).to.equal(
        `127.0.0.1:${stub.port} GET /version: cannot connect: certificate fingerprint is ${tls.fingerprint}, ` +
          `the stack pins ${wrong}`,
      );
      expect(stub.seen).to.deep.equal([]);
    });

    it("refuses an unknown self-signed certificate unless the stack says insecure", async () => {
      stub.on("GET", "/version", { body: { data: { version: "9.1.3" } } });
      expect(await refused(client({ tls: { insecure: false } }).get("/version"))).to.equal(
        `127.0.0.1:${stub.port} GET /version: cannot connect: self-signed certificate; ` +
          "if the root CA is installed locally, try running Node.js with --use-system-ca",
      );
      expect(await client({ tls: { insecure: true } }).get("/version")).to.deep.equal({ version: "9.1.3" });
    });

    it("trusts a CA it is given, whose certificate names the host", async () => {
      const named = selfSignedCertificate("localhost");
      const server = new StubApi(named);
      await server.start();
      server.on("GET", "/version", { body: { data: { version: "9.1.3" } } });
      try {
        const api = client({ url: `https://localhost:${server.port}`, tls: { ca: named.cert, insecure: false } });
        expect(await api.get("/version")).to.deep.equal({ version: "9.1.3" });
      } finally {
        await server.stop();
      }
    });
  });

  describe("tasks", () => {
    const started = { body: { data: upid } };

    it("polls a task until it stops", async () => {
      let polls = 0;
      stub.on("POST", "/nodes/PVE-1/qemu/9000/clone", started);
      stub.on("GET", `${taskPath}/status`, () => ({
        body: { data: ++polls < 3 ? { status: "running" } : { status: "stopped", exitstatus: "OK" } },
      }));
      await client().task("POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 105, full: 1 });
      expect(stub.seen.map((s) => `${s.method} ${s.path}`)).to.deep.equal([
        "POST /nodes/PVE-1/qemu/9000/clone",
        `GET ${taskPath}/status`,
        `GET ${taskPath}/status`,
        `GET ${taskPath}/status`,
      ]);
    });

    it("counts a task that only warned as done", async () => {
      stub.on("PUT", "/nodes/PVE-1/qemu/105/resize", started);
      stub.on("GET", `${taskPath}/status`, { body: { data: { status: "stopped", exitstatus: "WARNINGS: 1" } } });
      await client().task("PUT", "/nodes/PVE-1/qemu/105/resize", { disk: "scsi0", size: "30G" });
    });

    it("fails with the task's exit status and the end of its log", async () => {
      stub.on("POST", "/nodes/PVE-1/qemu/9000/clone", started);
      stub.on("GET", `${taskPath}/status`, {
        body: { data: { status: "stopped", exitstatus: "clone failed: rbd error: rbd: error opening pool 'vm_data'" } },
      });
      const log = [
        "create full clone of drive scsi0 (local-lvm:base-9000-disk-0)",
        "rbd: error opening pool 'vm_data': (2) No such file or directory",
        "",
        "TASK ERROR: clone failed: rbd error: rbd: error opening pool 'vm_data'",
      ];
      stub.on("GET", `${taskPath}/log`, { body: { data: log.map((t, i) => ({ n: i + 1, t })), total: log.length } });
      expect(await refused(client().task("POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 105 }))).to.equal(
        `PVE-1 POST /nodes/PVE-1/qemu/9000/clone: task ${upid} failed: ` +
          "clone failed: rbd error: rbd: error opening pool 'vm_data'; its log ends:\n" +
          "  create full clone of drive scsi0 (local-lvm:base-9000-disk-0)\n" +
          "  rbd: error opening pool 'vm_data': (2) No such file or directory\n" +
          "  TASK ERROR: clone failed: rbd error: rbd: error opening pool 'vm_data'",
      );
    });

    it("reads only the last lines of a long log", async () => {
      stub.on("DELETE", "/nodes/PVE-1/qemu/105", started);
      stub.on("GET", `${taskPath}/status`, {
        body: { data: { status: "stopped", exitstatus: "VM is locked (clone)" } },
      });
      const lines = Array.from({ length: 120 }, (_, i) => ({ n: i + 1, t: `line ${i + 1}` }));
      stub.on("GET", `${taskPath}/log`, ({ params }) => {
        const start = Number(params.start ?? 0);
        const limit = Number(params.limit ?? 50);
        return { body: { data: lines.slice(start, start + limit), total: lines.length } };
      });
      const message = await refused(client().task("DELETE", "/nodes/PVE-1/qemu/105", { purge: 1 }));
      expect(message.split("\n").slice(1)).to.deep.equal(lines.slice(110).map((line) => `  ${line.t}`));
      expect(stub.seen.filter((s) => s.path.endsWith("/log")).map((s) => s.params)).to.deep.equal([
        {},
        { start: "110", limit: "10" },
      ]);
    });

    it("gives up waiting after the task timeout, saying the task may yet finish", async () => {
      stub.on("POST", "/nodes/PVE-1/qemu/105/status/start", started);
      stub.on("GET", `${taskPath}/status`, { body: { data: { status: "running" } } });
      const impatient = client({ taskTimeoutSeconds: 0.3 });
      expect(await refused(impatient.task("POST", "/nodes/PVE-1/qemu/105/status/start"))).to.equal(
        `PVE-1 POST /nodes/PVE-1/qemu/105/status/start: task ${upid} still running after 0.3s; it may yet finish`,
      );
    });

    it("refuses an answer that is not a task id where a task was expected", async () => {
      stub.on("PUT", "/cluster/sdn", { body: { data: null } });
      expect(await refused(client().task("PUT", "/cluster/sdn"))).to.equal(
        `127.0.0.1:${stub.port} PUT /cluster/sdn: expected a task id, got null`,
      );
    });
  });
});

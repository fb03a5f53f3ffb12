import { X509Certificate } from "node:crypto";
import { request } from "node:https";
import { expect } from "chai";
import { call, data, labForSuite, runTask, TOKEN } from "./helpers";

describe("Proxmox emulator: HTTPS, API tokens and test knobs", () => {
  const lab = labForSuite();

  it("serves a self-signed certificate whose SHA-256 fingerprint it publishes, as /nodes does", async () => {
    const presented = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port: lab().port, path: "/api2/json/version", rejectUnauthorized: false },
        (res) => {
          const socket = res.socket as import("node:tls").TLSSocket;
          resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? "");
          res.resume();
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(presented).to.equal(lab().certificate.fingerprint);
    expect(new X509Certificate(lab().certificate.cert).fingerprint256).to.equal(lab().certificate.fingerprint);
    expect(lab().certificate.fingerprint).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const nodes = await data<{ node: string; ssl_fingerprint: string }[]>(lab(), "GET", "/nodes");
    expect(nodes.map((n) => [n.node, n.ssl_fingerprint])).to.deep.equal(
      ["PVE-1", "PVE-2", "PVE-3"].map((node) => [node, lab().certificate.fingerprint]),
    );
  });

  it("answers a request without credentials 401 'No ticket' with an empty body", async () => {
    const reply = await call(lab(), "GET", "/version", undefined, { authorization: null });
    expect([reply.status, reply.reason, reply.text]).to.deep.equal([401, "No ticket", ""]);
  });

  it("answers a wrong token secret or an unknown token 401 'Authentication failed!'", async () => {
    for (const authorization of [`PVEAPIToken=${TOKEN.id}=wrong`, `PVEAPIToken=root@pam!other=${TOKEN.secret}`]) {
      const reply = await call(lab(), "GET", "/version", undefined, { authorization });
      expect([reply.status, reply.reason, reply.text]).to.deep.equal([401, "Authentication failed!", ""]);
    }
  });

  it("accepts the token, and also its `PVEAPIToken ` spelling with a space", async () => {
    expect(await data(lab(), "GET", "/version")).to.deep.equal({
      version: "9.1.3",
      release: "9.1",
      repoid: "5829c814",
    });
    const spaced = await call(lab(), "GET", "/version", undefined, {
      authorization: `PVEAPIToken ${TOKEN.id}=${TOKEN.secret}`,
    });
    expect(spaced.status).to.equal(200);
  });

  it("answers paths outside /api2/<format> with 501 'no such uri'", async () => {
    const reply = await call(lab(), "GET", "/api2");
    expect([reply.status, reply.reason]).to.deep.equal([501, "no such uri"]);
  });

  it("refuses an HTTP method PVE does not know", async () => {
    const reply = await call(lab(), "PATCH", "/version");
    expect([reply.status, reply.reason, reply.text]).to.deep.equal([501, "method 'PATCH' not available", ""]);
  });

  it("refuses a body on a GET, as pve-http-server does", async () => {
    const reply = await call(lab(), "GET", "/version", undefined, { raw: { body: "x=1" } });
    expect([reply.status, reply.reason]).to.deep.equal([501, "Unexpected content for method 'GET'"]);
  });

  it("counts requests by method and path template", async () => {
    await data(lab(), "GET", "/nodes/PVE-1/qemu/9000/config");
    await data(lab(), "GET", "/nodes/PVE-2/qemu");
    await data(lab(), "GET", "/nodes/PVE-1/qemu");
    await call(lab(), "GET", "/nodes/PVE-1/teapot");
    expect(lab().requestCounts()).to.deep.equal({
      "GET /nodes/{node}/qemu/{vmid}/config": 1,
      "GET /nodes/{node}/qemu": 2,
      "GET /nodes/PVE-1/teapot": 1,
    });
    lab().resetRequestCounts();
    expect(lab().requestCounts()).to.deep.equal({});
  });

  it("holds every answer back by the latency knob", async () => {
    lab().knobs.latencyMs = 120;
    const started = Date.now();
    await data(lab(), "GET", "/version");
    expect(Date.now() - started).to.be.at.least(120);
  });

  it("holds 401s back when told to, as PVE's 3-second penalty does", async () => {
    lab().knobs.unauthorizedDelayMs = 150;
    const started = Date.now();
    await call(lab(), "GET", "/version", undefined, { authorization: null });
    expect(Date.now() - started).to.be.at.least(150);
  });

  it("drops the connection of the request after the allowed count, then disarms", async () => {
    lab().knobs.dropAfterRequests = 1;
    expect((await call(lab(), "GET", "/version")).status).to.equal(200);
    const dropped = await call(lab(), "GET", "/version").then(
      () => "answered",
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(dropped).to.equal("ECONNRESET");
    expect(lab().knobs.dropAfterRequests).to.equal(undefined);
    expect((await call(lab(), "GET", "/version")).status).to.equal(200);
  });

  it("fails the next task of a type when told to, with the reason in its log", async () => {
    lab().failNextTask("qmstart", "start failed: QEMU exited with code 1");
    await runTask(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 100, memory: "1024" });
    const upid = await data<string>(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start");
    await lab().tasksIdle();
    const status = await data<{ status: string; exitstatus: string }>(
      lab(),
      "GET",
      `/nodes/PVE-1/tasks/${encodeURIComponent(upid)}/status`,
    );
    expect([status.status, status.exitstatus]).to.deep.equal(["stopped", "start failed: QEMU exited with code 1"]);
    const log = await data<{ n: number; t: string }[]>(
      lab(),
      "GET",
      `/nodes/PVE-1/tasks/${encodeURIComponent(upid)}/log`,
    );
    expect(log).to.deep.equal([
      { n: 1, t: "lab knob: this qmstart task was set to fail" },
      { n: 2, t: "" },
      { n: 3, t: "TASK ERROR: start failed: QEMU exited with code 1" },
    ]);
    expect(lab().state.vms.get(100)?.running).to.equal(false);
    // The knob disarms: the next start works.
    expect((await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start")).exitstatus).to.equal("OK");
  });
});

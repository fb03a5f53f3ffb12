import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { EmulatedRouter } from "../../../lab/routeros/router";
import { connectionTo, RouterConnection, type RouterEndpoint } from "../../../providers/routeros/client";
import { ItemEngine } from "../../../providers/routeros/item-engine";
import { MenuCache } from "../../../providers/routeros/menu-cache";
import { ipAddress, managedPaths } from "../../../providers/routeros/menus";
import { refused } from "../../support/refused";
import { credentials, RouterUnderTest } from "./harness";

describe("the RouterOS client", () => {
  const t = new RouterUnderTest();

  it("names the router, the command and RouterOS's own message in an error", async () => {
    const message = await refused(t.connection.run("/routing/ospf/interface-template", "add", { "auth-kee": "x" }));
    expect(message).to.equal("MTK-1 /routing/ospf/interface-template/add: unknown parameter auth-kee");
  });

  it("shares one logged-in connection between concurrent commands", async () => {
    const prints = await Promise.all(Array.from({ length: 10 }, () => t.connection.run("/ip/address", "print")));
    expect(prints.every((rows) => Array.isArray(rows))).to.equal(true);
    expect(t.router.commandCounts()).to.deep.equal({ "/login": 1, "/ip/address/print": 10 });
  });

  it("hands out the same connection for the same router", () => {
    const endpoint: RouterEndpoint = {
      name: "MTK-9",
      host: "127.0.0.1",
      port: 1,
      username: "u",
      password: "p",
      plaintext: true,
      tls: { insecure: false },
      timeoutSeconds: 1,
    };
    expect(connectionTo(endpoint)).to.equal(connectionTo({ ...endpoint }));
  });

  it("gives up at once on a refused login, naming the router", async () => {
    t.router.knobs.refuseLogin = true;
    expect(await refused(t.connection.run("/ip/address", "print"))).to.equal(
      "MTK-1 /login: cannot connect: Username or password is invalid",
    );
    expect(t.router.commandCounts()).to.deep.equal({ "/login": 1 });
  });

  it("times out a command that gets no answer", async () => {
    const slow = new RouterConnection({ ...t.connection.endpoint, timeoutSeconds: 0.3 });
    await slow.run("/ip/address", "print");
    t.router.knobs.latencyMs = 1000;
    expect(await refused(slow.run("/ip/address", "print"))).to.equal(
      "MTK-1 /ip/address/print: connection lost (no answer to /ip/address/print in 0.3s); the command may or may not have been applied",
    );
    slow.close();
  });

  it("finds an add whose reply was lost on the router, instead of adding it twice", async () => {
    const engine = new ItemEngine(ipAddress, t.env);
    await t.env.cache.version(t.connection);
    t.router.knobs.dropAfterCommands = 0;
    t.router.knobs.dropLosesReplyOnly = true;
    const { id } = await engine.create({ router: "MTK-1", address: "192.168.141.2/30", interface: "qsfp28-1-1" });
    const addresses = t.router.print("ip/address").filter((r) => r.address === "192.168.141.2/30");
    expect(addresses.map((r) => r[".id"])).to.deep.equal([id.split("/")[1]]);
    expect(t.router.commandCounts()).to.deep.include({ "/ip/address/add": 1, "/ip/address/print": 1 });
  });

  it("reconnects after a dropped connection, and an add in flight is not doubled", async () => {
    const engine = new ItemEngine(ipAddress, t.env);
    await t.env.cache.version(t.connection);
    t.router.knobs.dropAfterCommands = 0;
    await engine.create({ router: "MTK-1", address: "192.168.141.2/30", interface: "qsfp28-1-1" });
    const addresses = t.router.print("ip/address").filter((r) => r.address === "192.168.141.2/30");
    expect(addresses).to.have.length(1);
    expect(t.router.commandCounts()["/login"]).to.equal(2);
  });
});

describe("the RouterOS client over api-ssl", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=MTK-1",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  const key = fs.readFileSync(path.join(dir, "key.pem"), "utf8");
  const cert = fs.readFileSync(path.join(dir, "cert.pem"), "utf8");
  const fingerprint = new X509Certificate(cert).fingerprint256;
  let router: EmulatedRouter;

  before(async () => {
    router = new EmulatedRouter({ name: "MTK-1", port: 0, users: [credentials], tls: { key, cert } });
    await router.start();
  });
  after(async () => {
    await router.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const over = (tls: RouterEndpoint["tls"]) =>
    new RouterConnection({
      name: "MTK-1",
      host: "127.0.0.1",
      port: router.port,
      username: credentials.name,
      password: credentials.password,
      plaintext: false,
      tls,
      timeoutSeconds: 5,
    });

  it("logs in when the certificate matches the pinned fingerprint", async () => {
    const connection = over({ fingerprint, insecure: false });
    expect(await connection.run("/system/identity", "print")).to.deep.equal([{ name: "MikroTik" }]);
    connection.close();
  });

  it("refuses a certificate that does not match the pin, before sending the password", async () => {
    router.resetCommandCounts();
    const wrong = fingerprint.replace(/^../, fingerprint.startsWith("00") ? "11" : "00");
    const message = await refused(over({ fingerprint: wrong, insecure: false }).run("/system/identity", "print"));
    expect(message).to.match(
      /^MTK-1 \/login: cannot connect: certificate fingerprint is [0-9A-F:]+, the stack pins 00|11/,
    );
    expect(router.commandCounts()).to.deep.equal({});
  });

  it("trusts a CA it is given, and refuses an unknown self-signed certificate", async () => {
    const trusted = over({ ca: cert, insecure: false });
    // The certificate is issued to the router's name, not to 127.0.0.1: hostname checks are the CA's job.
    const message = await refused(trusted.run("/system/identity", "print"));
    expect(message).to.match(/^MTK-1 \/login: cannot connect: .*(IP: 127.0.0.1 is not in the cert's list|altnames)/);
    expect(await refused(over({ insecure: false }).run("/system/identity", "print"))).to.match(
      /^MTK-1 \/login: cannot connect: self[- ]signed certificate/,
    );
  });

  it("reads the whole router in one command over TLS too", async () => {
    const connection = over({ fingerprint, insecure: false });
    const cache = new MenuCache(managedPaths);
    expect(await cache.version(connection)).to.equal("7.24 (stable)");
    connection.close();
  });
});

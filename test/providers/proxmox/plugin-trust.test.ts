import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { ProxmoxLab } from "../../../lab/proxmox/lab";
import { pluginTrustBundle } from "../../../providers/proxmox/plugin-trust";

const keys = path.join(__dirname, "../../../lab/keys");
const labCa = fs.readFileSync(path.join(keys, "pve-root-ca.pem"), "utf8");
const selfSigned = JSON.parse(fs.readFileSync(path.join(keys, "pve-ssl.json"), "utf8")).cert as string;
const systemRoots = fs.readFileSync("/etc/ssl/certs/ca-certificates.crt", "utf8");

describe("the roots the proxmoxve plugin verifies the cluster with", () => {
  let lab: ProxmoxLab;
  let endpoint: string;
  let stateDir: string;

  before(async () => {
    // A cluster whose node certificate its own CA signed, as PVE's are.
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-trust-"));
    fs.copyFileSync(path.join(keys, "pve-ssl-ca-signed.json"), path.join(stateDir, "pve-ssl.json"));
    lab = new ProxmoxLab({ nodes: ["PVE-1"], port: 0, tokens: [], stateDir });
    await lab.start();
    endpoint = `https://127.0.0.1:${lab.port}`;
  });
  after(async () => {
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("are the system's roots and the stack's CA, once the CA verifies the API", async () => {
    const bundle = await pluginTrustBundle(endpoint, { ca: labCa, insecure: false });
    expect(bundle?.startsWith(systemRoots.trimEnd())).to.equal(true);
    expect(bundle?.endsWith(`\n${labCa.trim()}\n`)).to.equal(true);
  });

  it("hold the certificate a stack pins, as the API shows it", async () => {
    const bundle = await pluginTrustBundle(endpoint, { fingerprint: lab.certificate.fingerprint, insecure: false });
    const pinned = new X509Certificate(lab.certificate.cert).raw.toString("base64");
    expect(bundle?.replace(/\n/g, "")).to.include(pinned);
  });

  it("refuse a CA that does not vouch for the API, or another pin, naming the key", async () => {
    const failure = (trust: Parameters<typeof pluginTrustBundle>[1]) =>
      pluginTrustBundle(endpoint, trust).then(
        () => "trusted",
        (error: Error) => error.message,
      );
    // Node 24 adds a hint of its own after the reason.
    expect(await failure({ ca: selfSigned, insecure: false })).to.match(
      new RegExp(
        `^budgetcloud:proxmox\\.tls\\.ca: the Proxmox API at 127\\.0\\.0\\.1:${lab.port} does not verify: unable to verify the first certificate`,
      ),
    );
    const pin = "AB:".repeat(31).concat("AB");
    expect(await failure({ fingerprint: pin, insecure: false })).to.equal(
      `budgetcloud:proxmox.tls.fingerprint: the Proxmox API at 127.0.0.1:${lab.port} does not verify: certificate fingerprint is ${lab.certificate.fingerprint}, the stack pins ${pin}`,
    );
  });

  it("are none where the stack verifies nothing, leaving Go's default", async () => {
    expect(await pluginTrustBundle(endpoint, { insecure: true })).to.equal(undefined);
    expect(await pluginTrustBundle(endpoint, { insecure: false })).to.equal(undefined);
  });
});

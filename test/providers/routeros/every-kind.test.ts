import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import { EmulatedRouter } from "../../../lab/routeros/router";
import { refused } from "../../support/refused";
import { credentials } from "./harness";

const menus = [
  "interface/ethernet",
  "interface/bridge",
  "interface/bridge/port",
  "ip/address",
  "routing/ospf/instance",
  "routing/ospf/area",
  "routing/ospf/interface-template",
  "interface/vxlan",
  "interface/vxlan/vteps",
  "interface/vrrp",
  "ip/firewall/filter",
  "ip/firewall/nat",
];

// One router holding one resource of every RouterOS kind, driven by the real engine: the dynamic
// provider is serialized, run in its own process, and reaches the emulator over the real API.
describe("every RouterOS resource kind through the real engine", function () {
  this.timeout(300_000);

  const ospfKey = "transnomis-md5-key";
  let router: EmulatedRouter;
  let factory: Record<string, unknown>;
  let backend: string;
  let stack: Stack;

  const snapshot = () => Object.fromEntries(menus.map((menu) => [menu, router.print(menu)]));
  const writes = () =>
    Object.entries(router.commandCounts()).filter(([command]) => !/\/(print|login|execute)$/.test(command));

  before(async () => {
    router = new EmulatedRouter({ name: "MTK-1", port: 0, model: "CCR2216-1G-12XS-2XQ", users: [credentials] });
    await router.start();
    factory = snapshot();
    backend = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-routeros-"));
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "every-kind", workDir: path.join(__dirname, "fixture") },
      { envVars: { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "routeros-test" } },
    );
    const mtk1 = {
      name: "MTK-1",
      host: "127.0.0.1",
      port: router.port,
      interfaces: [{ name: "ether1" }],
      ospf: { routerId: "192.168.254.1" },
    };
    await stack.setAllConfig({
      "budgetcloud:routers": { value: JSON.stringify([mtk1]) },
      "budgetcloud:routerApi": { value: JSON.stringify({ username: credentials.name, plaintext: true }) },
      "budgetcloud:routerPassword": { value: credentials.password, secret: true },
      "fixture:ospfAuthKey": { value: ospfKey, secret: true },
    });
  });

  after(async () => {
    await stack?.workspace.removeStack("every-kind", { force: true });
    fs.rmSync(backend, { recursive: true, force: true });
    fs.rmSync(path.join(__dirname, "fixture", "Pulumi.every-kind.yaml"), { force: true });
    await router?.stop();
  });

  it("creates every kind on the router", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ create: 15 });
    const port = router.print("interface/ethernet").find((r) => r["default-name"] === "sfp28-1");
    expect(port).to.include({ mtu: "9050", l2mtu: "9134", comment: "OSPF ring interface" });
    expect(router.print("ip/address").map((r) => `${r.address}@${r.interface}`)).to.include.members([
      "192.168.254.1/32@loopback",
      "192.168.141.2/30@sfp28-1",
    ]);
    expect(router.print("routing/ospf/interface-template")[0]).to.include({
      interfaces: "sfp28-1",
      type: "ptp",
      auth: "md5",
      "auth-key": ospfKey,
    });
    expect(router.print("interface/vxlan")[0]).to.include({ name: "vxlan-sql", vni: "111" });
    expect(router.print("interface/vxlan/vteps")[0]).to.include({
      interface: "vxlan-sql",
      "remote-ip": "192.168.254.2",
    });
    expect(router.print("interface/bridge/port")[0]).to.include({ bridge: "br-sql", interface: "vxlan-sql" });
    expect(router.print("interface/vrrp")[0]).to.include({ name: "vrrp-sql", vrid: "111", priority: "200" });
    expect(router.print("ip/firewall/filter").map((r) => r.comment)).to.deep.equal([
      "established",
      "CUSTOM:3",
      "drop all",
    ]);
    expect(router.print("ip/firewall/nat")[0]).to.include({ action: "masquerade", "src-address": "192.168.110.0/23" });
  });

  it("keeps the OSPF key and the router password out of the state in plain text", async () => {
    const stateFile = path.join(backend, ".pulumi", "stacks", "routeros-every-kind", "every-kind.json");
    const state = fs.readFileSync(stateFile, "utf8");
    expect(state).to.include("vxlan-sql");
    expect(state).not.to.include(ospfKey);
    expect(state).not.to.include(credentials.password);
  });

  it("changes nothing and sends no command on a second up", async () => {
    router.resetCommandCounts();
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ same: 15 });
    expect(router.commandCounts()).to.deep.equal({});
  });

  it("previews with no changes after an up", async () => {
    const preview = await stack.preview();
    expect(preview.changeSummary).to.deep.equal({ same: 15 });
  });

  it("sees a change made on the router out of band, and puts it back", async () => {
    const port = router.print("interface/ethernet").find((r) => r["default-name"] === "sfp28-1");
    router.tree.update("interface/ethernet", port?.[".id"] as string, { mtu: "1500" });
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).to.deep.include({ update: 1 });
    router.resetCommandCounts();
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.include({ update: 1 });
    // The one set, in safe mode: released once a new connection read the identity (a print).
    expect(writes()).to.deep.equal([
      ["/safe-mode/take", 1],
      ["/interface/ethernet/set", 1],
      ["/safe-mode/release", 1],
    ]);
    expect(router.print("interface/ethernet").find((r) => r["default-name"] === "sfp28-1")?.mtu).to.equal("9050");
  });

  it("refuses to take the VXLAN port out of the stack once it is given, naming router, menu, item and why", async () => {
    await stack.setConfig("fixture:vxlanPort", { value: "8472" });
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.include({ update: 1 });
    expect(router.print("interface/vxlan")[0]).to.include({ port: "8472" });
    await stack.removeConfig("fixture:vxlanPort");
    expect(await refused(stack.preview())).to.include(
      "MTK-1 /interface/vxlan/set: port cannot be taken out of the stack of name=vxlan-sql (it holds 8472): " +
        "RouterOS's factory VXLAN port differs between versions (8472, 4789); give the port its VTEPs use",
    );
    expect(router.print("interface/vxlan")[0]).to.include({ port: "8472" });
  });

  it("has the router undo a change that cuts the API, in safe mode, and fails the run saying so", async () => {
    // The VXLAN port the router holds, given again after the refusal above.
    await stack.setConfig("fixture:vxlanPort", { value: "8472" });
    await stack.setConfig("fixture:cutApiPort", { value: String(router.port) });
    const before = snapshot();
    const message = await refused(stack.up());
    expect(message).to.include(
      "MTK-1 /safe-mode: a new API connection from here failed after the change (MTK-1 /login: cannot connect: Timed out after 10 seconds); the router undid this run's changes made since safe mode was taken: add /ip/firewall/filter chain",
    );
    expect(snapshot()).to.deep.equal(before);
    await stack.removeConfig("fixture:cutApiPort");
    // The router answers as before, and the run that failed left nothing to do.
    expect((await stack.preview()).changeSummary).to.deep.equal({ same: 15 });
  });

  it("destroys everything, putting the factory ports back as they were", async () => {
    await stack.destroy();
    expect(snapshot()).to.deep.equal(factory);
  });
});

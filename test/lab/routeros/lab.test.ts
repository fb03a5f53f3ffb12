import { spawn } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { RouterOsLab } from "../../../lab/routeros/lab";
import { apiClient, builtInLoopbackRow, RawClient, routerForSuite, trapOf } from "./helpers";

describe("RouterOS emulator: test knobs and bookkeeping", () => {
  const router = routerForSuite();
  let client: RawClient | undefined;
  afterEach(() => client?.close());

  it("holds every reply back by the configured latency, tagged commands in parallel", async () => {
    router().knobs.latencyMs = 150;
    client = await RawClient.loggedIn(router().port);
    const started = Date.now();
    client.send(["/system/identity/print", ".tag=1"], ["/system/identity/print", ".tag=2"]);
    await client.until((s) => s[0] === "!done" && s[1] === ".tag=2");
    const elapsed = Date.now() - started;
    expect(elapsed).to.be.at.least(150);
    expect(elapsed).to.be.below(300);
  });

  it("drops the connection on the command after the allowed count, then disarms", async () => {
    router().knobs.dropAfterCommands = 2;
    client = await RawClient.loggedIn(router().port);
    expect((await client.command(["/system/identity/print"]))[0][0]).to.equal("!re");
    expect((await client.command(["/system/identity/print"]))[0][0]).to.equal("!re");
    client.send(["/system/identity/print"]);
    await client.whenClosed();
    expect(router().knobs.dropAfterCommands).to.equal(undefined);
    const again = await RawClient.loggedIn(router().port);
    expect((await again.command(["/system/identity/print"]))[0][0]).to.equal("!re");
    again.close();
  });

  it("refuses every login when told to, as a wrong password", async () => {
    router().knobs.refuseLogin = true;
    expect(await trapOf(apiClient(router()))).to.equal("Username or password is invalid");
  });

  it("checks the configured users", async () => {
    expect(await trapOf(apiClient(router(), "admin", "secret"))).to.equal("Username or password is invalid");
  });

  it("counts the commands it receives by command word", async () => {
    const api = await apiClient(router());
    await api.write("/ip/address/add", ["=address=10.0.0.1/24", "=interface=ether1"]);
    await api.write("/ip/address/print");
    await api.write("/ip/address/print");
    await api.close();
    expect(router().commandCounts()).to.deep.equal({ "/login": 1, "/ip/address/add": 1, "/ip/address/print": 2 });
    router().resetCommandCounts();
    expect(router().commandCounts()).to.deep.equal({});
  });

  it("shows out-of-band changes to API clients and resets to factory state", async () => {
    router().tree.add("ip/address", { address: "172.16.0.1/16", interface: "ether4" });
    router().tree.update("interface/ethernet", "*5", { comment: "changed by hand" });
    const api = await apiClient(router());
    expect(await api.write("/ip/address/print", ["=.proplist=address,network"])).to.deep.equal([
      { address: "172.16.0.1/16", network: "172.16.0.0" },
    ]);
    expect(await api.write("/interface/print", ["?comment", "=.proplist=name,comment"])).to.deep.equal([
      { name: "ether4", comment: "changed by hand" },
    ]);
    await api.write("/interface/bridge/add", ["=name=br0"]);
    router().resetToFactory();
    expect(router().print("ip/address")).to.deep.equal([]);
    expect(
      router()
        .print("interface")
        .map((r) => r.name),
    ).to.deep.equal(["lo", "ether1", "ether2", "ether3", "ether4"]);
    expect(await api.write("/interface/bridge/add", ["=name=br0"])).to.deep.equal([{ ret: "*6" }]);
    await api.close();
  });

  it("loads a saved configuration back, with factory items in the menus the saved one did not know", () => {
    router().tree.add("ip/address", { address: "172.16.0.1/16", interface: "ether4" });
    const saved = router().tree.snapshot();
    // Saved by an older lab, which had no /snmp/community menu.
    delete saved.tables["snmp/community"];
    router().tree.add("interface/bridge", { name: "br9" });
    router().tree.restore(saved);
    expect(
      router()
        .print("ip/address")
        .map((r) => r.address),
    ).to.deep.equal(["172.16.0.1/16"]);
    expect(router().print("interface/bridge")).to.deep.equal([]);
    expect(
      router()
        .print("snmp/community")
        .map((r) => `${r.name} default=${r.default}`),
    ).to.deep.equal(["public default=true"]);
    router().resetToFactory();
  });

  it("loads a configuration saved before the built-in lo: budgetcloud's bridge named lo is the built-in one", () => {
    const { tree } = router();
    const saved = tree.snapshot();
    delete saved.tables["interface/built-in-loopback"];
    saved.tables["interface/bridge"] = [{ id: "*7", fields: { name: "lo", comment: "loopback for OSPF" } }];
    saved.tables["ip/address"] = [{ id: "*1", fields: { address: "10.0.0.1/32", interface: "lo" } }];
    router().restore(saved);
    expect(router().print("interface/bridge")).to.deep.equal([]);
    expect(
      router()
        .print("interface")
        .filter((i) => i.name === "lo"),
    ).to.deep.equal([builtInLoopbackRow("*7")]);
    expect(
      router()
        .print("ip/address")
        .map((a) => `${a.address} ${a.interface} ${a.invalid}`),
    ).to.deep.equal(["10.0.0.1/32 lo false"]);
    // Saved before the built-in lo and without a bridge of that name: lo takes the next free id.
    delete saved.tables["interface/bridge"];
    saved.lastIds.interface = 9;
    router().restore(saved);
    expect(
      router()
        .print("interface")
        .find((i) => i.name === "lo")?.[".id"],
    ).to.equal("*A");
    router().resetToFactory();
  });
});

describe("RouterOsLab", () => {
  it("gives each router MAC addresses of its own, the same each time it starts", async () => {
    const macs = (lab: RouterOsLab, name: string) =>
      lab
        .router(name)
        .print("interface/ethernet")
        .map((port) => String(port["mac-address"]));
    const models = ["CCR2216-1G-12XS-2XQ", "CHR"];
    const lab = new RouterOsLab({
      routers: ["MTK-1", "MTK-2"].flatMap((name) =>
        models.map((model) => ({ name: `${name}-${model}`, port: 0, model })),
      ),
    });
    const again = new RouterOsLab({ routers: [{ name: "MTK-1-CHR", port: 0, model: "CHR" }] });
    const all = lab.all().flatMap((r) => macs(lab, r.name));
    expect(new Set(all).size).to.equal(all.length);
    expect(macs(again, "MTK-1-CHR")).to.deep.equal(macs(lab, "MTK-1-CHR"));
  });

  it("runs several routers, each on its own port with its own configuration", async () => {
    const lab = new RouterOsLab({
      routers: [
        { name: "MTK-1", port: 0, model: "CCR2216-1G-12XS-2XQ" },
        { name: "MTK-2", port: 0, version: "7.16" },
      ],
    });
    await lab.start();
    try {
      const [one, two] = [lab.router("MTK-1"), lab.router("MTK-2")];
      expect(one.port).to.not.equal(two.port);
      const api = await apiClient(one);
      await api.write("/system/identity/set", ["=name=MTK-1"]);
      await api.close();
      expect(one.print("system/identity")).to.deep.equal([{ name: "MTK-1" }]);
      expect(two.print("system/identity")).to.deep.equal([{ name: "MikroTik" }]);
      expect(two.print("interface/ethernet")).to.have.length(4);
    } finally {
      await lab.stop();
    }
  });

  it("starts from the command line and stops on SIGTERM", async () => {
    const main = path.resolve(__dirname, "../../../lab/routeros/main.ts");
    const child = spawn(process.execPath, ["-r", "sucrase/register/ts", main, "--router", "MTK-9:0:CHR:7.16"], {
      cwd: path.resolve(__dirname, "../../.."),
    });
    let output = "";
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const found = /API on port (\d+)/.exec(output);
        if (found) resolve(Number(found[1]));
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const client = await RawClient.loggedIn(port);
    const [row] = await client.command(["/system/resource/print", "=.proplist=version"]);
    const secrets = ["=authentication-password=auth-secret-1", "=encryption-password=priv-secret-1"];
    await client.command(["/snmp/community/add", "=name=librenms", "=security=private", ...secrets]);
    client.close();
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(row).to.deep.equal(["!re", "=version=7.16 (stable)"]);
    expect(await exited).to.equal(0);
    expect(output).to.match(/MTK-9: RouterOS 7\.16 on CHR .*, API on port \d+\n/);
    // Its log shows the secrets a command carried as RouterOS's export does without show-sensitive.
    expect(output).to.include("/snmp/community/add =name=librenms =security=private =authentication-password=***");
    expect(output).not.to.match(/secret-1/);
  });
});

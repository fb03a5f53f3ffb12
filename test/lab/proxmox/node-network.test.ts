import { expect } from "chai";
import { READ_ONLY_PRIVILEGES } from "../../../lab/proxmox/permissions";
import { call, data, labForSuite, runTask, TOKEN } from "./helpers";

describe("Proxmox emulator: each node's own network, as the installer left it", () => {
  const lab = labForSuite({
    managementAddresses: { "PVE-1": "192.168.255.11/24" },
    nics: { "PVE-1": ["ens1f0", "ens1f1"] },
  });

  it("lists vmbr0 with the node's management address over its first NIC, and the NICs", async () => {
    const interfaces = await data<Record<string, unknown>[]>(lab(), "GET", "/nodes/PVE-1/network");
    expect(
      interfaces.map((i) => [i.iface, i.type, i.method, i.cidr, i.address, i.netmask, i.bridge_ports]),
    ).to.deep.equal([
      ["vmbr0", "bridge", "static", "192.168.255.11/24", "192.168.255.11", "24", "eno1"],
      ["eno1", "eth", "manual", undefined, undefined, undefined, undefined],
      ["ens1f0", "eth", "manual", undefined, undefined, undefined, undefined],
      ["ens1f1", "eth", "manual", undefined, undefined, undefined, undefined],
    ]);
  });

  it("filters by type as PVE does, any_bridge listing the Linux bridge", async () => {
    for (const [type, listed] of [
      ["bridge", ["vmbr0"]],
      ["any_bridge", ["vmbr0"]],
      ["eth", ["eno1", "ens1f0", "ens1f1"]],
      ["vlan", []],
    ] as const) {
      const interfaces = await data<{ iface: string }[]>(lab(), "GET", `/nodes/PVE-1/network?type=${type}`);
      expect(
        interfaces.map((i) => i.iface),
        type,
      ).to.deep.equal(listed);
    }
  });

  it("gives a node the lab was told no address of an unaddressed vmbr0", async () => {
    const [bridge] = await data<Record<string, unknown>[]>(lab(), "GET", "/nodes/PVE-2/network?type=bridge");
    expect([bridge.iface, bridge.method, bridge.cidr]).to.deep.equal(["vmbr0", "manual", undefined]);
  });

  it("refuses a type the schema does not know, as the API's parameter check does", async () => {
    const reply = await call(lab(), "GET", "/nodes/PVE-1/network?type=wifi");
    expect([reply.status, reply.reason]).to.deep.equal([400, "Parameter verification failed."]);
    expect((reply.json as { errors: Record<string, string> }).errors.type).to.match(
      /^value 'wifi' does not have a value in the enumeration 'bridge, bond, eth, /,
    );
  });

  it("lists the node's other NICs after the first, unconfigured", async () => {
    const nics = await data<Record<string, unknown>[]>(lab(), "GET", "/nodes/PVE-1/network?type=eth");
    expect(nics.map((i) => [i.iface, i.method, i.mtu, i.exists])).to.deep.equal([
      ["eno1", "manual", undefined, 1],
      ["ens1f0", "manual", undefined, 1],
      ["ens1f1", "manual", undefined, 1],
    ]);
  });

  it("stages a NIC's MTU in interfaces.new, shown with the diff a reload applies, until the reload", async () => {
    expect(await data(lab(), "PUT", "/nodes/PVE-1/network/ens1f0", { type: "eth", mtu: 9050 })).to.equal(null);
    const staged = await call(lab(), "GET", "/nodes/PVE-1/network");
    const nic = ((staged.json?.data ?? []) as Record<string, unknown>[]).find((i) => i.iface === "ens1f0");
    // /etc/network/interfaces holds text: PVE reads every option back as a string.
    expect(nic).to.deep.include({ mtu: "9050", type: "eth", method: "manual", families: ["inet"] });
    const changes = (staged.json as { changes?: string }).changes ?? "";
    expect(changes.split("\n").slice(0, 2)).to.deep.equal([
      "--- /etc/network/interfaces",
      "+++ /etc/network/interfaces.new",
    ]);
    expect(changes).to.include("+\tmtu 9050");
    expect(await data(lab(), "GET", "/nodes/PVE-1/network/ens1f0")).to.deep.include({ mtu: "9050" });

    const task = await runTask(lab(), "PUT", "/nodes/PVE-1/network");
    expect([task.status, task.exitstatus, task.type, task.id]).to.deep.equal([
      "stopped",
      "OK",
      "srvreload",
      "networking",
    ]);
    const applied = await call(lab(), "GET", "/nodes/PVE-1/network");
    expect(applied.json).not.to.have.property("changes");

    // `delete` puts the kernel's default back.
    await data(lab(), "PUT", "/nodes/PVE-1/network/ens1f0", { type: "eth", delete: "mtu" });
    expect(await data(lab(), "GET", "/nodes/PVE-1/network/ens1f0")).not.to.have.property("mtu");
  });

  it("refuses a NIC the node lacks, and an MTU PVE does not take, naming the parameter", async () => {
    const missing = await call(lab(), "PUT", "/nodes/PVE-1/network/ens9f9", { type: "eth", mtu: 9050 });
    expect([missing.status, missing.json?.errors]).to.deep.equal([400, { iface: "interface does not exist" }]);
    const small = await call(lab(), "PUT", "/nodes/PVE-1/network/ens1f0", { type: "eth", mtu: 1000 });
    expect([small.status, small.json?.errors?.mtu]).to.deep.equal([400, "value must have a minimum value of 1280"]);
  });

  describe("with a token that may only audit", () => {
    const audit = labForSuite({
      nics: { "PVE-1": ["ens1f0"] },
      tokens: [{ ...TOKEN, privileges: READ_ONLY_PRIVILEGES }],
    });

    it("reads a NIC, and a change or a reload is refused with PVE's 403", async () => {
      expect(await data(audit(), "GET", "/nodes/PVE-1/network/ens1f0")).to.deep.include({ iface: "ens1f0" });
      const change = await call(audit(), "PUT", "/nodes/PVE-1/network/ens1f0", { type: "eth", mtu: 9050 });
      expect([change.status, change.reason]).to.deep.equal([403, "Permission check failed (/nodes/PVE-1, Sys.Modify)"]);
      const reload = await call(audit(), "PUT", "/nodes/PVE-1/network");
      expect(reload.status).to.equal(403);
    });
  });
});

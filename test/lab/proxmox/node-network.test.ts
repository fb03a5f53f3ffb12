import { expect } from "chai";
import { call, data, labForSuite } from "./helpers";

describe("Proxmox emulator: each node's own network, as the installer left it", () => {
  const lab = labForSuite({ managementAddresses: { "PVE-1": "192.168.255.11/24" } });

  it("lists vmbr0 with the node's management address over its first NIC, and the NIC", async () => {
    const interfaces = await data<Record<string, unknown>[]>(lab(), "GET", "/nodes/PVE-1/network");
    expect(
      interfaces.map((i) => [i.iface, i.type, i.method, i.cidr, i.address, i.netmask, i.bridge_ports]),
    ).to.deep.equal([
      ["vmbr0", "bridge", "static", "192.168.255.11/24", "192.168.255.11", "24", "eno1"],
      ["eno1", "eth", "manual", undefined, undefined, undefined, undefined],
    ]);
  });

  it("filters by type as PVE does, any_bridge listing the Linux bridge", async () => {
    for (const [type, listed] of [
      ["bridge", ["vmbr0"]],
      ["any_bridge", ["vmbr0"]],
      ["eth", ["eno1"]],
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
});

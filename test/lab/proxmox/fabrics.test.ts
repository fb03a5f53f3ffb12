import { expect } from "chai";
import { call, data, labForSuite } from "./helpers";

// PVE 9's SDN fabrics are section configs typed by `protocol`, and their nodes carry an array.
describe("Proxmox emulator: SDN fabrics", () => {
  const lab = labForSuite();

  it("accepts an OSPF fabric with its OSPF-only options", async () => {
    await data(lab(), "POST", "/cluster/sdn/fabrics/fabric", {
      id: "underlay",
      protocol: "ospf",
      area: "0.0.0.0",
      ip_prefix: "192.168.254.8/29",
    });
    const fabric = await data<Record<string, unknown>>(lab(), "GET", "/cluster/sdn/fabrics/fabric/underlay");
    expect(fabric).to.include({ id: "underlay", protocol: "ospf", area: "0.0.0.0", ip_prefix: "192.168.254.8/29" });
  });

  it("keeps a node's interfaces as an array, one given alone included", async () => {
    await data(lab(), "POST", "/cluster/sdn/fabrics/fabric", { id: "underlay", protocol: "ospf", area: "0.0.0.0" });
    const created = await call(
      lab(),
      "POST",
      "/cluster/sdn/fabrics/node/underlay",
      {
        node_id: "PVE-1",
        protocol: "ospf",
        ip: "192.168.254.11",
        interfaces: "name=ens1f0,ip=192.168.121.2/30",
      },
      { form: true },
    );
    expect(created.status, created.text).to.equal(200);
    const node = await data<Record<string, unknown>>(lab(), "GET", "/cluster/sdn/fabrics/node/underlay/PVE-1");
    expect(node.interfaces).to.deep.equal(["name=ens1f0,ip=192.168.121.2/30"]);
  });
});

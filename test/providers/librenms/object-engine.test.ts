import { expect } from "chai";
import { LibreNmsLab } from "../../../lab/librenms/api-server";
import { LibreNmsClient } from "../../../providers/librenms/client";
import { LibreNmsObjectEngine } from "../../../providers/librenms/object-engine";
import { device, deviceGroup } from "../../../providers/librenms/objects";

const TOKEN = "lab-librenms-token";

/** MTK-1 as the Cloud registers it: SNMPv3 authPriv, forced in before LibreNMS can reach it. */
const mtk1 = {
  hostname: "192.168.255.1",
  display: "MTK-1",
  snmpVersion: "v3",
  authLevel: "authPriv",
  authName: "librenms",
  authPass: "auth-password-1",
  authAlgo: "SHA",
  cryptoPass: "priv-password-1",
  cryptoAlgo: "AES",
  pollerGroup: 0,
  location: "Toronto",
  forceAdd: true,
};

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: Error) => error.message,
  );

describe("the LibreNMS object engine, against the lab's LibreNMS", () => {
  let lab: LibreNmsLab;
  let token: string;
  let devices: LibreNmsObjectEngine;
  let groups: LibreNmsObjectEngine;

  beforeEach(async () => {
    lab = new LibreNmsLab({ tokens: [TOKEN] });
    await lab.start();
    token = TOKEN;
    const env = { client: () => new LibreNmsClient({ url: lab.endpoint, token }) };
    devices = new LibreNmsObjectEngine(device, env);
    groups = new LibreNmsObjectEngine(deviceGroup, env);
  });
  afterEach(() => lab.stop());

  it("registers a device with add_device's own keys, and reports the id LibreNMS gave it", async () => {
    const { id, outs } = await devices.create(mtk1);
    expect(lab.received.filter((r) => r.method === "POST")).to.deep.equal([
      {
        method: "POST",
        path: "/api/v0/devices",
        body: {
          hostname: "192.168.255.1",
          display: "MTK-1",
          version: "v3",
          port: 161,
          transport: "udp",
          poller_group: 0,
          authlevel: "authPriv",
          authname: "librenms",
          authpass: "auth-password-1",
          authalgo: "SHA",
          cryptopass: "priv-password-1",
          cryptoalgo: "AES",
          snmp_disable: false,
          location: "Toronto",
          force_add: true,
        },
      },
    ]);
    expect(id).to.equal("1");
    expect(outs).to.deep.equal({ ...mtk1, deviceId: 1 });
    expect(lab.librenms.device("192.168.255.1")).to.deep.include({
      snmpver: "v3",
      authname: "librenms",
      display: "MTK-1",
    });
  });

  it("changes credentials with one PATCH of the changed columns, field and data side by side", async () => {
    const { id, outs } = await devices.create(mtk1);
    lab.received.length = 0;
    const changed = { ...mtk1, authPass: "auth-password-2", cryptoPass: "priv-password-2" };
    expect(devices.diff(id, outs, changed)).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    await devices.update(id, outs, changed);
    expect(lab.received.filter((r) => r.method !== "GET")).to.deep.equal([
      {
        method: "PATCH",
        path: "/api/v0/devices/1",
        body: { field: ["authpass", "cryptopass"], data: ["auth-password-2", "priv-password-2"] },
      },
    ]);
    expect(lab.librenms.device("1")).to.deep.include({ authpass: "auth-password-2", cryptopass: "priv-password-2" });
  });

  it("finds a device changed in LibreNMS by hand, and does not mistake force_add for drift", async () => {
    const { id, outs } = await devices.create(mtk1);
    lab.librenms.updateDevice("1", { field: "display", data: "renamed by hand" });
    const { props } = await devices.read(id, outs);
    expect(props).to.deep.equal({ ...outs, display: "renamed by hand" });
    expect(devices.diff(id, props, mtk1).changes).to.equal(true);
  });

  it("reads a device removed by hand as gone, and removes one that is there", async () => {
    const { id, outs } = await devices.create(mtk1);
    await devices.delete(id, outs);
    expect(lab.librenms.listDevices()).to.deep.equal([]);
    expect(await devices.read(id, outs)).to.deep.equal({ props: outs });
    await devices.delete(id, outs);
  });

  it("replaces a device whose address changes: LibreNMS knows a device by it", async () => {
    const { id, outs } = await devices.create(mtk1);
    expect(devices.diff(id, outs, { ...mtk1, hostname: "192.168.254.1" })).to.deep.equal({
      changes: true,
      replaces: ["hostname"],
      deleteBeforeReplace: true,
    });
  });

  it("names the device and what LibreNMS said when it refuses", async () => {
    await devices.create(mtk1);
    expect(await errorOf(devices.create({ ...mtk1, display: "MTK-1 again" }))).to.equal(
      "LibreNMS: add device MTK-1 again (192.168.255.1): 500 Device 192.168.255.1 already exists",
    );
    token = "wrong-token";
    expect(await errorOf(devices.create({ ...mtk1, hostname: "192.168.255.2" }))).to.equal(
      "LibreNMS: add device MTK-1 (192.168.255.2): 401 Unauthenticated.",
    );
  });

  it("makes a static group of device ids, regroups it in place, and removes it", async () => {
    const first = await devices.create(mtk1);
    const second = await devices.create({ ...mtk1, hostname: "192.168.255.2", display: "MTK-2" });
    const routers = { name: "lab-routers", desc: "lab: the routers", type: "static", devices: [first.id] };
    const { id, outs } = await groups.create(routers);
    expect(lab.received.find((r) => r.path === "/api/v0/devicegroups" && r.method === "POST")?.body).to.deep.equal({
      name: "lab-routers",
      desc: "lab: the routers",
      type: "static",
      devices: [1],
    });
    expect((await groups.read(id, outs)).props).to.deep.equal(routers);
    const regrouped = { ...routers, devices: [second.id, first.id] };
    expect(groups.diff(id, outs, regrouped).changes).to.equal(true);
    expect(groups.diff(id, { ...outs, devices: ["2", "1"] }, regrouped).changes, "order means nothing").to.equal(false);
    await groups.update(id, outs, regrouped);
    expect([...lab.librenms.group("lab-routers").devices].sort()).to.deep.equal([1, 2]);
    await groups.delete(id, regrouped);
    expect(lab.librenms.listGroups()).to.deep.equal([]);
  });

  it("takes over the device a killed run's add left, and changes what differs", async () => {
    const { id } = await devices.create(mtk1);
    const adopted = await devices.create({ ...mtk1, display: "MTK-1 (core)", adopt: true });
    expect(adopted.id).to.equal(id);
    expect(lab.librenms.listDevices()).to.have.length(1);
    expect(lab.received.filter((r) => r.method === "POST" && r.path === "/api/v0/devices")).to.have.length(1);
    expect(lab.received.at(-2)).to.deep.include({ method: "PATCH", path: `/api/v0/devices/${id}` });
  });

  it("adds a device once when the answer to its add is lost", async () => {
    lab.knobs.loseNextAnswerTo = "POST";
    const { id } = await devices.create(mtk1);
    expect(id).to.equal("1");
    expect(lab.librenms.listDevices()).to.have.length(1);
  });
});

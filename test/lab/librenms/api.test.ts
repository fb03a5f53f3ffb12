import { expect } from "chai";
import { LibreNmsLab } from "../../../lab/librenms/api-server";

const TOKEN = "lab-librenms-token";
const READ_TOKEN = "lab-librenms-read-token";

describe("LibreNMS emulator: the API v0 as its documentation answers", () => {
  let lab: LibreNmsLab;
  const call = async (method: string, path: string, body?: unknown, token = TOKEN) => {
    const response = await fetch(`${lab.endpoint}${path}`, {
      method,
      headers: { "X-Auth-Token": token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the tests read LibreNMS's JSON wherever they need to.
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const v3 = {
    hostname: "192.168.255.1",
    version: "v3",
    authlevel: "authPriv",
    authname: "librenms",
    authpass: "auth-password",
    authalgo: "SHA",
    cryptopass: "priv-password",
    cryptoalgo: "AES",
    force_add: true,
  };

  beforeEach(async () => {
    lab = new LibreNmsLab({ tokens: [TOKEN], readOnlyTokens: [READ_TOKEN] });
    await lab.start();
  });
  afterEach(() => lab.stop());

  it("answers a missing or wrong token 401 Unauthenticated.", async () => {
    expect(await call("GET", "/devices", undefined, "wrong")).to.deep.equal({
      status: 401,
      body: { message: "Unauthenticated." },
    });
  });

  it("lets a global-read user's token read everything and change nothing (403, as Laravel's can: middleware)", async () => {
    await call("POST", "/devices", v3);
    await call("POST", "/devicegroups", { name: "lab-routers", type: "static", devices: [1] });
    const refused = { status: 403, body: { message: "This action is unauthorized." } };
    expect(await call("POST", "/devices", { ...v3, hostname: "192.168.255.2" }, READ_TOKEN)).to.deep.equal(refused);
    expect(await call("PATCH", "/devices/1", { field: "location", data: "x" }, READ_TOKEN)).to.deep.equal(refused);
    expect(await call("DELETE", "/devices/1", undefined, READ_TOKEN)).to.deep.equal(refused);
    expect(await call("DELETE", "/devicegroups/lab-routers", undefined, READ_TOKEN)).to.deep.equal(refused);
    expect((await call("GET", "/devices", undefined, READ_TOKEN)).body.count).to.equal(1);
    expect((await call("GET", "/devices/1", undefined, READ_TOKEN)).status).to.equal(200);
    expect((await call("GET", "/devicegroups", undefined, READ_TOKEN)).body.count).to.equal(1);
    expect((await call("GET", "/devicegroups/lab-routers", undefined, READ_TOKEN)).body.count).to.equal(1);
    expect(lab.received.filter((r) => r.method !== "GET").length).to.equal(2);
  });

  it("adds a device with a sentence for an answer, and finds it by hostname or id", async () => {
    expect(await call("POST", "/devices", v3)).to.deep.equal({
      status: 201,
      body: { status: "ok", message: "Device 192.168.255.1 (1) has been added successfully" },
    });
    const byName = await call("GET", "/devices/192.168.255.1");
    expect(byName.body.devices[0]).to.deep.include({ device_id: 1, snmpver: "v3", authname: "librenms", port: 161 });
    expect((await call("GET", "/devices/1")).body).to.deep.equal(byName.body);
  });

  it("refuses what add_device refuses, with its status and words", async () => {
    expect(await call("POST", "/devices", {})).to.deep.equal({
      status: 400,
      body: { status: "error", message: "No information has been provided to add this new device" },
    });
    expect((await call("POST", "/devices", { version: "v3" })).body.message).to.equal("Missing the device hostname");
    // The lab's LibreNMS reaches no device: without force_add, none is added.
    expect(await call("POST", "/devices", { ...v3, force_add: false })).to.deep.equal({
      status: 500,
      body: {
        status: "error",
        message: "Could not connect to 192.168.255.1, please check the snmp details and snmp reachability",
      },
    });
    await call("POST", "/devices", v3);
    expect(await call("POST", "/devices", v3)).to.deep.equal({
      status: 500,
      body: { status: "error", message: "Device 192.168.255.1 already exists" },
    });
    expect((await call("POST", "/devices", { ...v3, hostname: "h2", authalgo: "SHA1" })).status).to.equal(400);
  });

  it("updates fields one at a time or side by side, never the hostname", async () => {
    await call("POST", "/devices", v3);
    expect((await call("PATCH", "/devices/1", { field: "notes", data: "core" })).body.message).to.equal(
      "Device notes field has been updated",
    );
    expect(
      (await call("PATCH", "/devices/1", { field: ["display", "location"], data: ["MTK-1", "Lab"] })).body.message,
    ).to.equal("Device fields have been updated");
    expect((await call("GET", "/devices/1")).body.devices[0]).to.deep.include({ display: "MTK-1", location: "Lab" });
    expect(await call("PATCH", "/devices/1", { data: "x" })).to.deep.equal({
      status: 400,
      body: { status: "error", message: "Device field to patch has not been supplied" },
    });
    expect((await call("PATCH", "/devices/1", { field: "hostname", data: "other" })).status).to.equal(500);
  });

  it("removes a device from the groups that list it, and answers 404 for one it does not have", async () => {
    await call("POST", "/devices", v3);
    await call("POST", "/devicegroups", { name: "lab-routers", type: "static", devices: [1] });
    expect((await call("DELETE", "/devices/192.168.255.1")).body.message).to.equal("Removed device 192.168.255.1\n");
    expect((await call("GET", "/devicegroups/lab-routers")).body.devices).to.deep.equal([]);
    expect(await call("DELETE", "/devices/192.168.255.1")).to.deep.equal({
      status: 404,
      body: { status: "error", message: "Device 192.168.255.1 not found" },
    });
  });

  it("refuses a group name twice, and a static group of a device it does not have", async () => {
    expect((await call("POST", "/devicegroups", { name: "g", type: "static" })).status).to.equal(201);
    expect(await call("POST", "/devicegroups", { name: "g", type: "static" })).to.deep.equal({
      status: 422,
      body: { status: "error", message: "The name has already been taken." },
    });
    expect((await call("POST", "/devicegroups", { name: "h", type: "static", devices: [9] })).body.message).to.equal(
      "The selected devices.9 is invalid.",
    );
  });
});

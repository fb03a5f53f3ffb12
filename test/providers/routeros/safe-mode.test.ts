import { expect } from "chai";
import { RouterConnection } from "../../../providers/routeros/client";
import { SafeModeBatches } from "../../../providers/routeros/safe-mode";
import { RawClient } from "../../lab/routeros/helpers";
import { credentials, RouterUnderTest } from "./harness";

describe("RouterOS safe mode around every change, a batch per router", () => {
  const t = new RouterUnderTest();
  let batches: SafeModeBatches;
  beforeEach(() => {
    batches = new SafeModeBatches(
      () => t.connection,
      async (connection) => {
        const probe = new RouterConnection({ ...connection.endpoint, timeoutSeconds: 1 }, true);
        try {
          await probe.run("/system/identity", "print");
        } finally {
          probe.close();
        }
      },
    );
  });
  const bridges = () => t.router.print("interface/bridge").map((row) => row.name);
  const addBridge = (name: string) => () => t.connection.run("/interface/bridge", "add", { name });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => "done",
      (error: Error) => error.message,
    );

  it("takes safe mode once for the changes that run together, and releases it once a new connection logs in", async () => {
    t.router.resetCommandCounts();
    await Promise.all(["br1", "br2", "br3"].map((name) => batches.around("MTK-1", `add ${name}`, addBridge(name))));
    expect(bridges()).to.deep.equal(["br1", "br2", "br3"]);
    expect(t.router.commandCounts()).to.deep.equal({
      "/login": 2,
      "/safe-mode/take": 1,
      "/interface/bridge/add": 3,
      "/system/identity/print": 1,
      "/safe-mode/release": 1,
    });
    // Released: a lost connection now undoes nothing.
    t.router.disconnectAll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bridges()).to.deep.equal(["br1", "br2", "br3"]);
  });

  it("has the router undo a change that cuts the API from here, and fails each operation naming the router and what was undone", async () => {
    const port = String(t.router.port);
    const cut = () =>
      t.connection.run("/ip/firewall/filter", "add", {
        chain: "input",
        action: "drop",
        protocol: "tcp",
        "dst-port": port,
        comment: "cuts the API",
      });
    const [cutting, beside] = await Promise.all([
      refusal(batches.around("MTK-1", 'add /ip/firewall/filter "cuts the API"', cut)),
      refusal(batches.around("MTK-1", "add /interface/bridge br1", addBridge("br1"))),
    ]);
    const undone =
      'MTK-1 /safe-mode: a new API connection from here failed after the change (MTK-1 /login: cannot connect: Timed out after 1 seconds); the router undid this run\'s changes made since safe mode was taken: add /ip/firewall/filter "cuts the API"; add /interface/bridge br1';
    expect(cutting).to.equal(undone);
    expect(beside).to.equal(undone);
    expect(t.router.print("ip/firewall/filter")).to.deep.equal([]);
    expect(bridges()).to.deep.equal([]);
  });

  it("fails the batch when the session that holds safe mode is lost, the router having undone its changes", async () => {
    const message = await refusal(
      batches.around("MTK-1", "add /interface/bridge br1", async () => {
        await addBridge("br1")();
        t.router.disconnectAll();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await addBridge("br2")();
      }),
    );
    expect(message).to.equal(
      "MTK-1 /safe-mode: the API session that held safe mode was lost; the router undid this run's changes made since safe mode was taken: add /interface/bridge br1",
    );
    // br1 went with the lost session; br2, sent after it, is not added on a new session outside
    // safe mode, where it would stay while the batch is reported undone.
    expect(bridges()).to.deep.equal([]);
  });

  it("does a batch whose session was lost again, once, each operation by what it gives for that", async () => {
    let tries = 0;
    await batches.around(
      "MTK-1",
      "add /interface/bridge br1",
      async () => {
        tries++;
        await addBridge("br1")();
        t.router.disconnectAll();
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
      async () => {
        tries++;
        await addBridge("br1")();
      },
    );
    expect(tries).to.equal(2);
    expect(bridges()).to.deep.equal(["br1"]);
  });

  for (const [fault, losesReplyOnly] of [
    ["dropped before it is carried out: the router undoes the change", false],
    ["carried out, its answer lost: the router keeps the change", true],
  ] as const) {
    it(`does the batch again when the release is ${fault}`, async () => {
      // Take, add, the new connection's read: the fourth command, the release, meets the fault.
      t.router.knobs.dropAfterCommands = 3;
      t.router.knobs.dropLosesReplyOnly = losesReplyOnly;
      const again = async () => (bridges().includes("br1") ? [] : addBridge("br1")());
      await batches.around("MTK-1", "add /interface/bridge br1", addBridge("br1"), again);
      expect(t.router.knobs.dropAfterCommands, "the drop happened").to.equal(undefined);
      expect(t.router.commandCounts()["/safe-mode/take"]).to.equal(2);
      expect(bridges()).to.deep.equal(["br1"]);
    });
  }

  it("changes nothing while someone else holds safe mode on the router, and says so", async () => {
    const operator = await RawClient.connect(t.router.port);
    try {
      await operator.command(["/login", `=name=${credentials.name}`, `=password=${credentials.password}`]);
      expect(await operator.command(["/safe-mode/take"])).to.deep.equal([["!done"]]);
      const message = await refusal(batches.around("MTK-1", "add /interface/bridge br1", addBridge("br1")));
      expect(message).to.equal("MTK-1 /safe-mode/take: failure: safe mode is held by another session");
      expect(bridges()).to.deep.equal([]);
    } finally {
      operator.close();
    }
  });
});

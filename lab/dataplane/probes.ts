import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

async function inNamespace(namespace: string, command: string, args: string[]) {
  try {
    const { stdout, stderr } = await exec("ip", ["netns", "exec", namespace, command, ...args], { encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : 1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? "",
    };
  }
}

export interface PingOptions {
  source?: string;
  /** The whole IP packet, headers included; sent with fragmentation forbidden. */
  packetSize?: number;
  timeoutSeconds?: number;
}

/** One echo request from a namespace; whether its reply came back. */
export async function ping(namespace: string, destination: string, options: PingOptions = {}): Promise<boolean> {
  const args = ["-c", "1", "-n", "-q", "-W", String(options.timeoutSeconds ?? 1)];
  if (options.source) args.push("-I", options.source);
  if (options.packetSize) args.push("-M", "do", "-s", String(options.packetSize - 28));
  return (await inNamespace(namespace, "ping", [...args, destination])).code === 0;
}

export type TcpOutcome = "accepted" | "dropped";

/**
 * A TCP connection attempt to a port nothing listens on: an accepted SYN is answered with a reset,
 * a dropped one with silence. That tells a firewall's verdict without a server in every namespace.
 * `said` is what the attempt said when it was neither (as "No route to host").
 */
export async function tcpProbe(
  namespace: string,
  address: string,
  port: number,
): Promise<{ outcome: TcpOutcome; said?: string }> {
  // The time covers starting bash in the namespace too: on a busy machine that alone took 1.5 s.
  // --norc: a bash whose standard input is a socket (as Node.js gives its children) takes itself
  // for one started by sshd and reads ~/.bashrc, whose shell hooks (pyenv's rehash, here) held
  // dozens of parallel probes past their 3 s, and every one of them read as dropped.
  const result = await inNamespace(namespace, "timeout", [
    "3",
    "bash",
    "--norc",
    "-c",
    `exec 3<>/dev/tcp/${address}/${port}`,
  ]);
  if (result.code === 0 || /refused/i.test(result.stderr)) return { outcome: "accepted" };
  const said = result.stderr.split("\n").find((line) => /connect:/.test(line));
  return { outcome: "dropped", ...(said ? { said: said.replace(/^.*connect: /, "") } : {}) };
}

/**
 * The source address an echo request arrives with in another namespace: a capture there, started
 * before the request is sent. Undefined when nothing arrived.
 */
export async function arrivingSource(
  capture: { namespace: string; interface: string },
  /** With `source`, only that sender's requests count: other probes may be under way to the same destination. */
  sender: { namespace: string; destination: string; source?: string },
): Promise<string | undefined> {
  const filter = `icmp[icmptype] == icmp-echo and dst host ${sender.destination}${sender.source ? ` and src host ${sender.source}` : ""}`;
  const tcpdump = spawn("ip", [
    "netns",
    "exec",
    capture.namespace,
    "tcpdump",
    "-n",
    "-l",
    "-c",
    "1",
    "-i",
    capture.interface,
    filter,
  ]);
  let output = "";
  tcpdump.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const ended = new Promise<void>((resolve) => tcpdump.once("close", () => resolve()));
  try {
    // tcpdump says so on stderr once it captures: only then is a packet sure to be seen.
    const listening = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      tcpdump.stderr.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("listening on")) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      tcpdump.once("close", () => resolve(false));
    });
    if (!listening) throw new Error(`tcpdump in ${capture.namespace} did not start`);
    // A few tries: on a busy machine the first request may still wait for ARP across a VXLAN.
    for (let attempt = 0; attempt < 3 && tcpdump.exitCode === null; attempt++) {
      await ping(sender.namespace, sender.destination);
    }
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2000))]);
  } finally {
    tcpdump.kill();
    await ended;
  }
  return /IP (\d+\.\d+\.\d+\.\d+) >/.exec(output)?.[1];
}

/** What a namespace's routing table says of a destination: the next hop and the interface. */
export async function routeTo(
  namespace: string,
  destination: string,
): Promise<{ dev?: string; gateway?: string; type?: string } | undefined> {
  const { code, stdout } = await inNamespace(namespace, "ip", ["-j", "route", "get", destination]);
  if (code !== 0) return undefined;
  return (JSON.parse(stdout) as { dev?: string; gateway?: string; type?: string }[])[0];
}

/** Runs vtysh against one namespace's FRR and parses its JSON. */
export async function vtyshJson<T>(namespace: string, command: string): Promise<T | undefined> {
  try {
    const { stdout } = await exec("vtysh", ["-N", namespace, "-c", `${command} json`], { encoding: "utf8" });
    return JSON.parse(stdout) as T;
  } catch {
    return undefined;
  }
}

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { frrConfig } from "./frr-config";
import { keepalivedConfig } from "./keepalived-config";
import type { DataPlanePlan, NamespacePlan, VethPlan } from "./model";
import { nftablesConfig } from "./nftables-config";

/** Runs a command; its failure says the command and what it printed. */
export function run(command: string, args: string[], input?: string): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} ${args.join(" ")}: ${(failed.stderr || failed.stdout || failed.message).trim()}`);
  }
}

const ip = (namespace: string, ...args: string[]) => run("ip", ["-n", namespace, ...args]);
const inNamespace = (namespace: string, command: string, ...args: string[]) =>
  run("ip", ["netns", "exec", namespace, command, ...args]);

/** A cable: a veth pair, each end in its namespace at its MTU, with its MAC where it has one. */
export function addVeth(veth: VethPlan): void {
  const end = (e: VethPlan["a"]) => [
    e.interface,
    "netns",
    e.namespace,
    "mtu",
    String(e.mtu),
    ...(e.mac ? ["address", e.mac] : []),
  ];
  run("ip", ["link", "add", ...end(veth.a), "type", "veth", "peer", "name", ...end(veth.b)]);
}

const FRR_RUN = "/var/run/frr";
const FRR_BIN = "/usr/lib/frr";

/**
 * The data plane's kernel objects and daemons. Everything it starts or makes is recorded under
 * `stateDir`, one directory per namespace with the pid files of its daemons, so that `destroy`
 * removes exactly that, even after a crash.
 */
export class DataPlane {
  constructor(readonly stateDir: string) {}

  dirOf(namespace: string): string {
    return path.join(this.stateDir, namespace);
  }

  /** Builds the whole plan: namespaces, cables, bridges, VXLAN, addresses, firewall, then the daemons. */
  realize(plan: DataPlanePlan): void {
    for (const ns of plan.namespaces) {
      if (!ns.name.startsWith(plan.prefix)) throw new Error(`namespace ${ns.name} lacks the prefix ${plan.prefix}`);
      fs.mkdirSync(this.dirOf(ns.name), { recursive: true });
      run("ip", ["netns", "add", ns.name]);
      ip(ns.name, "link", "set", "lo", "up");
      inNamespace(ns.name, "sysctl", "-qw", `net.ipv4.ip_forward=${ns.forwarding ? 1 : 0}`);
    }
    for (const veth of plan.veths) addVeth(veth);
    for (const ns of plan.namespaces) this.links(ns);
    for (const ns of plan.namespaces) this.start(ns);
  }

  private links(ns: NamespacePlan): void {
    for (const bridge of ns.bridges) {
      ip(
        ns.name,
        "link",
        "add",
        "name",
        bridge.name,
        ...(bridge.mtu ? ["mtu", String(bridge.mtu)] : []),
        "type",
        "bridge",
      );
    }
    for (const vxlan of ns.vxlans) {
      ip(
        ns.name,
        "link",
        "add",
        vxlan.name,
        "mtu",
        String(vxlan.mtu),
        "type",
        "vxlan",
        "id",
        String(vxlan.vni),
        "local",
        vxlan.local,
        "dstport",
        String(vxlan.port),
        ...(vxlan.learning ? [] : ["nolearning"]),
      );
      if (vxlan.bridge) ip(ns.name, "link", "set", vxlan.name, "master", vxlan.bridge);
      for (const remote of vxlan.remotes) {
        run("bridge", ["-n", ns.name, "fdb", "append", "00:00:00:00:00:00", "dev", vxlan.name, "dst", remote]);
      }
    }
    for (const port of ns.bridgePorts) ip(ns.name, "link", "set", port.interface, "master", port.bridge);
    for (const link of JSON.parse(ip(ns.name, "-j", "link", "show")) as { ifname: string }[]) {
      ip(ns.name, "link", "set", link.ifname, "up");
    }
    for (const address of ns.addresses) ip(ns.name, "address", "add", address.address, "dev", address.interface);
    if (ns.defaultRoute) ip(ns.name, "route", "add", "default", "via", ns.defaultRoute);
    for (const route of ns.routes) ip(ns.name, "route", "add", route.destination, "via", route.via);
  }

  private start(ns: NamespacePlan): void {
    const dir = this.dirOf(ns.name);
    if (ns.firewall) {
      const file = path.join(dir, "firewall.nft");
      fs.writeFileSync(file, nftablesConfig(ns.firewall));
      inNamespace(ns.name, "nft", "-f", file);
    }
    if (ns.ospf) {
      // FRR drops to its own user, which may not enter the state directory (a clone under a 0700
      // home): its configuration, pid files and sockets live in FRR's own run directory.
      const frrDir = path.join(FRR_RUN, ns.name);
      fs.mkdirSync(frrDir, { recursive: true });
      fs.writeFileSync(path.join(dir, "frr-run-dir"), frrDir);
      const conf = path.join(frrDir, "frr.conf");
      fs.writeFileSync(conf, frrConfig(ns, ns.ospf));
      run("chown", ["-R", "frr:frr", frrDir]);
      for (const daemon of ["zebra", "ospfd"]) {
        inNamespace(
          ns.name,
          path.join(FRR_BIN, daemon),
          "-d",
          "-N",
          ns.name,
          "-f",
          conf,
          "-i",
          path.join(frrDir, `${daemon}.pid`),
        );
      }
    }
    if (ns.vrrp.length > 0) this.startKeepalived(ns);
  }

  private startKeepalived(ns: NamespacePlan): void {
    const dir = this.dirOf(ns.name);
    const conf = path.join(dir, "keepalived.conf");
    fs.writeFileSync(conf, keepalivedConfig(ns));
    inNamespace(
      ns.name,
      "keepalived",
      "--vrrp",
      "-f",
      conf,
      "-p",
      path.join(dir, "keepalived.pid"),
      "-r",
      path.join(dir, "keepalived-vrrp.pid"),
    );
  }

  /** The daemons it started, by their pid files: keepalived's in the state directory, FRR's in its run directory. */
  daemonPidFiles(): string[] {
    if (!fs.existsSync(this.stateDir)) return [];
    return fs.readdirSync(this.stateDir).flatMap((namespace) =>
      this.daemonDirs(namespace).flatMap((dir) =>
        fs.existsSync(dir)
          ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".pid"))
              .map((f) => path.join(dir, f))
          : [],
      ),
    );
  }

  /** Where a namespace's daemons keep their files. */
  private daemonDirs(namespace: string): string[] {
    const dir = this.dirOf(namespace);
    const frrRun = path.join(dir, "frr-run-dir");
    return fs.existsSync(frrRun) ? [dir, fs.readFileSync(frrRun, "utf8")] : [dir];
  }

  /** Stops a daemon by its pid file, and waits until it is gone. */
  private stopDaemon(file: string): void {
    if (!fs.existsSync(file)) return;
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    // Only a process started with this namespace's files is ours: a pid may have been reused since.
    if (pid > 0 && alive(pid) && commandLine(pid).includes(path.dirname(file))) {
      process.kill(pid, "SIGTERM");
      const deadline = Date.now() + 5000;
      while (alive(pid) && Date.now() < deadline) sleepSync(50);
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
    fs.rmSync(file, { force: true });
  }

  /** Removes everything recorded under the state directory: daemons first, then the namespaces. */
  destroy(): void {
    if (!fs.existsSync(this.stateDir)) return;
    for (const file of this.daemonPidFiles()) this.stopDaemon(file);
    for (const namespace of fs.readdirSync(this.stateDir)) {
      const dir = this.dirOf(namespace);
      for (const daemonDir of this.daemonDirs(namespace)) fs.rmSync(daemonDir, { recursive: true, force: true });
      if (fs.existsSync(path.join("/run/netns", namespace))) run("ip", ["netns", "delete", namespace]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !fs.readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

import * as fs from "node:fs";

/** The parent of every process, from /proc. */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after its last `)` are fixed.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  return parentOf;
}

/** Which of a run's processes this is, from its command line. */
function role(pid: number): string {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const line = argv.join(" ");
    if (line.includes("cmd/dynamic-provider")) return "dynamic providers";
    if (line.includes("pulumi-resource-proxmoxve")) return "proxmoxve plugin";
    if (line.includes("pulumi-language-nodejs")) return "language host";
    if (line.includes("@pulumi/pulumi/cmd/run")) return "program";
    if (/(^|\/)pulumi$/.test(argv[0])) return "CLI";
    return "other";
  } catch {
    return "other";
  }
}

/** A process's proportional set size: its own pages, and its share of those it shares (the node binary, libraries). */
function proportionalBytes(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the memory of every process below this one (the Pulumi CLI, its language host
 * running the program, the dynamic providers and plugins) and keeps the highest sum. This process
 * holds the emulators, which are the lab's and not the run's, so it does not count.
 */
export class PeakMemory {
  private peak = 0;
  /** Each kind of process's share of the peak, at the moment of the peak. */
  peakByRole = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }

  private sample(): void {
    const parentOf = parents();
    const below = new Set([process.pid]);
    let total = 0;
    const byRole = new Map<string, number>();
    // Parents come before children in pid order only mostly: repeat until nothing new joins.
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of parentOf) {
        if (!below.has(pid) && below.has(ppid)) {
          below.add(pid);
          const bytes = proportionalBytes(pid);
          total += bytes;
          byRole.set(role(pid), (byRole.get(role(pid)) ?? 0) + bytes);
          grew = true;
        }
      }
    }
    if (total > this.peak) {
      this.peak = total;
      this.peakByRole = byRole;
    }
  }
}

import { ApiError } from "./errors";

/**
 * Worker tasks, as PVE forks them for anything long: the API answers a UPID at once, the task runs
 * for a while, and its effect happens when it ends. Status and log read like PVE's task files.
 */

export interface Task {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
  running: boolean;
  /** "OK", or the error a failed task ended with. */
  exitstatus?: string;
  endtime?: number;
  log: string[];
}

/** What a task's work may do while it runs: print to its log, as the Perl worker prints. */
export interface TaskLog {
  print(line: string): void;
}

export type TaskWork = (log: TaskLog) => void;

export interface TaskOwner {
  node: string;
  type: string;
  id: string;
  user: string;
}

const hex8 = (value: number) => value.toString(16).toUpperCase().padStart(8, "0");

/** PVE::UPID::encode. */
const encodeUpid = (t: Omit<Task, "upid" | "running" | "log">) =>
  `UPID:${t.node}:${hex8(t.pid)}:${hex8(t.pstart)}:${hex8(t.starttime)}:${t.type}:${t.id}:${t.user}:`;

const UPID_RE =
  /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

export function isUpid(text: string): boolean {
  return UPID_RE.test(text);
}

/** The knobs of the task runner, shared with the lab's knobs. */
export interface TaskKnobs {
  /** How long every task runs before it ends and takes effect. */
  taskDurationMs: number;
  /** The next task of each listed type fails with the given message instead of doing its work. */
  taskFailures: Map<string, string>;
}

export class TaskRunner {
  private readonly tasks = new Map<string, Task>();
  /** The timer of each running task, by UPID. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private nextPid = 0x1f00;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly knobs: TaskKnobs) {}

  /**
   * Starts a task and answers its UPID. `work` runs when the task ends; a thrown ApiError (or any
   * error) fails the task with its message, as a `die` in the Perl worker does. `undo` cleans up
   * after a failed task, whether its work failed or a knob failed it before the work ran.
   */
  start(owner: TaskOwner, work: TaskWork, undo?: () => void): string {
    const now = Math.floor(Date.now() / 1000);
    const pid = this.nextPid++;
    const fields = { ...owner, pid, pstart: Math.floor(process.uptime() * 100) + pid, starttime: now };
    const task: Task = { ...fields, upid: encodeUpid(fields), running: true, log: [] };
    this.tasks.set(task.upid, task);
    const failure = this.knobs.taskFailures.get(owner.type);
    if (failure !== undefined) this.knobs.taskFailures.delete(owner.type);
    const timer = setTimeout(() => {
      this.timers.delete(task.upid);
      this.finish(task, failure, work, undo);
    }, this.knobs.taskDurationMs);
    this.timers.set(task.upid, timer);
    return task.upid;
  }

  get(upid: string): Task | undefined {
    return this.tasks.get(upid);
  }

  all(): Task[] {
    return [...this.tasks.values()];
  }

  /** Resolves once no task is running. */
  async idle(): Promise<void> {
    while (this.all().some((t) => t.running)) await new Promise<void>((resolve) => this.waiters.add(resolve));
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const task of this.tasks.values()) if (task.running) this.end(task, "task aborted: the lab stopped");
  }

  /**
   * The node died with its tasks: they never write their last line, so PVE::UPID::read_status
   * finds none and reports "unexpected status" (pve-common src/PVE/UPID.pm).
   */
  abandon(node: string): void {
    for (const task of this.tasks.values()) {
      if (task.node !== node || !task.running) continue;
      clearTimeout(this.timers.get(task.upid));
      this.timers.delete(task.upid);
      task.running = false;
      task.endtime = Math.floor(Date.now() / 1000);
      task.exitstatus = "unexpected status";
    }
    this.wakeWaiters();
  }

  private finish(task: Task, failure: string | undefined, work: TaskWork, undo?: () => void): void {
    const log: TaskLog = { print: (line) => task.log.push(...line.split("\n")) };
    if (failure !== undefined) {
      log.print(`lab knob: this ${task.type} task was set to fail`);
      undo?.();
      this.end(task, failure);
      return;
    }
    try {
      work(log);
      this.end(task);
    } catch (error) {
      undo?.();
      const message = error instanceof ApiError ? error.text : error instanceof Error ? error.message : String(error);
      this.end(task, message);
    }
  }

  /** Ends a task the way PVE's fork_worker writes the last lines of the task log. */
  private end(task: Task, error?: string): void {
    task.running = false;
    task.endtime = Math.floor(Date.now() / 1000);
    if (error === undefined) {
      task.exitstatus = "OK";
      task.log.push("TASK OK");
    } else {
      const message = error.replace(/\n+$/, "").replace(/\n/g, " ");
      task.exitstatus = message;
      task.log.push("", `TASK ERROR: ${message}`);
    }
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}

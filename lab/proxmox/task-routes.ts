import { type ApiCall, type ClusterContext, integer, nodeOf, type Routes, text, WithAttributes } from "./context";
import { failures } from "./errors";
import { isUpid, type Task } from "./tasks";

/** /nodes/{node}/tasks: what pve-manager's Tasks.pm answers from the task files of a node. */

function taskOf(ctx: ClusterContext, call: ApiCall): Task | undefined {
  const upid = String(call.params.upid);
  if (!isUpid(upid)) throw failures.unparsableUpid();
  const task = ctx.tasks.get(upid);
  return task?.node === nodeOf(call) ? task : undefined;
}

/**
 * Tasks.pm's check for one task: its owner reads it (check_task_user: a token sees its own tasks,
 * the UPID's user field naming it), anyone else needs Sys.Audit on the node of the path.
 */
function checkTaskAccess(call: ApiCall): void {
  const taskUser = String(call.params.upid).split(":")[7];
  if (taskUser !== call.user) call.access.check(`/nodes/${nodeOf(call)}`, ["Sys.Audit"]);
}

/** A token's tasks show the user and the token name apart, as convert_token_task splits them. */
function owner(task: Task) {
  const [user, tokenid] = task.user.split("!");
  return tokenid === undefined ? { user } : { user, tokenid };
}

function status(ctx: ClusterContext, call: ApiCall) {
  const task = taskOf(ctx, call);
  if (!task) throw failures.noSuchTask();
  checkTaskAccess(call);
  const { node, pid, pstart, starttime, type, id, upid } = task;
  const answer: Record<string, unknown> = {
    node,
    pid,
    pstart,
    starttime,
    type,
    id,
    ...owner(task),
    status: task.running ? "running" : "stopped",
    upid,
  };
  if (!task.running) answer.exitstatus = task.exitstatus;
  return answer;
}

/** dump_logfile: `{n, t}` lines from `start`, at most `limit` (0 means all), and their count. */
function log(ctx: ClusterContext, call: ApiCall) {
  const task = taskOf(ctx, call);
  checkTaskAccess(call);
  const lines = task ? task.log : [];
  const start = integer(call.params, "start") ?? 0;
  const limit = integer(call.params, "limit") ?? 50;
  if (!task) return { data: [{ n: 1, t: "unable to open file - No such file or directory" }], total: 1 };
  if (lines.length === 0) return { data: [{ n: 1, t: "no content" }], total: 1 };
  const shown = lines.slice(start, limit === 0 ? undefined : start + limit);
  return { data: shown.map((t, i) => ({ n: start + i + 1, t })), total: lines.length };
}

function list(ctx: ClusterContext, call: ApiCall) {
  const { params } = call;
  const source = text(params, "source") ?? "archive";
  const vmid = text(params, "vmid");
  const typeFilter = text(params, "typefilter");
  const start = integer(params, "start") ?? 0;
  const limit = integer(params, "limit") ?? 50;
  // Who may not audit the node sees only their own tasks.
  const auditor = call.access.check(`/nodes/${nodeOf(call)}`, ["Sys.Audit"], true);
  const tasks = ctx.tasks
    .all()
    .filter((t) => t.node === nodeOf(call) && (auditor || t.user === call.user))
    .filter((t) => source === "all" || (source === "active") === t.running)
    .filter((t) => (vmid === undefined || t.id === vmid) && (typeFilter === undefined || t.type === typeFilter))
    .sort((a, b) => b.starttime - a.starttime);
  const page = tasks.slice(start, start + limit).map((t) => {
    const entry: Record<string, unknown> = {
      upid: t.upid,
      node: t.node,
      pid: t.pid,
      pstart: t.pstart,
      starttime: t.starttime,
      type: t.type,
      id: t.id,
      user: t.user,
    };
    if (!t.running) Object.assign(entry, { endtime: t.endtime, status: t.exitstatus });
    return entry;
  });
  return { data: page, total: tasks.length };
}

const withTotal = ({ data, total }: { data: unknown; total: number }) => new WithAttributes(data, { total });

export function taskRoutes(ctx: ClusterContext): Routes {
  return {
    "GET /nodes/{node}/tasks": (call) => withTotal(list(ctx, call)),
    "GET /nodes/{node}/tasks/{upid}": () => [{ name: "log" }, { name: "status" }],
    "GET /nodes/{node}/tasks/{upid}/status": (call) => status(ctx, call),
    "GET /nodes/{node}/tasks/{upid}/log": (call) => withTotal(log(ctx, call)),
  };
}

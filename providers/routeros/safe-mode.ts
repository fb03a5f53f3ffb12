import { type RouterConnection, RouterOsError } from "./client";

/**
 * RouterOS keeps the last 100 actions for safe mode to undo, and past them leaves safe mode
 * keeping everything (MikroTik's "Configuration Management" page): a batch takes no new operation
 * once this many changes went through it.
 */
const BATCH_CHANGES = 80;

interface Batch {
  connection: RouterConnection;
  /** Operations inside it, not yet done. */
  members: number;
  /** What each operation that joined does, for the error that says what was undone. */
  operations: string[];
  /** Safe mode taken on the shared session, and which of its sessions holds it. */
  taken: Promise<{ session: number }>;
  /** The connection's count of changes when safe mode was taken. */
  changesAtStart?: number;
  closed: boolean;
  /** Released, or undone with the error every member fails with. */
  settled: Promise<void>;
  settle(outcome: Promise<void>): void;
}

/** The session that held safe mode went: the router undid the batch, and some of it may have landed since on a new one. */
class SessionLost extends RouterOsError {}

/**
 * Every change budgetcloud makes to a router happens in RouterOS's safe mode: taken on the run's
 * session before the first write, and released only once a new connection from here (a new TCP
 * session and login) gets through. If it does not, the router is told to unroll; if the session
 * that holds safe mode is lost, the router undoes the changes by itself. Either way each operation
 * of the batch fails, naming the router and what was undone.
 *
 * The unit is a batch: the operations that run on one router at the same time share one take and
 * one release, so the cost is a few commands per router per wave of the engine's parallel steps,
 * not per resource, whatever shape the resources have. Each operation returns only after its
 * batch is released: a run that ends, or is killed, never leaves a change the router may still undo.
 * A batch whose session was lost (a dropped connection; a release whose answer never came) is done
 * again once, each operation by its `again`, which must not mind finding its change there already.
 */
export class SafeModeBatches {
  private readonly open = new Map<string, Batch>();

  constructor(
    private readonly connectionOf: (router: string) => RouterConnection,
    /** Opens a new connection to the router and runs a command on it; throws when it does not get through. */
    private readonly probe: (connection: RouterConnection) => Promise<void>,
    /** The router undid a batch: what was read of it no longer holds. */
    private readonly undone: (connection: RouterConnection) => void = () => undefined,
  ) {}

  async around<T>(router: string, what: string, operation: () => Promise<T>, again?: () => Promise<T>): Promise<T> {
    try {
      return await this.once(router, what, operation);
    } catch (error) {
      if (!(error instanceof SessionLost) || !again) throw error;
      return this.once(router, what, again);
    }
  }

  private async once<T>(router: string, what: string, operation: () => Promise<T>): Promise<T> {
    const batch = this.join(router, what);
    try {
      await batch.taken;
    } catch (error) {
      this.leave(router, batch, Promise.resolve());
      throw error;
    }
    let result: { value: T } | { error: unknown };
    try {
      result = { value: await operation() };
    } catch (error) {
      result = { error };
    }
    await this.leave(router, batch);
    if ("error" in result) throw result.error;
    return result.value;
  }

  private join(router: string, what: string): Batch {
    const current = this.open.get(router);
    const full =
      current?.changesAtStart !== undefined && current.connection.changeCount - current.changesAtStart >= BATCH_CHANGES;
    if (current && !current.closed && !full) {
      current.members++;
      current.operations.push(what);
      return current;
    }
    const previous = current?.settled ?? Promise.resolve();
    const connection = this.connectionOf(router);
    let settle!: (outcome: Promise<void>) => void;
    const settled = new Promise<void>((resolve, reject) => {
      settle = (outcome) => outcome.then(resolve, reject);
    });
    const batch: Batch = {
      connection,
      members: 1,
      operations: [what],
      // Safe mode has one holder: a batch waits for the one before it on this router to end.
      taken: previous
        .catch(() => undefined)
        .then(async () => {
          await connection.run("/safe-mode", "take");
          batch.changesAtStart = connection.changeCount;
          return { session: connection.sessionCount };
        }),
      closed: false,
      settled,
      settle,
    };
    // Nobody may wait on a batch that fails before anyone asks.
    settled.catch(() => undefined);
    this.open.set(router, batch);
    return batch;
  }

  /** The last operation out closes the batch: probe, then release, or unroll. */
  private leave(router: string, batch: Batch, outcome?: Promise<void>): Promise<void> {
    batch.members--;
    if (batch.members === 0) {
      batch.closed = true;
      if (this.open.get(router) === batch) this.open.delete(router);
      batch.settle(outcome ?? this.close(router, batch));
    }
    return batch.settled;
  }

  private async close(router: string, batch: Batch): Promise<void> {
    try {
      await this.release(router, batch);
    } catch (error) {
      if (error instanceof RouterOsError && error.command === "/safe-mode") this.undone(batch.connection);
      throw error;
    }
  }

  private async release(router: string, batch: Batch): Promise<void> {
    const { connection } = batch;
    const { session } = await batch.taken;
    const undone = (reason: string, kind = RouterOsError) =>
      new kind(
        router,
        "/safe-mode",
        `${reason}; the router undid this run's changes made since safe mode was taken: ${batch.operations.join("; ")}`,
      );
    const lost = () => undone("the API session that held safe mode was lost", SessionLost);
    if (connection.sessionCount !== session) throw lost();
    try {
      await this.probe(connection);
    } catch (error) {
      // Should the unroll not get through either, dropping the session undoes the changes too.
      await connection.run("/safe-mode", "unroll").catch(() => connection.close());
      throw undone(`a new API connection from here failed after the change (${(error as Error).message})`);
    }
    try {
      await connection.run("/safe-mode", "release");
    } catch (error) {
      // A release sent again on a new session finds nothing held: the first may or may not have landed.
      if (connection.sessionCount !== session) throw lost();
      // Past its history's room the router leaves safe mode by itself, keeping every change.
      if (!/does not hold safe mode|not in safe mode/.test((error as Error).message)) throw error;
    }
    if (connection.sessionCount !== session) throw lost();
  }
}

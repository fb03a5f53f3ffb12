import { ConnectionLostError, type RouterConnection, RouterOsError, type Row } from "./client";
import { parseSnapshot, type Snapshot, snapshotScript } from "./snapshot";

/**
 * What a run has read of each router. The first read takes a snapshot of every managed menu in one
 * command; routers that do not let the API user run scripts fall back to one print per menu. Writes
 * keep the rows current, so the cost of a refresh grows with the number of routers, not of items.
 */
export class MenuCache {
  private readonly snapshots = new Map<string, Promise<Snapshot | undefined>>();
  private readonly menus = new Map<string, Promise<Row[]>>();
  /** The one array of rows per menu that every reader holds, refilled in place when read again. */
  private readonly held = new Map<string, Row[]>();
  /** Menus whose snapshot rows can no longer be trusted: the next read prints them again. */
  private readonly stale = new Set<string>();

  constructor(private readonly paths: readonly string[]) {}

  async version(connection: RouterConnection): Promise<string> {
    return (await this.snapshot(connection))?.version ?? connection.version();
  }

  rows(connection: RouterConnection, path: string): Promise<Row[]> {
    const key = this.key(connection, path);
    let rows = this.menus.get(key);
    if (!rows) {
      const read = this.stale.has(key)
        ? connection.run(path, "print")
        : this.snapshot(connection).then((snapshot) => snapshot?.menus.get(path) ?? connection.run(path, "print"));
      rows = read.then((fresh) => {
        const held = this.held.get(key) ?? [];
        held.splice(0, held.length, ...fresh);
        this.held.set(key, held);
        return held;
      });
      rows.catch(() => this.menus.delete(key));
      this.menus.set(key, rows);
    }
    return rows;
  }

  /** Forget a menu after a write whose outcome is unknown: the next read prints it into the same rows. */
  forget(connection: RouterConnection, path: string): void {
    const key = this.key(connection, path);
    this.menus.delete(key);
    this.stale.add(key);
  }

  /** Forget every menu of a router that undid changes (safe mode): the next reads print them again. */
  forgetAll(connection: RouterConnection): void {
    for (const path of this.paths) this.forget(connection, path);
  }

  async added(connection: RouterConnection, path: string, row: Row, before?: string): Promise<void> {
    const rows = await this.rows(connection, path);
    const at = before === undefined ? -1 : rows.findIndex((r) => r[".id"] === before);
    if (at < 0) rows.push(row);
    else rows.splice(at, 0, row);
  }

  /**
   * An item (a settings menu's one row when `id` is undefined) was set to `values`, and the fields
   * named in `unset` were unset (no longer shown).
   */
  async changed(connection: RouterConnection, path: string, id: string | undefined, values: Row, unset: string[] = []) {
    const rows = await this.rows(connection, path);
    const row = id === undefined ? rows[0] : rows.find((r) => r[".id"] === id);
    if (!row) return;
    Object.assign(row, values);
    for (const name of unset) delete row[name];
  }

  async removed(connection: RouterConnection, path: string, id: string): Promise<void> {
    const rows = await this.rows(connection, path);
    const at = rows.findIndex((r) => r[".id"] === id);
    if (at >= 0) rows.splice(at, 1);
  }

  private snapshot(connection: RouterConnection): Promise<Snapshot | undefined> {
    const router = connection.endpoint.name;
    let snapshot = this.snapshots.get(router);
    if (!snapshot) {
      snapshot = connection
        .run("", "execute", { script: snapshotScript(this.paths), "as-string": "" })
        .then(([reply]) => parseSnapshot(reply?.ret ?? "", this.paths))
        .catch((error: unknown) => {
          // A router that refuses scripts to this user is still read, a menu at a time.
          if (error instanceof RouterOsError && !(error instanceof ConnectionLostError)) return undefined;
          this.snapshots.delete(router);
          throw error;
        });
      this.snapshots.set(router, snapshot);
    }
    return snapshot;
  }

  private key(connection: RouterConnection, path: string): string {
    return `${connection.endpoint.name}\u0000${path}`;
  }
}

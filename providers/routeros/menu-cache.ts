import type { RouterConnection, Row } from "./client";

/**
 * One print per menu per router per run. Every resource of a menu reads the same rows, and writes
 * keep them current, so the cost of a refresh grows with the number of menus, not of items.
 */
export class MenuCache {
  private readonly menus = new Map<string, Promise<Row[]>>();

  rows(connection: RouterConnection, path: string): Promise<Row[]> {
    const key = this.key(connection, path);
    let rows = this.menus.get(key);
    if (!rows) {
      rows = connection.run(path, "print");
      rows.catch(() => this.menus.delete(key));
      this.menus.set(key, rows);
    }
    return rows;
  }

  /** Forget a menu after a write whose outcome is unknown; the next read prints it again. */
  forget(connection: RouterConnection, path: string): void {
    this.menus.delete(this.key(connection, path));
  }

  async added(connection: RouterConnection, path: string, row: Row, before?: string): Promise<void> {
    const rows = await this.rows(connection, path);
    const at = before === undefined ? -1 : rows.findIndex((r) => r[".id"] === before);
    if (at < 0) rows.push(row);
    else rows.splice(at, 0, row);
  }

  async changed(connection: RouterConnection, path: string, id: string, values: Row): Promise<void> {
    const row = (await this.rows(connection, path)).find((r) => r[".id"] === id);
    if (row) Object.assign(row, values);
  }

  async removed(connection: RouterConnection, path: string, id: string): Promise<void> {
    const rows = await this.rows(connection, path);
    const at = rows.findIndex((r) => r[".id"] === id);
    if (at >= 0) rows.splice(at, 1);
  }

  private key(connection: RouterConnection, path: string): string {
    return `${connection.endpoint.name}\u0000${path}`;
  }
}

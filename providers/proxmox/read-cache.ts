import type { ProxmoxClient, RequestParams } from "./client";

/**
 * What a run has read of PVE: each path is read once and the answer shared by every resource that
 * needs it, so refreshing fifty HA resources is one GET of the list. A write forgets what it makes
 * stale; the next read of that path asks PVE again.
 */
export class ReadCache {
  private readonly reads = new Map<string, Promise<unknown>>();

  get<T>(client: ProxmoxClient, path: string, params: RequestParams = {}): Promise<T> {
    const key = `${client.name}\u0000${path}\u0000${JSON.stringify(params)}`;
    let read = this.reads.get(key);
    if (!read) {
      read = client.get(path, params);
      read.catch(() => this.reads.delete(key));
      this.reads.set(key, read);
    }
    return read as Promise<T>;
  }

  /** Forgets every read of these paths, whatever their parameters. */
  forget(client: ProxmoxClient, ...paths: string[]): void {
    const prefixes = paths.map((path) => `${client.name}\u0000${path}\u0000`);
    for (const key of [...this.reads.keys()]) {
      if (prefixes.some((prefix) => key.startsWith(prefix))) this.reads.delete(key);
    }
  }
}

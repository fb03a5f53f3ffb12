import { RunReads } from "../shared/run-reads";
import type { ProxmoxClient, RequestParams } from "./client";

/**
 * What a run has read of PVE: each path is read once and the answer shared by every resource that
 * needs it, so refreshing fifty HA resources is one GET of the list. A write forgets what it makes
 * stale; the next read of that path asks PVE again.
 */
export class ReadCache {
  private readonly reads = new RunReads();

  get<T>(client: ProxmoxClient, path: string, params: RequestParams = {}): Promise<T> {
    return this.reads.read(`${client.name}\u0000${path}\u0000${JSON.stringify(params)}`, () =>
      client.get(path, params),
    );
  }

  /** Forgets every read of these paths, whatever their parameters. */
  forget(client: ProxmoxClient, ...paths: string[]): void {
    this.reads.forget(...paths.map((path) => `${client.name}\u0000${path}\u0000`));
  }
}

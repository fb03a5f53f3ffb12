import type { ProxmoxClient } from "./client";
import type { ReadCache } from "./read-cache";

/** What every engine of a provider process shares: the API, the run's reads and the stack's rules. */
export interface ProxmoxContext {
  client(): ProxmoxClient;
  cache: ReadCache;
  /** The stack protects its storage (`budgetcloud:protect`): no Ceph pool is deleted or replaced. */
  protect(): boolean;
  /**
   * Paths of apply requests (`/cluster/sdn`) whose objects this run has written but nobody has
   * applied yet, so that an apply resource whose inputs did not change still applies them.
   */
  staged: Set<string>;
}

/**
 * pmxcfs's cluster-wide locks under /etc/pve/priv/lock, as pve-ha-manager's get_pve_lock uses them
 * (src/PVE/HA/Env/PVE2.pm): the holder renews a lock by touching it, anyone else gets it only
 * once nobody has renewed it for the lock lifetime (120 s, "hardcoded lock lifetime limit from
 * pmxcfs"). Each LRM holds `ha_agent_<node>_lock`; the CRM taking a dead node's agent lock is
 * what tells it the node has fenced itself, since its watchdog fires before the lock expires.
 */

interface Held {
  holder: string;
  renewedAt: number;
}

export class ClusterLocks {
  private readonly locks = new Map<string, Held>();

  constructor(private readonly lifetimeMs: () => number) {}

  /** Gets or renews the lock for `holder`; false while someone else's hold is still fresh. */
  acquire(lock: string, holder: string, now: number): boolean {
    const held = this.locks.get(lock);
    if (held && held.holder !== holder && now - held.renewedAt < this.lifetimeMs()) return false;
    this.locks.set(lock, { holder, renewedAt: now });
    return true;
  }

  release(lock: string, holder: string): void {
    if (this.locks.get(lock)?.holder === holder) this.locks.delete(lock);
  }
}

export const agentLock = (node: string) => `ha_agent_${node}_lock`;

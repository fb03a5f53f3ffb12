/**
 * The files through which PVE's HA daemons talk, in pmxcfs: the CRM master writes
 * /etc/pve/ha/manager_status, each node's LRM writes /etc/pve/nodes/<node>/lrm_status, and each
 * reads the other's. Field names are the Perl ones (pve-ha-manager src/PVE/HA/Manager.pm and
 * LRM.pm), as GET /cluster/ha/status/manager_status prints them.
 */

/** NodeStatus.pm's $valid_node_states (maintenance and gone are not modelled). */
export type HaNodeState = "online" | "unknown" | "fence";

/** One HA resource as the CRM tracks it (Manager.pm's `$sd`). */
export interface ServiceStatus {
  /** request_start, started, request_stop, stopped, migrate, relocate, fence, recovery, error. */
  state: string;
  node: string;
  /** Names this state's command; the LRM answers under it, so a new uid asks for a new run. */
  uid: string;
  /** Set once the LRM reported a successful start; only meaningful while `started`. */
  running?: number;
  /** Where a migrate or relocate goes. */
  target?: string;
  /** The nodes a start failed on, for the relocation policy. */
  failed_nodes?: string[];
}

export interface ManagerStatus {
  master_node?: string;
  /** When the master last wrote the file (epoch seconds). */
  timestamp?: number;
  node_status: Record<string, HaNodeState>;
  service_status: Record<string, ServiceStatus>;
}

/** LRM.pm's exit codes (src/PVE/HA/Tools.pm). */
export const EXIT = {
  SUCCESS: 0,
  ERROR: 1,
  ETRY_AGAIN: 2,
  EWRONG_NODE: 3,
} as const;

export interface LrmResult {
  sid: string;
  state: string;
  exit_code: number;
}

/** LRM.pm's update_lrm_status. */
export interface LrmStatus {
  /** wait_for_agent_lock, active or lost_agent_lock. */
  state: string;
  mode: "active";
  /** Each finished command's outcome, by the uid it ran for. */
  results: Record<string, LrmResult>;
  timestamp: number;
}

export class HaFiles {
  readonly manager: ManagerStatus = { node_status: {}, service_status: {} };
  readonly lrm = new Map<string, LrmStatus>();
  /**
   * When each file was last written (ms), "manager" or the node for an LRM's. PVE judges a status
   * file's age by its timestamp in whole seconds; a lab whose HA runs faster needs finer.
   */
  readonly writtenAt = new Map<string, number>();
}

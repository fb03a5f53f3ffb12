import { failures } from "./errors";
import type { ConfigTree, TreeSnapshot } from "./tree";

/**
 * How many changes one safe-mode session may hold. MikroTik's "Configuration Management" page
 * (help.mikrotik.com/docs, section "Safe Mode"): "If too many changes are made while in safe mode,
 * and there's no room in history to hold them all (currently history keeps up to 100 most recent
 * actions), then the session is automatically put out of the safe mode, and no changes are
 * automatically undone."
 */
export const SAFE_MODE_ACTIONS = 100;

/** Commands that change the configuration: each is one action in `/system/history`. */
const CHANGES = new Set(["add", "set", "remove", "move", "enable", "disable", "comment", "unset"]);

/**
 * RouterOS's safe mode on one router: one session holds it at a time; every change made meanwhile,
 * from any session, is undone when the holder's session is lost or it unrolls, and kept when it
 * releases; past the history's room the router leaves safe mode and keeps everything.
 */
export class SafeMode {
  private holder?: object;
  private before?: TreeSnapshot;
  private actions = 0;

  constructor(
    private readonly tree: ConfigTree,
    private readonly log: (line: string) => void,
  ) {}

  /** Whether `session` holds safe mode now. */
  heldBy(session: object): boolean {
    return this.holder === session;
  }

  take(session: object): void {
    if (this.holder === session) return;
    if (this.holder !== undefined) throw failures.safeModeHeldElsewhere();
    this.holder = session;
    this.before = this.tree.snapshot();
    this.actions = 0;
  }

  release(session: object): void {
    if (this.holder !== session) throw failures.safeModeNotHeld();
    this.leave();
  }

  unroll(session: object): void {
    if (this.holder !== session) throw failures.safeModeNotHeld();
    this.undo("unrolled");
  }

  /** The session's connection went away: what it held in safe mode is undone. */
  sessionLost(session: object): void {
    if (this.holder === session) this.undo("its session was lost");
  }

  /** A command was carried out, by any session. */
  carriedOut(command: string): void {
    if (this.holder === undefined || !CHANGES.has(command)) return;
    this.actions++;
    if (this.actions > SAFE_MODE_ACTIONS) {
      this.log(`safe mode left after ${SAFE_MODE_ACTIONS} changes: the history holds no more; nothing will be undone`);
      this.leave();
    }
  }

  private undo(why: string): void {
    const before = this.before as TreeSnapshot;
    this.log(`safe mode ${why}: ${this.actions} changes undone`);
    this.leave();
    this.tree.rollBack(before);
  }

  private leave(): void {
    this.holder = undefined;
    this.before = undefined;
    this.actions = 0;
  }
}

import { createServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { assertAccounts, FACTORY_USERS, logIn, type UserAccount, type UserGroup } from "./accounts";
import { admitConnection } from "./api-admission";
import { CommandExecutor } from "./executor";
import { behaviourOf, itemsNamed, MENUS, type RouterView } from "./menus";
import { DEFAULT_MODEL, modelNamed, type RouterModel } from "./models";
import type { RouterContext, Row } from "./rows";
import { SafeMode } from "./safe-mode";
import { withBuiltInLoopback } from "./saved-before-built-in-loopback";
import { ApiSession, type SessionHost } from "./session";
import { CommandTree, DEFAULT_SPEC_FILE } from "./spec";
import { ConfigTree, type TreeSnapshot } from "./tree";
import { assertKnownVersion, DEFAULT_VERSION, EMPTY_REPLY_SINCE, isAtLeast } from "./versions";

export type { UserAccount, UserGroup };

export interface RouterOptions {
  /** How the lab and its log call the router; its identity starts as RouterOS's own "MikroTik". */
  name: string;
  /** TCP port of its API service; 0 picks a free one (read `port` after `start()`). */
  port: number;
  /** Address to listen on; loopback unless told otherwise. */
  host?: string;
  /** A key of MODELS; CHR unless told otherwise. */
  model?: string;
  /** RouterOS version to behave as, e.g. "7.24" (default) or "7.16". */
  version?: string;
  /**
   * Who may log in, each in a user group (full unless told otherwise); admin with an empty password,
   * as a factory router, unless told otherwise. `{ name, password, group: "read" }` is a user that
   * may read everything and change nothing.
   */
  users?: readonly UserAccount[];
  /** User groups besides the factory's read, write and full, e.g. `{ name: "api-read", policy: "read,api" }`. */
  groups?: readonly UserGroup[];
  specFile?: string;
  log?: (line: string) => void;
  /** Serve api-ssl with this PEM key and certificate instead of the plain-text API. */
  tls?: { key: string; cert: string };
  /**
   * The interface facing the internet, which the router had before any stack ran (a stack's
   * `uplink`: its firewall and NAT rules name it, and RouterOS refuses a rule naming an interface
   * it does not have). Unless it is one of the ports, the lab gives it as an ISP's PPPoE client on
   * the model's last port.
   */
  uplink?: string;
}

/** Faults a test can switch on while the router runs. */
export interface Knobs {
  /** Every reply is held back this long. */
  latencyMs: number;
  /** Answer this many more commands (logins not counted), then drop the connection that sends the next one; the knob then disarms. */
  dropAfterCommands?: number;
  /** The command that meets the drop is carried out first, so only its reply is lost. */
  dropLosesReplyOnly?: boolean;
  /** Every login fails as with a wrong password. */
  refuseLogin: boolean;
  /** `/execute` is refused, as for an API user without the policy to run scripts. */
  refuseScripts: boolean;
  /**
   * New API connections skip the input chain: for a router whose saved configuration names the API
   * port of another day (a recorded lab's, started again on free ports).
   */
  apiPastFirewall?: boolean;
}

/** One emulated RouterOS router: its configuration and its API service. */
export class EmulatedRouter {
  readonly name: string;
  readonly model: RouterModel;
  readonly version: string;
  readonly tree: ConfigTree;
  readonly knobs: Knobs = { latencyMs: 0, refuseLogin: false, refuseScripts: false };
  readonly safeMode: SafeMode;

  port: number;

  private readonly spec: CommandTree;
  private readonly context: RouterContext;
  private readonly executor: CommandExecutor;
  private readonly counts = new Map<string, number>();
  private readonly commandsInOrder: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly log: (line: string) => void;
  private server?: Server;
  private startedAt = Date.now();

  constructor(private readonly options: RouterOptions) {
    this.name = options.name;
    this.port = options.port;
    this.model = modelNamed(options.model ?? DEFAULT_MODEL);
    this.version = options.version ?? DEFAULT_VERSION;
    assertKnownVersion(this.version);
    const users = options.users ?? FACTORY_USERS;
    const groups = options.groups ?? [];
    assertAccounts(users, groups);
    this.log = options.log ?? (() => {});
    this.spec = new CommandTree(this.version, options.specFile ?? DEFAULT_SPEC_FILE, this.model.packages);
    const view: Omit<RouterView, "tree"> = {
      name: this.name,
      model: this.model,
      version: this.version,
      uptimeSeconds: () => (Date.now() - this.startedAt) / 1000,
      users,
      groups,
      isActive: (target, name) => itemsNamed(this.tree, target, name).some((item) => item.fields.disabled !== "true"),
    };
    const idSpaceOf = (menu: string) => (behaviourOf(menu, false).interfaceType ? "interface" : menu);
    const fillFactory = (tree: ConfigTree) => {
      for (const [menu, behaviour] of Object.entries(MENUS)) {
        for (const fields of behaviour.factory?.({ ...view, tree }) ?? []) tree.add(menu, fields);
      }
      const lastPort = this.model.ports[this.model.ports.length - 1].name;
      // An uplink that is one of the ports (the lab stack's) is there already.
      const isPort = tree.items("interface/ethernet").some((port) => port.fields.name === options.uplink);
      if (options.uplink && !isPort) tree.add("interface/pppoe-client", { name: options.uplink, interface: lastPort });
    };
    this.tree = new ConfigTree(idSpaceOf, fillFactory);
    const factory = new ConfigTree(idSpaceOf, fillFactory).snapshot();
    this.context = {
      ...view,
      tree: this.tree,
      spec: this.spec,
      refusesScripts: () => this.knobs.refuseScripts,
      factory: () => factory,
    };
    this.executor = new CommandExecutor(this.context);
    this.safeMode = new SafeMode(this.tree, (line) => this.log(`${this.name}: ${line}`));
  }

  async start(): Promise<void> {
    const tls = this.options.tls;
    const server = tls
      ? createTlsServer({ key: tls.key, cert: tls.cert }, (socket) => this.accept(socket))
      : createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, this.options.host ?? "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
    this.startedAt = Date.now();
    this.log(`${this.name}: RouterOS ${this.version} on ${this.model.boardName}, API on port ${this.port}`);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Commands received, by command word ("/ip/address/add"), since start or the last reset. */
  commandCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Command words received, in the order they came, since start or the last reset. */
  commandLog(): string[] {
    return [...this.commandsInOrder];
  }

  resetCommandCounts(): void {
    this.counts.clear();
    this.commandsInOrder.length = 0;
  }

  /** Back to factory configuration, as `/system/reset-configuration` would leave it. */
  resetToFactory(): void {
    this.tree.reset();
  }

  /** Holds a saved configuration, one saved by an older lab included (withBuiltInLoopback). */
  restore(saved: TreeSnapshot): void {
    this.tree.restore(withBuiltInLoopback(saved));
  }

  /** Rows as `print` returns them over the API, for tests that look at a router out of band. */
  print(menu: string): Row[] {
    return this.executor.run({ menu, command: "print", attributes: new Map(), queries: [] }).rows;
  }

  /** API connections open now; a connection is closed only once its session has ended. */
  openConnections(): number {
    return this.sockets.size;
  }

  /** Drops every open API connection, as a router reboot would. */
  disconnectAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    const source = (socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
    const { verdict, rule } = admitConnection(this.tree, source, this.port);
    if (verdict !== "accept" && !this.knobs.apiPastFirewall) {
      this.log(`${this.name}: API connection from ${source} ${verdict === "drop" ? "dropped" : "rejected"} by ${rule}`);
      // A dropped SYN is never answered: the client waits until it gives up, and nothing it sends is read.
      socket.on("error", () => {});
      if (verdict === "drop") socket.pause();
      else socket.destroy();
      return;
    }
    const host: SessionHost = {
      name: this.name,
      spec: this.spec,
      tree: this.tree,
      executor: this.executor,
      safeMode: this.safeMode,
      sendsEmptyReply: isAtLeast(this.version, EMPTY_REPLY_SINCE),
      latencyMs: () => this.knobs.latencyMs,
      authenticate: (name, password) => (this.knobs.refuseLogin ? undefined : logIn(this.tree, name, password)),
      received: (commandWord) => this.received(commandWord),
      log: this.log,
    };
    new ApiSession(socket, host);
  }

  private received(commandWord: string): "answer" | "drop" | "lose-reply" {
    this.counts.set(commandWord, (this.counts.get(commandWord) ?? 0) + 1);
    this.commandsInOrder.push(commandWord);
    if (commandWord === "/login" || this.knobs.dropAfterCommands === undefined) return "answer";
    if (this.knobs.dropAfterCommands > 0) {
      this.knobs.dropAfterCommands--;
      return "answer";
    }
    this.knobs.dropAfterCommands = undefined;
    return this.knobs.dropLosesReplyOnly ? "lose-reply" : "drop";
  }
}

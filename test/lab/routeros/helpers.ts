import { connect, type Socket } from "node:net";
import { RouterOSAPI } from "node-routeros";
import { EmulatedRouter, type RouterOptions } from "../../../lab/routeros/router";
import { encodeSentence, type Sentence, SentenceDecoder } from "../../../lab/routeros/wire";

/** Starts a router on a free port for the current suite and stops it afterwards. */
export function routerForSuite(options: Partial<RouterOptions> = {}): () => EmulatedRouter {
  let router: EmulatedRouter | undefined;
  beforeEach(async () => {
    router = new EmulatedRouter({ name: "MTK-T", port: 0, ...options });
    await router.start();
  });
  afterEach(async () => {
    await router?.stop();
    router = undefined;
  });
  return () => {
    if (!router) throw new Error("the router only exists inside a test");
    return router;
  };
}

/** A node-routeros client, the library the project's provider uses, logged in to `router`. */
export async function apiClient(router: EmulatedRouter, user = "admin", password = ""): Promise<RouterOSAPI> {
  const api = new RouterOSAPI({ host: "127.0.0.1", port: router.port, user, password, timeout: 5 });
  await api.connect();
  return api;
}

/** The message of the trap a node-routeros command was rejected with. */
export async function trapOf(command: Promise<unknown>): Promise<string> {
  try {
    await command;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the command to be refused");
}

/**
 * A bare API client for what node-routeros cannot show: raw reply sentences, `!empty`, several
 * traps, byte-level fragmentation.
 */
export class RawClient {
  private readonly decoder = new SentenceDecoder();
  private readonly received: Sentence[] = [];
  private waiter?: () => void;
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk) => {
      this.received.push(...this.decoder.push(chunk));
      this.waiter?.();
    });
    socket.on("close", () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return new RawClient(socket);
  }

  /** Logged in as `name` (the factory admin unless told otherwise). */
  static async loggedIn(port: number, name = "admin", password = ""): Promise<RawClient> {
    const client = await RawClient.connect(port);
    const reply = await client.command(["/login", `=name=${name}`, `=password=${password}`]);
    if (reply[0][0] !== "!done") throw new Error(`login failed: ${JSON.stringify(reply)}`);
    return client;
  }

  send(...sentences: Sentence[]): void {
    this.socket.write(Buffer.concat(sentences.map(encodeSentence)));
  }

  /** Sends a sentence and collects the reply up to its `!done` (or `!fatal`). */
  async command(words: Sentence): Promise<Sentence[]> {
    this.send(words);
    return this.until((s) => s[0] === "!done" || s[0] === "!fatal");
  }

  /** Collects sentences up to and including the first that `last` accepts. */
  async until(last: (sentence: Sentence) => boolean, timeoutMs = 3000): Promise<Sentence[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.received.findIndex(last);
      if (at !== -1) return this.received.splice(0, at + 1);
      if (this.closed) throw new Error(`connection closed; got ${JSON.stringify(this.received)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Resolves when the router has closed the connection. */
  async whenClosed(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("the connection stayed open");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 20);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** RouterOS 7's built-in lo as /interface prints it (a 7.20 CHR's REST answer), under the id given. */
export const builtInLoopbackRow = (id: string) => ({
  ".id": id,
  name: "lo",
  type: "loopback",
  mtu: "65536",
  "actual-mtu": "65536",
  "mac-address": "00:00:00:00:00:00",
  "link-downs": "0",
  running: "true",
  disabled: "false",
});

import type { Socket } from "node:net";
import type { Login } from "./accounts";
import { CommandFailure, failures, fatalReasons, type Trap } from "./errors";
import type { CommandExecutor, CommandOutcome } from "./executor";
import { assertPermitted } from "./permissions";
import type { Row } from "./rows";
import type { SafeMode } from "./safe-mode";
import { isSensitive } from "./sensitive";
import type { CommandTree } from "./spec";
import type { Change, ConfigTree } from "./tree";
import { encodeSentence, ProtocolError, type Sentence, SentenceDecoder } from "./wire";

/** What a connection needs from the router it belongs to. */
export interface SessionHost {
  readonly name: string;
  readonly spec: CommandTree;
  readonly tree: ConfigTree;
  readonly executor: CommandExecutor;
  readonly safeMode: SafeMode;
  /** RouterOS 7.18+ answers a listing with no rows with `!empty`. */
  readonly sendsEmptyReply: boolean;
  /** Delay before each reply, in milliseconds. */
  latencyMs(): number;
  /** The user with this name and password, and what its group grants; undefined for anyone else. */
  authenticate(name: string, password: string): Login | undefined;
  /**
   * Counts a command and says what becomes of it: answered, dropped with the connection before it
   * is carried out, or carried out with its reply lost as the connection drops.
   */
  received(commandWord: string): "answer" | "drop" | "lose-reply";
  log(line: string): void;
}

interface ParsedSentence {
  command: string;
  tag?: string;
  attributes: Map<string, string>;
  queries: string[];
}

/**
 * One API connection: login first, then commands, each answered with sentences carrying its
 * `.tag`. Commands that keep running (listen, print follow) stream until `/cancel` or disconnect.
 */
export class ApiSession {
  private readonly decoder = new SentenceDecoder();
  /**
   * Who logged in, with the policies its group granted then: a change to the group takes effect at
   * the user's next login (as a third party measured on RouterOS 7.20: a user that gave its own
   * group `sensitive` saw the secrets only once it had logged in again).
   */
  private user?: Login;
  private closed = false;
  /** Commands still running (listen, print follow), each with the function that stops it. */
  private running: { tag?: string; stop: () => void }[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk) => this.receive(chunk));
    socket.on("close", () => this.end());
    // A client that resets the connection is not an emulator failure.
    socket.on("error", () => this.end());
  }

  private receive(chunk: Buffer): void {
    let sentences: Sentence[];
    try {
      sentences = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.host.log(`${this.host.name}: protocol error, closing: ${error.message}`);
      this.socket.destroy();
      return;
    }
    for (const sentence of sentences) {
      if (this.closed) return;
      this.handle(parseSentence(sentence));
    }
  }

  private handle(sentence: ParsedSentence): void {
    const { command, tag, attributes } = sentence;
    // Login words carry the password, so only the command word of a login is logged; other secrets
    // (SNMP and VRRP passwords, OSPF keys) are logged as RouterOS's export shows them without show-sensitive: not at all.
    const word = ([n, v]: [string, string]) => `=${n}=${isSensitive(n) ? "***" : v}`;
    const shown = command === "/login" ? [] : [...[...attributes].map(word), ...sentence.queries];
    this.host.log(`${this.host.name}: ${[command, ...shown, ...(tag === undefined ? [] : [`.tag=${tag}`])].join(" ")}`);
    const fate = this.host.received(command);
    if (fate !== "answer") {
      if (fate === "lose-reply") this.carryOut(sentence);
      this.host.log(`${this.host.name}: dropping the connection (drop knob, ${fate})`);
      this.closed = true;
      this.socket.destroy();
      return;
    }
    if (command === "/login") this.login(tag, attributes);
    else if (command === "/quit") this.fatal(fatalReasons.quit);
    else if (!this.user) this.fatal(fatalReasons.notLoggedIn);
    else if (command === "/cancel") this.cancel(tag, attributes.get("tag"));
    else this.run(sentence);
  }

  /** Runs a command whose reply will never be sent; a refusal is as silent as a success. */
  private carryOut(sentence: ParsedSentence): void {
    try {
      this.execute(sentence);
    } catch (error) {
      if (!(error instanceof CommandFailure)) throw error;
    }
  }

  private run(sentence: ParsedSentence): void {
    const { command, tag } = sentence;
    try {
      this.answer(tag, this.execute(sentence));
    } catch (error) {
      if (!(error instanceof CommandFailure)) throw error;
      this.host.log(`${this.host.name}: ${command} failed: ${error.message}`);
      this.send(tag, [...trapSentences(error.traps), ["!done"]]);
    }
  }

  /**
   * Safe mode belongs to the session that takes it; every other command goes to the configuration.
   * Neither happens unless the user's group allows the command (`permissions.ts`).
   */
  private execute({ command, attributes, queries }: ParsedSentence): CommandOutcome {
    const { menu, command: name } = this.host.spec.resolve(command);
    const policies = this.user?.policies ?? new Set();
    assertPermitted(policies, menu, name, attributes);
    const safeMode = this.host.safeMode;
    if (menu === "safe-mode" && SAFE_MODE_COMMANDS.has(name)) {
      if (name === "take" || (name === "toggle" && !safeMode.heldBy(this))) safeMode.take(this);
      else if (name === "unroll") safeMode.unroll(this);
      else safeMode.release(this);
      return { rows: [], listing: false };
    }
    const hidesSensitive = !policies.has("sensitive");
    const outcome = this.host.executor.run({ menu, command: name, attributes, queries, hidesSensitive });
    safeMode.carriedOut(name);
    return outcome;
  }

  /** A user whose group lacks the `api` policy is refused as a wrong password is: RouterOS tells no one why. */
  private login(tag: string | undefined, attributes: Map<string, string>): void {
    const name = attributes.get("name") ?? "";
    const user = this.host.authenticate(name, attributes.get("password") ?? "");
    if (user?.policies.has("api")) {
      this.user = user;
      this.send(tag, [["!done"]]);
      return;
    }
    if (user) this.host.log(`${this.host.name}: login of ${name} refused: the group ${user.group} has no api policy`);
    this.send(tag, [...trapSentences(failures.invalidUserNameOrPassword().traps), ["!done"]]);
  }

  private answer(tag: string | undefined, outcome: CommandOutcome): void {
    const rows = outcome.rows.map(rowSentence);
    if (outcome.follow) {
      this.follow(tag, outcome.follow);
      this.send(tag, rows);
      return;
    }
    const empty = outcome.listing && rows.length === 0 && this.host.sendsEmptyReply ? [["!empty"]] : [];
    const done = outcome.ret === undefined ? ["!done"] : ["!done", `=ret=${outcome.ret}`];
    this.send(tag, [...rows, ...empty, done]);
  }

  /** Streams rows for changes until cancelled; an untagged one can only end with the connection. */
  private follow(tag: string | undefined, rowFor: (change: Change) => Row | undefined): void {
    const stop = this.host.tree.onChange((change) => {
      const row = rowFor(change);
      if (row) this.send(tag, [rowSentence(row)]);
    });
    this.running.push({ tag, stop });
  }

  /** Stops the command tagged `target` (every running command without one), as RouterOS does. */
  private cancel(tag: string | undefined, target: string | undefined): void {
    const stopped = this.running.filter((r) => target === undefined || r.tag === target);
    this.running = this.running.filter((r) => !stopped.includes(r));
    for (const r of stopped) {
      r.stop();
      this.send(r.tag, trapSentences(failures.interrupted().traps));
    }
    this.send(tag, [["!done"]]);
    for (const r of stopped) this.send(r.tag, [["!done"]]);
  }

  private fatal(reason: string): void {
    // Leaving with /quit keeps what safe mode holds, as the console's /quit does.
    if (reason === fatalReasons.quit && this.host.safeMode.heldBy(this)) this.host.safeMode.release(this);
    this.closed = true;
    this.stopAll();
    this.socket.end(encodeSentence(["!fatal", reason]));
  }

  /** Writes a command's reply in one piece, tagging each sentence right after its reply word. */
  private send(tag: string | undefined, sentences: Sentence[]): void {
    if (sentences.length === 0) return;
    const bytes = Buffer.concat(
      sentences.map(([reply, ...words]) =>
        encodeSentence(tag === undefined ? [reply, ...words] : [reply, `.tag=${tag}`, ...words]),
      ),
    );
    const write = () => {
      if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
    };
    const latency = this.host.latencyMs();
    if (latency > 0) setTimeout(write, latency);
    else write();
  }

  /** The connection is gone: what this session held in safe mode is undone. */
  private end(): void {
    this.stopAll();
    this.host.safeMode.sessionLost(this);
  }

  private stopAll(): void {
    for (const r of this.running) r.stop();
    this.running = [];
  }
}

const SAFE_MODE_COMMANDS = new Set(["take", "release", "unroll", "toggle"]);

function parseSentence([command, ...words]: Sentence): ParsedSentence {
  const parsed: ParsedSentence = { command, attributes: new Map(), queries: [] };
  for (const word of words) {
    if (word.startsWith(".tag=")) parsed.tag = word.slice(".tag=".length);
    else if (word.startsWith("?")) parsed.queries.push(word);
    else if (word.startsWith("=")) {
      const separator = word.indexOf("=", 1);
      parsed.attributes.set(
        separator === -1 ? word.slice(1) : word.slice(1, separator),
        separator === -1 ? "" : word.slice(separator + 1),
      );
    } else parsed.attributes.set(word, "");
  }
  return parsed;
}

function trapSentences(traps: readonly Trap[]): Sentence[] {
  return traps.map((trap) => [
    "!trap",
    ...(trap.category === undefined ? [] : [`=category=${trap.category}`]),
    `=message=${trap.message}`,
  ]);
}

const rowSentence = (row: Row): Sentence => ["!re", ...Object.entries(row).map(([name, value]) => `=${name}=${value}`)];

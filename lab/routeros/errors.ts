/**
 * Every `!trap` the emulator sends, worded as RouterOS words it. A command that fails answers one
 * or more traps and then `!done`.
 *
 * Categories are the API's (0 missing item or command, 1 argument value failure, 2 execution
 * interrupted); RouterOS sends a category only on some traps, and so does this table.
 */

export interface Trap {
  message: string;
  category?: number;
}

/** A failed command: what the router answers instead of its result. */
export class CommandFailure extends Error {
  constructor(readonly traps: readonly Trap[]) {
    super(traps.map((t) => t.message).join(", "));
  }
}

const fail = (...traps: Trap[]) => new CommandFailure(traps);

export const failures = {
  /** A path word that names neither a menu nor a command (RouterOS sends both traps). */
  noSuchCommandOrDirectory: (word: string) =>
    fail({ message: `no such command or directory (${word})`, category: 0 }, { message: "no such command prefix" }),
  /** The path stops at a menu: there is no command to run. */
  noSuchCommand: () => fail({ message: "no such command", category: 0 }),
  unknownParameter: (name: string) => fail({ message: `unknown parameter ${name}` }),
  noSuchItem: () => fail({ message: "no such item", category: 0 }),
  /** A value that names nothing the argument may refer to, or is not one of its words. */
  noMatchingValue: (argument: string) =>
    fail({ message: `input does not match any value of ${argument}`, category: 1 }),
  /** An argument that takes an interface or an interface list, and got neither. */
  noMatchingInterfaceOrList: (argument: string) =>
    fail({
      message: `invalid value for argument ${argument}:\r\n    input does not match any value of interface\r\n    input does not match any value of interface-list`,
      category: 1,
    }),
  /** A value the argument's type cannot read, such as an address that is not one. */
  invalidValue: (argument: string) => fail({ message: `invalid value for argument ${argument}`, category: 1 }),
  outOfRange: (argument: string, range: string) =>
    fail({ message: `value of ${argument} out of range (${range})`, category: 1 }),
  missingArguments: (names: readonly string[]) =>
    fail({ message: `missing value(s) of argument(s) ${names.join(" ")}` }),
  alreadyHaveSuchAddress: () => fail({ message: "failure: already have such address" }),
  alreadyHaveInterfaceWithSuchName: () => fail({ message: "failure: already have interface with such name" }),
  alreadyAddedAsBridgePort: () => fail({ message: "failure: device already added as bridge port" }),
  alreadyHaveSuchEntry: () => fail({ message: "failure: already have such entry" }),
  /**
   * A login RouterOS refuses: a wrong name or password, a disabled user, or a user whose group lacks
   * the `api` policy. RouterOS tells none of them apart (its log says "login failure for user … via
   * api"; API clients report a user without `api` as a wrong password, aluisiora/routeros-client
   * issue 2).
   */
  invalidUserNameOrPassword: () => fail({ message: "invalid user name or password (6)" }),
  /** Sent for the command a `/cancel` stopped. */
  interrupted: () => fail({ message: "interrupted", category: 2 }),
  /**
   * A command the user's group does not allow (`permissions.ts`): RouterOS sends the message alone,
   * with no category (as API clients quote it, e.g. homeassistant-mikrotik_router issues 235 and
   * 244, socialwifi/RouterOS-api issue 109 for `/export file=`).
   */
  notEnoughPermissions: () => fail({ message: "not enough permissions (9)" }),
  /** A second /user of one name (RouterOS's wording, as its REST API quotes it). */
  userAlreadyExists: () => fail({ message: "failure: user with the same name already exists" }),
  /**
   * `/safe-mode/take` while another session holds it. The console asks whether to hijack it
   * ("Hijacking Safe Mode from someone - unroll/release/don't take it"), which an API client cannot
   * answer; the wording here is the lab's, as MikroTik documents no API reply for it.
   */
  safeModeHeldElsewhere: () => fail({ message: "failure: safe mode is held by another session" }),
  /** `/safe-mode/release` or `unroll` from a session that does not hold it; the lab's wording too. */
  safeModeNotHeld: () => fail({ message: "failure: this session does not hold safe mode" }),
  /** A command RouterOS has (it is in the command tree) whose behaviour the emulator does not model. */
  notEmulated: (command: string) => fail({ message: `failure: ${command} is not emulated by the lab` }),
};

/** Reasons RouterOS gives in `!fatal` before it closes the connection. */
export const fatalReasons = {
  quit: "session terminated on request",
  notLoggedIn: "not logged in",
};

import { argumentKind } from "./argument-kinds";
import { failures } from "./errors";
import { exportScript } from "./export";
import {
  behaviourOf,
  FILE_READ_ARGUMENTS,
  INTERFACE_TYPE_MENUS,
  interfaceItems,
  itemsNamed,
  MENUS,
  type MenuBehaviour,
  renameReferences,
} from "./menus";
import { compileQuery } from "./query";
import { type Entry, type RouterContext, type Row, renderRow } from "./rows";
import { runScript } from "./script";
import { isSensitive } from "./sensitive";
import type { Change, Item } from "./tree";
import { type ArgumentKind, readValue } from "./value-kinds";
import { formatDateTime, formatId, parseBoolean, parseId } from "./value-syntax";

/** A command after the path was resolved: its attribute words as name → value, and its query words. */
export interface CommandRequest {
  menu: string;
  command: string;
  /** API attributes keep their leading dot (".id", ".proplist"). */
  attributes: ReadonlyMap<string, string>;
  queries: readonly string[];
  /**
   * The user's group lacks `sensitive`: what it reads leaves the secrets out (RouterOS: "if this
   * policy is disabled sensitive information is not displayed").
   */
  hidesSensitive?: boolean;
}

export interface CommandOutcome {
  rows: Row[];
  /** The `=ret=` of `!done`: an added item's id, a count, a value. */
  ret?: string;
  /** A listing: when it has no rows, RouterOS 7.18+ says so with `!empty`. */
  listing: boolean;
  /** Keeps the command running (listen, print follow): the row to send for a change, if any. */
  follow?: (change: Change) => Row | undefined;
}

/**
 * Print arguments the emulator honours, or that only change how a console lays rows out; the
 * others (where, from, order-by…) are refused as not emulated rather than silently ignored.
 */
const PRESENTATION_ARGUMENTS = new Set([
  "as-value",
  "brief",
  "comments",
  "detail",
  "proplist",
  "show-ids",
  "stats",
  "stats-detail",
  "terse",
  "without-paging",
  // Secrets are printed to whoever may see them (permissions.ts refuses it to the others).
  "show-sensitive",
  "count-only",
  "follow",
  "follow-only",
]);

const PRINTS = new Set(["print", "getall", "listen"]);

/** Export arguments the emulator honours; the others (compact, terse, verbose, where) change the script's form. */
const EXPORT_ARGUMENTS = new Set(["file", "hide-sensitive", "show-sensitive"]);

/** Arguments that pick items or place them rather than set a field. */
const ADDRESSING = new Set([".id", "numbers", "number", "copy-from", "place-before", "destination", "value-name"]);

/** Runs one command on one router's configuration, or throws the CommandFailure RouterOS would trap. */
export class CommandExecutor {
  constructor(private readonly router: RouterContext) {}

  run(request: CommandRequest): CommandOutcome {
    this.checkArguments(request);
    const { menu, command, attributes } = request;
    switch (command) {
      case "print":
      case "getall":
      case "listen":
        return this.print(request);
      case "add":
        return { rows: [], ret: this.add(menu, attributes), listing: false };
      case "set":
        this.update(menu, attributes, fieldArguments(attributes));
        return done();
      case "enable":
      case "disable":
        this.update(menu, attributes, { disabled: command === "disable" ? "true" : "false" });
        return done();
      case "comment":
        this.update(menu, attributes, { comment: attributes.get("comment") ?? "" });
        return done();
      case "unset":
        this.update(menu, attributes, { [this.valueName(menu, attributes)]: undefined });
        return done();
      case "remove":
        for (const { menu: owner, item } of this.targets(menu, attributes)) this.router.tree.remove(owner, item.id);
        return done();
      case "move":
        return this.move(menu, attributes);
      case "get":
        return this.get(menu, attributes, request.hidesSensitive);
      case "execute":
        return this.execute(attributes, request.hidesSensitive);
      case "export":
        return this.exportConfiguration(menu, attributes);
      case "read":
        if (menu === "file") return this.readFile(attributes);
        throw failures.notEmulated(`/${menu}/read`);
      default:
        throw failures.notEmulated(`/${menu}/${command}`.replace(/^\/\//, "/"));
    }
  }

  private checkArguments({ menu, command, attributes }: CommandRequest): void {
    const accepted = this.router.spec.argumentsOf(menu, command);
    for (const name of attributes.keys()) {
      if (name === ".id" && (accepted.has("numbers") || accepted.has("number"))) continue;
      if (name === ".proplist" && PRINTS.has(command)) continue;
      if (isFlagOff(name) && accepted.has(name.slice(1)) && this.kindOf(menu, command, name.slice(1))?.kind === "flag")
        continue;
      if (!accepted.has(name)) throw failures.unknownParameter(name);
      if (PRINTS.has(command) && !PRESENTATION_ARGUMENTS.has(name)) throw failures.notEmulated(`print ${name}`);
    }
  }

  private print({ menu, command, attributes, queries, hidesSensitive }: CommandRequest): CommandOutcome {
    const matches = compileQuery(queries);
    const proplist = (attributes.get(".proplist") ?? attributes.get("proplist"))?.split(",");
    const project = (row: Row): Row =>
      proplist ? Object.fromEntries(Object.entries(row).filter(([name]) => proplist.includes(name))) : row;
    const singleItem = this.router.spec.isSingleItem(menu);
    const render = (entry: Entry) => {
      const row = this.render(menu, entry, hidesSensitive);
      if (singleItem) delete row[".id"];
      return row;
    };
    const rows = this.entries(menu).map(render).filter(matches);
    if (attributes.has("count-only")) return { rows: [], ret: String(rows.length), listing: false };
    const follows = command === "listen" || attributes.has("follow") || attributes.has("follow-only");
    if (!follows) return { rows: rows.map(project), listing: true };
    const watched = MENUS[menu]?.interfaceView ? INTERFACE_TYPE_MENUS : [menu];
    return {
      rows: command === "print" && attributes.has("follow") ? rows.map(project) : [],
      listing: false,
      follow: (change) => {
        if (!watched.includes(change.menu)) return undefined;
        if (change.removed) return { ".id": change.item.id, ".dead": "true" };
        const row = render({ menu: change.menu, item: change.item });
        return matches(row) ? project(row) : undefined;
      },
    };
  }

  private add(menu: string, attributes: ReadonlyMap<string, string>): string {
    const { tree } = this.router;
    const source = attributes.get("copy-from");
    const copied = source === undefined ? {} : this.select(menu, source)[0].item.fields;
    const given = this.definedFields(this.preparedFieldsFor(menu, "add", fieldArguments(attributes)));
    const fields: Record<string, string> = { ...copied, ...given };
    const behaviour = this.behaviour(menu);
    if (behaviour.autoName && fields.name === undefined) fields.name = this.freeName(behaviour.autoName);
    const missing = (behaviour.required ?? []).filter((name) => fields[name] === undefined);
    if (missing.length > 0) throw failures.missingArguments(missing);
    this.checkItem(menu, fields);
    const before = attributes.get("place-before");
    const beforeId = before === undefined ? undefined : this.select(menu, before)[0].item.id;
    return tree.add(menu, fields, beforeId).id;
  }

  /** Applies `changes` to every targeted item, or to none if one of them would be refused. */
  private update(menu: string, attributes: ReadonlyMap<string, string>, changes: Record<string, string | undefined>) {
    const targets = this.targets(menu, attributes);
    const planned = targets.map((target) => {
      const prepared = this.preparedFieldsFor(target.menu, "set", changes, target.item);
      const fields = { ...target.item.fields, ...this.definedFields(prepared) };
      for (const [name, value] of Object.entries(prepared)) if (value === undefined) delete fields[name];
      this.checkItem(target.menu, fields, target.item);
      return { target, prepared };
    });
    for (const { target, prepared } of planned) {
      const oldName = target.item.fields.name;
      this.router.tree.update(target.menu, target.item.id, prepared);
      const newName = target.item.fields.name;
      if (oldName !== undefined && newName !== undefined && oldName !== newName) {
        renameReferences(this.router.tree, target.menu, oldName, newName);
      }
    }
  }

  private move(menu: string, attributes: ReadonlyMap<string, string>): CommandOutcome {
    const ids = this.targets(menu, attributes).map((t) => t.item.id);
    const destination = attributes.get("destination");
    const beforeId = destination === undefined ? undefined : this.select(menu, destination)[0].item.id;
    this.router.tree.move(menu, ids, beforeId);
    return done();
  }

  /**
   * `/export` of the whole configuration or of one menu and those under it. Over the API it prints
   * nothing (the console is where it prints): only a file it is written to holds it.
   */
  private exportConfiguration(menu: string, attributes: ReadonlyMap<string, string>): CommandOutcome {
    for (const name of attributes.keys()) {
      if (!EXPORT_ARGUMENTS.has(name)) throw failures.notEmulated(`export ${name}`);
    }
    const file = attributes.get("file");
    if (file === undefined) return done();
    const { tree, spec } = this.router;
    const now = new Date();
    const contents = exportScript(tree, this.router.factory(), spec, {
      under: menu,
      showSensitive: attributes.has("show-sensitive") && attributes.get("show-sensitive") !== "no",
      now,
      version: this.router.version,
      boardName: this.router.model.boardName,
    });
    const name = file.endsWith(".rsc") ? file : `${file}.rsc`;
    const fields = { contents, "last-modified": formatDateTime(now) };
    const existing = tree.items("file").find((item) => item.fields.name === name);
    if (existing) tree.update("file", existing.id, fields);
    else tree.add("file", { name, type: "script", ...fields });
    return done();
  }

  /** `/file/read`: up to chunk-size bytes of a file from an offset, as one row's `data`. */
  private readFile(attributes: ReadonlyMap<string, string>): CommandOutcome {
    const missing = ["file", "chunk-size", "offset"].filter((name) => !attributes.has(name));
    if (missing.length > 0) throw failures.missingArguments(missing);
    const number = (argument: "chunk-size" | "offset") =>
      Number(
        readValue(FILE_READ_ARGUMENTS[argument], attributes.get(argument) ?? "", { argument, properties: new Set() }),
      );
    const size = number("chunk-size");
    const offset = number("offset");
    const [{ item }] = this.select("file", attributes.get("file") ?? "");
    const data = (item.fields.contents ?? "").slice(offset, offset + size);
    return { rows: [{ data }], listing: false };
  }

  /** `/execute as-string` of the one script the lab runs; a background job is not emulated. */
  private execute(attributes: ReadonlyMap<string, string>, hidesSensitive?: boolean): CommandOutcome {
    if (this.router.refusesScripts()) throw failures.notEnoughPermissions();
    if (!attributes.has("as-string")) throw failures.notEmulated("/execute without as-string");
    const none = new Map<string, string>();
    // The script runs as the user who sent it: it sees what that user sees.
    const output = runScript(attributes.get("script") ?? "", {
      print: (menu) => this.run({ menu, command: "print", attributes: none, queries: [], hidesSensitive }).rows,
      isSingleItem: (menu) => this.router.spec.isSingleItem(menu),
      get: (menu, valueName) =>
        this.run({
          menu,
          command: "get",
          attributes: new Map([["value-name", valueName]]),
          queries: [],
          hidesSensitive,
        }).ret ?? "",
    });
    return { rows: [], ret: output, listing: false };
  }

  private get(menu: string, attributes: ReadonlyMap<string, string>, hidesSensitive?: boolean): CommandOutcome {
    const [entry] = this.targets(menu, attributes);
    const row = this.render(menu, entry, hidesSensitive);
    const name = attributes.get("value-name") ?? "";
    if (!(name in row) && !this.router.spec.argumentsOf(menu, "set").has(name))
      throw failures.noMatchingValue("value-name");
    return { rows: [], ret: row[name] ?? "", listing: false };
  }

  /** `unset`'s value-name, read as any other argument: one of the menu's properties. */
  private valueName(menu: string, attributes: ReadonlyMap<string, string>): string {
    const name = attributes.get("value-name");
    if (name === undefined) throw failures.missingArguments(["value-name"]);
    return this.prepareValue(menu, "unset", "value-name", name) ?? name;
  }

  /** The items a command addresses: its `numbers`/`number`/`.id`, or the one item of a settings menu. */
  private targets(menu: string, attributes: ReadonlyMap<string, string>): Entry[] {
    const entries = this.entries(menu);
    if (this.router.spec.isSingleItem(menu)) return entries;
    const reference = attributes.get(".id") ?? attributes.get("numbers") ?? attributes.get("number");
    if (reference === undefined) throw failures.missingArguments(["numbers"]);
    return this.select(menu, reference);
  }

  /** Finds items by id or, where the menu allows it, by name; a comma separates several. */
  private select(menu: string, reference: string): Entry[] {
    const entries = this.entries(menu);
    const namedBy = this.behaviour(menu).namedBy ?? ["name"];
    return reference.split(",").map((ref) => {
      const id = parseId(ref);
      const found =
        (id === undefined ? undefined : entries.find((e) => e.item.id === formatId(id))) ??
        namedBy.map((field) => entries.find((e) => e.item.fields[field] === ref)).find((e) => e !== undefined);
      if (!found) throw failures.noSuchItem();
      return found;
    });
  }

  /** An item as the user reads it: as RouterOS prints it, less the secrets a user without `sensitive` may not see. */
  private render(menu: string, entry: Entry, hidesSensitive?: boolean): Row {
    const row = renderRow(this.router, menu, entry);
    if (!hidesSensitive) return row;
    return Object.fromEntries(Object.entries(row).filter(([name]) => !isSensitive(name)));
  }

  private entries(menu: string): Entry[] {
    const { tree, spec } = this.router;
    if (MENUS[menu]?.interfaceView) return interfaceItems(tree);
    if (spec.isSingleItem(menu) && tree.items(menu).length === 0) tree.add(menu, {});
    return tree.items(menu).map((item) => ({ menu, item }));
  }

  /**
   * Field values of an add or set, read the way RouterOS reads them: as RouterOS stores them, or
   * undefined for a value that unsets its field.
   */
  private preparedFieldsFor(
    menu: string,
    command: string,
    fields: Record<string, string | undefined>,
    item?: Item,
  ): Record<string, string | undefined> {
    const prepared: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(fields)) {
      prepared[name] = value === undefined ? undefined : this.prepareValue(menu, command, name, value, item);
    }
    return prepared;
  }

  private prepareValue(menu: string, command: string, name: string, value: string, item?: Item): string | undefined {
    const kind = this.kindOf(menu, command, name);
    // A yes/no on an argument nothing describes is a RouterOS boolean.
    if (kind === undefined) return parseBoolean(value) ?? value;
    const properties = new Set([...this.router.spec.argumentsOf(menu, "set")].filter((p) => !ADDRESSING.has(p)));
    return readValue(kind, value, { argument: name, item: item?.fields, properties });
  }

  private kindOf(menu: string, command: string, name: string): ArgumentKind | undefined {
    const { spec } = this.router;
    const canonical = spec.currentName(menu, name);
    const printedDefault = this.behaviour(menu).defaults?.[canonical];
    return argumentKind(menu, canonical, spec.descriptionOf(menu, command, name), printedDefault);
  }

  /** References must name existing items and unique fields must stay unique, as on the router. */
  private checkItem(menu: string, fields: Record<string, string>, self?: Item): void {
    const { tree } = this.router;
    const behaviour = this.behaviour(menu);
    for (const [field, reference] of Object.entries(behaviour.references ?? {})) {
      const argument = this.router.spec.nameInVersion(menu, field);
      const value = fields[argument];
      if (value === undefined || value === "") continue;
      const named = reference.negatable && value.startsWith("!") ? value.slice(1) : value;
      const names = reference.list ? named.split(",") : [named];
      const exists = (name: string) =>
        reference.builtIn?.includes(name) || itemsNamed(tree, reference.target, name).length > 0;
      if (!names.every(exists)) throw reference.missing(argument);
    }
    for (const rule of behaviour.unique ?? []) {
      if (rule.fields.some((field) => fields[field] === undefined)) continue;
      const pool = rule.acrossInterfaces ? interfaceItems(tree).map((e) => e.item) : tree.items(menu);
      const clash = pool.some(
        (other) => other !== self && rule.fields.every((field) => other.fields[field] === fields[field]),
      );
      if (clash) throw rule.failure();
    }
  }

  private freeName(prefix: string): string {
    const taken = new Set(interfaceItems(this.router.tree).map((e) => e.item.fields.name));
    for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
  }

  private behaviour(menu: string): MenuBehaviour {
    return behaviourOf(menu, this.router.spec.hasCommand(menu, "disable"));
  }

  private definedFields(fields: Record<string, string | undefined>): Record<string, string> {
    return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
  }
}

const done = (): CommandOutcome => ({ rows: [], listing: false });

/** RouterOS 7 turns a flag off with its name after a `!` (`=!passive=`). */
const isFlagOff = (name: string) => name.startsWith("!");

/** The attributes of an add or set that are field values; a flag turned off is one to unset. */
const fieldArguments = (attributes: ReadonlyMap<string, string>): Record<string, string | undefined> =>
  Object.fromEntries(
    [...attributes]
      .filter(([name]) => !ADDRESSING.has(name))
      .map(([name, value]) => (isFlagOff(name) ? [name.slice(1), undefined] : [name, value])),
  );

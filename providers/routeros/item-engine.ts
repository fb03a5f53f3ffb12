import type * as pulumi from "@pulumi/pulumi";
import { createOnce } from "../shared/create-once";
import { propertyName } from "../shared/naming";
import { ConnectionLostError, type RouterConnection, RouterOsError, type Row } from "./client";
import { nameOn } from "./fields";
import type { Menu } from "./menu";
import type { MenuCache } from "./menu-cache";
import {
  attributesFor,
  changedFields,
  effective,
  givenValues,
  impliedValue,
  type Props,
  refreshedProps,
  refusedRemoval,
  requireGiven,
  rowValues,
} from "./values";

/** A managed item's properties as Pulumi holds them: its router, then its fields by property name. */
export interface ItemProps extends Props {
  router: string;
  /** Take over an existing item with the same identity instead of refusing to. */
  adopt?: boolean;
  /**
   * A factory item's fields as they were before budgetcloud set them, put back when it is released;
   * null for a field the router did not show, which is unset again.
   */
  factoryValues?: Record<string, string | null>;
}

export interface RouterOsContext {
  connection(router: string): RouterConnection;
  cache: MenuCache;
}

/** Pulumi's id of an item: its router and its RouterOS `.id`, as `MTK-3/*1F`. */
export const itemId = (router: string, rosId: string) => `${router}/${rosId}`;
export const rosIdOf = (id: string) => id.slice(id.lastIndexOf("/") + 1);

/**
 * The one create/read/diff/update/delete that every declared menu runs. What differs between menus
 * is data (path, identity, fields); what happens here is the same for all of them.
 */
export class ItemEngine {
  constructor(
    readonly menu: Menu,
    private readonly env: RouterOsContext,
  ) {}

  async create(props: ItemProps): Promise<{ id: string; outs: ItemProps }> {
    requireGiven(this.menu.fields, props, (reason) => this.error(props.router, "add", reason));
    const connection = this.env.connection(props.router);
    const version = await this.env.cache.version(connection);
    const desired = givenValues(this.menu, props);
    const existing = await this.find(connection, desired, version);

    if (this.menu.setOnly) {
      if (!existing) throw this.error(props.router, "set", `no such item (${this.describe(desired)})`);
      const factoryValues = this.valuesBefore(existing, [...desired.keys()], version);
      await this.apply(connection, existing, desired, version);
      return {
        id: itemId(props.router, this.rosIdOf(existing)),
        outs: { ...props, ...this.reported(rowValues(this.menu, existing, version)), factoryValues },
      };
    }
    if (existing) {
      if (!props.adopt) {
        throw this.error(
          props.router,
          "add",
          `an item with ${this.describe(desired)} already exists (${existing[".id"]}); ` +
            "set adopt: true on the resource to take it over",
        );
      }
      await this.apply(connection, existing, desired, version);
      return { id: itemId(props.router, existing[".id"]), outs: props };
    }
    const rosId = await this.add(connection, desired, version);
    return { id: itemId(props.router, rosId), outs: props };
  }

  async read(id: string, props: ItemProps): Promise<{ id?: string; props: ItemProps }> {
    const connection = this.env.connection(props.router);
    const version = await this.env.cache.version(connection);
    const row = this.rowOf(await this.env.cache.rows(connection, this.menu.path), rosIdOf(id));
    if (!row) return { props };
    const values = rowValues(this.menu, row, version);
    const refreshed = refreshedProps(this.menu.fields, props, values) as ItemProps;
    return { id, props: { ...refreshed, ...this.reported(values) } };
  }

  /** The fields only the router knows that the resource reports, from its row's values. */
  private reported(values: Map<string, string>): Partial<ItemProps> {
    return Object.fromEntries(
      Object.entries(this.menu.fields)
        .filter(([name, field]) => field.reported && values.has(name))
        .map(([name]) => [propertyName(name), values.get(name)]),
    );
  }

  diff(olds: ItemProps, news: ItemProps): pulumi.dynamic.DiffResult {
    if (olds.router !== news.router) {
      return { changes: true, replaces: ["router"], deleteBeforeReplace: false };
    }
    const changed = changedFields(this.menu.fields, olds, news);
    for (const name of changed) {
      const field = this.menu.fields[name];
      const reason = refusedRemoval(field);
      if (reason !== undefined && effective(field, news, name) === undefined) {
        const held = effective(field, olds, name);
        throw this.error(
          news.router,
          "set",
          `${propertyName(name)} cannot be taken out of the stack of ${this.describe(givenValues(this.menu, olds))} ` +
            `(it holds ${held}): ${reason}`,
        );
      }
    }
    if (changed.some((name) => name !== "comment")) this.keepApiAddress(olds, "set");
    const replaces = changed.filter((name) => this.menu.fields[name].replaceOnChange).map(propertyName);
    const identityKept = this.menu.identity.every((name) => {
      const field = this.menu.fields[name];
      return effective(field, olds, name) === effective(field, news, name);
    });
    return {
      changes: changed.length > 0,
      replaces,
      // Two items with one identity cannot coexist: the old one must go first.
      deleteBeforeReplace: replaces.length > 0 && this.menu.identity.length > 0 && identityKept,
    };
  }

  async update(id: string, olds: ItemProps, news: ItemProps): Promise<{ outs: ItemProps }> {
    const connection = this.env.connection(news.router);
    const version = await this.env.cache.version(connection);
    const values = new Map<string, string>();
    const unset: string[] = [];
    for (const name of changedFields(this.menu.fields, olds, news)) {
      const field = this.menu.fields[name];
      // A field taken out of the stack goes back to what its declaration says it then stands for.
      const value = effective(field, news, name) ?? impliedValue(field, olds, name);
      if (value === null) unset.push(name);
      else if (value !== undefined) values.set(name, value);
    }
    let factoryValues = olds.factoryValues;
    if (this.menu.setOnly) {
      const row = this.rowOf(await this.env.cache.rows(connection, this.menu.path), rosIdOf(id));
      const untouched = [...values.keys()].filter((name) => !(name in (olds.factoryValues ?? {})));
      factoryValues = { ...this.valuesBefore(row ?? {}, untouched, version), ...olds.factoryValues };
    }
    await this.set(connection, rosIdOf(id), values, version);
    await this.unset(connection, rosIdOf(id), unset, version);
    return { outs: factoryValues ? { ...news, factoryValues } : news };
  }

  async delete(id: string, props: ItemProps): Promise<void> {
    const connection = this.env.connection(props.router);
    if (this.menu.setOnly) {
      // A factory item is released as it was found.
      const version = await this.env.cache.version(connection);
      const before = Object.entries(props.factoryValues ?? {});
      const values = new Map(before.filter((entry): entry is [string, string] => entry[1] !== null));
      await this.set(connection, rosIdOf(id), values, version);
      const unset = before.filter(([, value]) => value === null).map(([name]) => name);
      await this.unset(connection, rosIdOf(id), unset, version);
      return;
    }
    this.keepApiAddress(props, "remove");
    const rosId = rosIdOf(id);
    try {
      await connection.run(this.menu.path, "remove", { ".id": rosId });
    } catch (error) {
      if (!(error instanceof RouterOsError && /no such item/.test(error.reason))) throw error;
    }
    await this.env.cache.removed(connection, this.menu.path, rosId);
  }

  /** Refuses to touch the item that holds the address this run reaches the router's API at. */
  private keepApiAddress(props: ItemProps, verb: string): void {
    const field = this.menu.apiAddress;
    if (!field) return;
    const held = effective(this.menu.fields[field], props, field);
    const { host } = this.env.connection(props.router).endpoint;
    if (held === undefined || held.split("/")[0] !== host) return;
    throw this.error(
      props.router,
      verb,
      `${this.describe(givenValues(this.menu, props))} holds ${host}, the address this run reaches ${props.router}'s API at ` +
        `(its host): changing or removing it would cut the run off the router halfway; move the router's host to ` +
        "another of its addresses in one run, then change this one in the next",
    );
  }

  /** The current values of some writable fields of a row, canonical, by declared name; null when not shown. */
  private valuesBefore(row: Row, names: string[], version: string): Record<string, string | null> {
    const actual = rowValues(this.menu, row, version);
    return Object.fromEntries(
      names.filter((name) => !this.menu.fields[name].readOnly).map((name) => [name, actual.get(name) ?? null]),
    );
  }

  /** A settings menu's one row stands for itself: it has no `.id`, so its Pulumi id carries the menu's name. */
  private rosIdOf(row: Row): string {
    return this.menu.settings ? this.menu.path.slice(1).replaceAll("/", "-") : row[".id"];
  }

  private rowOf(rows: Row[], rosId: string): Row | undefined {
    return this.menu.settings ? rows[0] : rows.find((r) => r[".id"] === rosId);
  }

  /** The attributes that name the item a command is for: none in a settings menu. */
  private target(rosId: string): Record<string, string> {
    return this.menu.settings ? {} : { ".id": rosId };
  }

  private async find(connection: RouterConnection, desired: Map<string, string>, version: string) {
    if (this.menu.settings) return (await this.env.cache.rows(connection, this.menu.path))[0];
    const identity = this.menu.identity.length > 0 ? this.menu.identity : [...desired.keys()];
    const rows = await this.env.cache.rows(connection, this.menu.path);
    return rows.find((row) => {
      if (row.dynamic === "true") return false;
      const actual = rowValues(this.menu, row, version);
      return identity.every((name) => actual.get(name) === desired.get(name));
    });
  }

  /** Sets what differs between an existing item and the stack: nothing is sent when nothing does. */
  private async apply(connection: RouterConnection, row: Row, desired: Map<string, string>, version: string) {
    const actual = rowValues(this.menu, row, version);
    const values = new Map([...desired].filter(([name, value]) => actual.get(name) !== value));
    await this.set(connection, this.rosIdOf(row), values, version);
  }

  private async set(connection: RouterConnection, rosId: string, values: Map<string, string>, version: string) {
    const attributes = this.attributes(connection, "set", values, version);
    if (Object.keys(attributes).length === 0) return;
    await connection.run(this.menu.path, "set", { ...this.target(rosId), ...attributes });
    await this.env.cache.changed(connection, this.menu.path, this.target(rosId)[".id"], attributes);
  }

  /** RouterOS's `unset`, one field at a time: it takes one `value-name`. */
  private async unset(connection: RouterConnection, rosId: string, names: string[], version: string) {
    for (const name of names) {
      const onRouter = nameOn(this.menu.fields[name], name, version) ?? name;
      await connection.run(this.menu.path, "unset", { ...this.target(rosId), "value-name": onRouter });
      await this.env.cache.changed(connection, this.menu.path, this.target(rosId)[".id"], {}, [onRouter]);
    }
  }

  private add(connection: RouterConnection, desired: Map<string, string>, version: string): Promise<string> {
    const attributes = this.attributes(connection, "add", desired, version);
    return createOnce({
      send: async () => {
        const [reply] = await connection.run(this.menu.path, "add", attributes);
        const rosId = reply?.ret;
        if (!rosId) throw this.error(connection.endpoint.name, "add", "the router returned no id");
        await this.env.cache.added(connection, this.menu.path, { ".id": rosId, ...attributes });
        return rosId;
      },
      landed: async () => {
        this.env.cache.forget(connection, this.menu.path);
        return (await this.find(connection, desired, version))?.[".id"];
      },
      lost: (error) => error instanceof ConnectionLostError,
    });
  }

  private attributes(connection: RouterConnection, verb: string, values: Map<string, string>, version: string) {
    try {
      return attributesFor(this.menu, values, version);
    } catch (error) {
      throw this.error(connection.endpoint.name, verb, (error as Error).message);
    }
  }

  private describe(values: Map<string, string>): string {
    const names = this.menu.identity.length > 0 ? this.menu.identity : [...values.keys()];
    return names.map((name) => `${name}=${values.get(name) ?? ""}`).join(" ");
  }

  private error(router: string, verb: string, reason: string): RouterOsError {
    return new RouterOsError(router, `${this.menu.path}/${verb}`, reason);
  }
}

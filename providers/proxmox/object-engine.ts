import type * as pulumi from "@pulumi/pulumi";
import { createOnce } from "../shared/create-once";
import { propertyName } from "../shared/naming";
import { adoptStanding } from "../shared/pending-creates";
import { ConnectionLostError, type Method, PveError, type RequestParams } from "./client";
import type { ProxmoxContext } from "./context";
import type { Operation, PveObject } from "./object";
import {
  changedFields,
  createParams,
  effective,
  type Props,
  type Row,
  refreshedProps,
  requireGiven,
  rowValues,
  updateParams,
} from "./values";

/**
 * The one create/read/diff/update/delete that every declared PVE object runs. What differs between
 * objects is data (paths, id, fields, which requests are tasks); what happens here is the same for all.
 * The Pulumi id of an object is its id parameter: a pool's name, a storage's id, an HA resource's sid.
 */
export class ObjectEngine {
  constructor(
    readonly object: PveObject,
    private readonly env: ProxmoxContext,
  ) {}

  async create(props: Props): Promise<{ id: string; outs: Props }> {
    requireGiven(this.object.fields, props, (reason) => new Error(`${this.object.type}: ${reason}`));
    const id = this.idOf(props);
    const adopted = props.adopt === true ? await adoptStanding(this, id, props) : undefined;
    if (adopted) return adopted;
    if (this.object.preexisting) {
      await this.setFields(props, id, Object.keys(this.object.fields));
      return { id, outs: props };
    }
    const params = { ...this.object.constants?.create, ...createParams(this.object.fields, props) };
    await createOnce({
      send: async () => {
        await this.send("create", "POST", this.path(this.object.collection, props, id), params);
        return id;
      },
      landed: async () => {
        this.forget(props, id);
        return (await this.lookup(props, id)) ? id : undefined;
      },
      lost: (error) => error instanceof ConnectionLostError,
    });
    await this.written(props, id);
    return { id, outs: props };
  }

  async read(id: string, props: Props): Promise<{ id?: string; props: Props }> {
    const row = await this.lookup(props, id);
    if (!row) return { props };
    return { id, props: refreshedProps(this.object.fields, props, rowValues(this.object.fields, row)) };
  }

  diff(id: string, olds: Props, news: Props): pulumi.dynamic.DiffResult {
    const changed = changedFields(this.object.fields, olds, news);
    const replaces = changed.filter((name) => this.object.fields[name].replaceOnChange).map(propertyName);
    if (replaces.length > 0)
      this.refuseIfProtected("replace", id, olds, `${replaces.join(", ")} cannot change in place`);
    const idField = this.object.fields[this.object.id];
    return {
      changes: changed.length > 0,
      replaces,
      // Two objects with one id cannot coexist: the old one must go first.
      deleteBeforeReplace:
        replaces.length > 0 && effective(idField, olds, this.object.id) === effective(idField, news, this.object.id),
    };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    await this.setFields(news, id, changedFields(this.object.fields, olds, news));
    return { outs: news };
  }

  /** One PUT of the item with the named fields as the props give them, unset where they give none. */
  private async setFields(props: Props, id: string, names: string[]): Promise<void> {
    const unsetWithDelete = (this.object.unsetWithDelete || this.object.preexisting) ?? false;
    const params = updateParams(this.object.fields, names, props, unsetWithDelete);
    // A node the object is reached through changes nothing on PVE: only the state learns of it.
    if (Object.keys(params).length === 0) return;
    const path = this.path(this.object.item, props, id);
    await this.send("update", "PUT", path, { ...this.object.constants?.update, ...params });
    await this.written(props, id);
  }

  async delete(id: string, props: Props): Promise<void> {
    this.refuseIfProtected("delete", id, props);
    if (this.object.preexisting) {
      // What PVE holds with no field set: the object as it was before budgetcloud set any.
      const bare = { [propertyName(this.object.id)]: id, ...this.locationOf(props) };
      try {
        await this.setFields(bare, id, Object.keys(this.object.fields));
      } catch (error) {
        // A NIC taken out of the node leaves nothing to put back.
        if (!(error instanceof PveError) || (await this.lookup(props, id))) throw error;
      }
      return;
    }
    try {
      await this.send("delete", "DELETE", this.path(this.object.item, props, id), this.object.deleteParams ?? {});
    } catch (error) {
      // Gone already is what a delete wants; anything else is a real refusal.
      if (!(error instanceof PveError)) throw error;
      this.forget(props, id);
      if (await this.lookup(props, id)) throw error;
    }
    this.forget(props, id);
    const apply = this.object.appliedBy;
    // Deletes run last in a `pulumi up`, after the apply resource: a delete applies itself.
    if (apply) await this.env.client().task(apply.method, apply.path);
  }

  /** The object as PVE holds it, or nothing when it is gone. */
  private async lookup(props: Props, id: string): Promise<Row | undefined> {
    const client = this.env.client();
    if (this.object.read) {
      try {
        return await this.env.cache.get<Row>(client, this.path(this.object.read, props, id), this.object.readParams);
      } catch (error) {
        // PVE words "no such object" differently on every path: the list says whether it is gone.
        if (!(error instanceof PveError) || error.status === undefined) throw error;
        if (await this.listed(props, id)) throw error;
        return undefined;
      }
    }
    return this.listed(props, id);
  }

  private async listed(props: Props, id: string): Promise<Row | undefined> {
    const rows = await this.env.cache.get<Row[]>(this.env.client(), this.path(this.object.collection, props, id));
    return rows.find((row) => String(row[this.object.listedAs ?? this.object.id]) === id);
  }

  private send(operation: Operation, method: Method, path: string, params: RequestParams): Promise<unknown> {
    const client = this.env.client();
    if (this.object.tasks?.includes(operation)) return client.task(method, path, params);
    return client.request(method, path, params);
  }

  private async written(props: Props, id: string): Promise<void> {
    this.forget(props, id);
    const apply = this.object.appliedBy;
    if (!apply) return;
    if (this.object.appliedByEachWrite) await this.env.client().task(apply.method, this.path(apply.path, props, id));
    else this.env.staged.add(apply.path);
  }

  /** The props that say where the object is reached (`node`), which a path needs whatever else is unset. */
  private locationOf(props: Props): Props {
    return Object.fromEntries(
      Object.entries(this.object.fields)
        .filter(([, field]) => field.location)
        .map(([name]) => [propertyName(name), props[propertyName(name)]]),
    );
  }

  private forget(props: Props, id: string): void {
    const paths = [this.object.collection, this.object.item, ...(this.object.read ? [this.object.read] : [])];
    this.env.cache.forget(this.env.client(), ...paths.map((path) => this.path(path, props, id)));
  }

  private refuseIfProtected(verb: "delete" | "replace", id: string, props: Props, why?: string): void {
    const noun = this.object.protectedAs;
    if (!noun || !this.env.protect()) return;
    const node = props.node === undefined ? "" : ` on ${props.node}`;
    throw new Error(
      `refusing to ${verb} ${noun} ${id}${node}${why ? ` (${why})` : ""}: budgetcloud:protect is on for this stack; ` +
        `set it to false (pulumi config set budgetcloud:protect false) and run pulumi up again to ${verb} it` +
        (verb === "delete" ? " (or pulumi destroy --run-program, which reads the stack's config anew)" : ""),
    );
  }

  private idOf(props: Props): string {
    return String(props[propertyName(this.object.id)]);
  }

  /** A path template with its `{…}` filled: the id parameter from the id, the rest from the props. */
  private path(template: string, props: Props, id: string): string {
    return template.replace(/\{([^}]+)\}/g, (_, name: string) =>
      name === this.object.id ? id : String(props[propertyName(name)]),
    );
  }
}

import type * as pulumi from "@pulumi/pulumi";
import { createOnce } from "../shared/create-once";
import { typed } from "../shared/json-values";
import { propertyName } from "../shared/naming";
import { adoptStanding } from "../shared/pending-creates";
import { type Json, type LibreNmsClient, LibreNmsConnectionLost, LibreNmsRequestError } from "./client";
import type { LibreNmsObject } from "./objects";
import { addBody, changedFields, columnsOf, type Props, refreshedProps, requireGiven, valuesOf } from "./values";

/** What the engines of a provider process share: LibreNMS's client. */
export interface LibreNmsContext {
  client(): LibreNmsClient;
}

const at = (answer: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((value, step) => (value as Record<string, unknown> | undefined)?.[step], answer);

/**
 * The one create/read/diff/update/delete every declared LibreNMS object runs: an add is a POST to
 * its collection, a read a GET of it (and of its members), a change a PATCH of what changed, a
 * removal a DELETE; each error names the object and what LibreNMS said.
 */
export class LibreNmsObjectEngine {
  constructor(
    readonly object: LibreNmsObject,
    private readonly env: LibreNmsContext,
  ) {}

  async create(props: Props): Promise<{ id: string; outs: Props }> {
    requireGiven(this.object.fields, props, (reason) => new Error(`${this.describe(props)}: ${reason}`));
    const client = this.env.client();
    const what = `add ${this.describe(props)}`;
    const found = async () => {
      const listed = await this.findByName(props);
      return listed === undefined ? undefined : String(listed[this.object.idColumn]);
    };
    const adopted = props.adopt === true ? await adoptStanding(this, await found(), props) : undefined;
    if (adopted) return adopted;
    const id = await createOnce({
      send: async () => {
        const answer = await client.request("POST", this.object.collection, addBody(this.object.fields, props), what);
        const created = this.object.createdId === undefined ? await found() : at(answer, this.object.createdId);
        if (created === undefined) throw new Error(`LibreNMS: ${what}: added, but LibreNMS does not list it`);
        return String(created);
      },
      // An add whose answer was lost shows in the collection; a second add would be refused as a duplicate.
      landed: found,
      lost: (error) => error instanceof LibreNmsConnectionLost,
    });
    const row = await this.row(id, props);
    return { id, outs: this.outputs(props, row ?? {}) };
  }

  async read(id: string, props: Props): Promise<{ id?: string; props: Props }> {
    const row = await this.row(id, props);
    if (!row) return { props };
    const actual = valuesOf(this.object.fields, row);
    return { id, props: this.outputs(refreshedProps(this.object.fields, props, actual), row) };
  }

  diff(_id: string, olds: Props, news: Props): pulumi.dynamic.DiffResult {
    const changed = changedFields(this.object.fields, olds, news).filter((name) => !this.object.fields[name].addOnly);
    const replaces = changed.filter((name) => this.object.fields[name].replaceOnChange).map(propertyName);
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const changed = columnsOf(this.object.fields, changedFields(this.object.fields, olds, news), news);
    const body =
      this.object.update === "field-data"
        ? { field: changed.map(([column]) => column), data: changed.map(([, value]) => value) }
        : Object.fromEntries(changed);
    const path = this.path(id);
    if (changed.length > 0) await this.env.client().request("PATCH", path, body, `change ${this.describe(news, id)}`);
    return { outs: this.outputs(news, (await this.row(id, news)) ?? {}) };
  }

  async delete(id: string, props: Props): Promise<void> {
    try {
      await this.env.client().request("DELETE", this.path(id), undefined, `remove ${this.describe(props, id)}`);
    } catch (error) {
      // Gone already is what a delete wants.
      if (!(error instanceof LibreNmsRequestError && error.status === 404)) throw error;
    }
  }

  /** The object as LibreNMS holds it, with its members where it has them; undefined when it is gone. */
  private async row(id: string, props: Props): Promise<Json | undefined> {
    const client = this.env.client();
    const { read } = this.object;
    const what = `read ${this.describe(props, id)}`;
    if ("list" in read) {
      const answer = await client.get(this.path(id), what);
      return (answer?.[read.list] as Json[] | undefined)?.[0];
    }
    const listed = (await client.get(this.object.collection, what))?.[read.listedAs] as Json[] | undefined;
    const found = listed?.find((object) => String(object.id) === id);
    if (!found) return undefined;
    const members = ((await client.get(this.path(id), what))?.[read.members.list] ?? []) as Json[];
    return { ...found, [read.members.column]: members.map((member) => String(member[read.members.id])) };
  }

  /** The object of this one's name in its collection, after an add whose answer was lost. */
  private async findByName(props: Props): Promise<Json | undefined> {
    const { read, nameField, fields } = this.object;
    const key = "list" in read ? read.list : read.listedAs;
    const listed = ((await this.env.client().get(this.object.collection, `find ${this.describe(props)}`))?.[key] ??
      []) as Json[];
    return listed.find((object) => object[fields[nameField].column ?? nameField] === props[propertyName(nameField)]);
  }

  /** The props with what LibreNMS alone knows: the read-only fields. */
  private outputs(props: Props, row: Json): Props {
    const values = valuesOf(this.object.fields, row);
    const computed = Object.entries(this.object.fields)
      .filter(([name, field]) => field.readOnly && values.has(name))
      .map(([name, field]) => [propertyName(name), typed(field, values.get(name) as string)]);
    return { ...props, ...Object.fromEntries(computed) };
  }

  private describe(props: Props, id?: string): string {
    return this.object.describe(props, id);
  }

  private path(id: string): string {
    return this.object.item.replace("{id}", encodeURIComponent(id));
  }
}

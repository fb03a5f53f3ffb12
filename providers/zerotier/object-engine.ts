import type * as pulumi from "@pulumi/pulumi";
import { createOnce } from "../shared/create-once";
import { propertyName } from "../shared/naming";
import { adoptStanding } from "../shared/pending-creates";
import type { RunReads } from "../shared/run-reads";
import { type CentralClient, CentralConnectionLost, CentralRequestError } from "./client";
import { typed } from "./fields";
import type { CentralObject } from "./objects";
import {
  bodyOf,
  changedFields,
  type Props,
  type RuleNames,
  refreshedProps,
  requireGiven,
  UndeclaredName,
  valuesOf,
} from "./values";

/** What the engines of a provider process share: Central's client, the run's reads, the stack's protection. */
export interface ZeroTierContext {
  client(): CentralClient;
  /** Each network's rule names, read once a run for all of its members. */
  reads: RunReads;
  protect(): boolean;
}

type Json = Record<string, unknown>;

/**
 * The one create/read/diff/update/delete every declared Central object runs. Central's writes are
 * POSTs of the fields to change, its reads a GET of the object; a field Central sets itself is
 * never sent, and a capability or tag is sent as the id its network's rules give its name.
 */
export class CentralObjectEngine {
  constructor(
    readonly object: CentralObject,
    private readonly env: ZeroTierContext,
  ) {}

  async create(props: Props): Promise<{ id: string; outs: Props }> {
    requireGiven(this.object.fields, props, (reason) => new Error(`${this.describe(props)}: ${reason}`));
    const body = await this.body(Object.keys(this.object.fields), props);
    const client = this.env.client();
    const what = this.describe(props);
    const { collection } = this.object;
    const listed = async () => (collection ? ((await client.get<Json[]>(collection, what)) ?? []) : []);
    const held = await listed();
    if (props.adopt === true) {
      const named = held.find((object) => (object.config as Json)?.name === props.name);
      const adopted = await adoptStanding(this, named && String(named.id), props);
      if (adopted) return adopted;
    }
    const before = new Set(held.map((object) => object.id));
    const answer = await createOnce({
      send: () => client.post(this.path(this.object.create, props), body, what),
      landed: async () =>
        (await listed()).find((object) => !before.has(object.id) && (object.config as Json)?.name === props.name),
      lost: (error) => error instanceof CentralConnectionLost,
    });
    const id = String(answer.id);
    this.written(props, id);
    return { id, outs: this.outputs(props, answer) };
  }

  async read(id: string, props: Props): Promise<{ id?: string; props: Props }> {
    const answer = await this.env.client().get(this.path(this.object.item, props, id), this.describe(props, id));
    if (!answer) return { props };
    const actual = valuesOf(this.object.fields, answer, await this.ruleNames(props));
    return { id, props: this.outputs(refreshedProps(this.object.fields, props, actual), answer) };
  }

  diff(id: string, olds: Props, news: Props): pulumi.dynamic.DiffResult {
    const changed = changedFields(this.object.fields, olds, news);
    const replaces = changed.filter((name) => this.object.fields[name].replaceOnChange).map(propertyName);
    if (replaces.length > 0) this.refuseIfProtected("replace", id, olds);
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const changed = changedFields(this.object.fields, olds, news);
    const body = await this.body(changed, news);
    const answer = await this.env.client().post(this.path(this.object.item, news, id), body, this.describe(news, id));
    this.written(news, id);
    return { outs: this.outputs(news, answer) };
  }

  async delete(id: string, props: Props): Promise<void> {
    this.refuseIfProtected("delete", id, props);
    try {
      await this.env.client().delete(this.path(this.object.item, props, id), this.describe(props, id));
    } catch (error) {
      // Gone already is what a delete wants.
      if (!(error instanceof CentralRequestError && error.status === 404)) throw error;
    }
    this.written(props, id);
  }

  /** A write makes the run's read of the object stale (a network's rule names, for its members). */
  private written(props: Props, id: string): void {
    this.env.reads.forget(this.path(this.object.item, props, id));
  }

  /** The props with what Central alone knows: the read-only fields. */
  private outputs(props: Props, answer: Json): Props {
    const values = valuesOf(this.object.fields, answer);
    const computed = Object.entries(this.object.fields)
      .filter(([name, field]) => field.readOnly && values.has(name))
      .map(([name, field]) => [propertyName(name), typed(field, values.get(name) as string)]);
    return { ...props, ...Object.fromEntries(computed) };
  }

  private async body(names: string[], props: Props): Promise<Json> {
    try {
      return bodyOf(this.object.fields, names, props, await this.ruleNames(props));
    } catch (error) {
      if (error instanceof UndeclaredName) throw new Error(`${this.describe(props)}: ${error.message}`);
      throw error;
    }
  }

  /** The capability and tag names of the network an object is in, when its fields name any. */
  private async ruleNames(props: Props): Promise<RuleNames | undefined> {
    const named = Object.values(this.object.fields).some((f) => f.items === "capability" || f.items === "tag");
    if (!named) return undefined;
    const network = String(props.network);
    const path = `network/${network}`;
    const answer = await this.env.reads.read(path, () => this.env.client().get(path, `network ${network}`));
    if (!answer) throw new Error(`${this.describe(props)}: network ${network} is not in ZeroTier Central`);
    return {
      capabilitiesByName: (answer.capabilitiesByName ?? {}) as RuleNames["capabilitiesByName"],
      tagsByName: (answer.tagsByName ?? {}) as RuleNames["tagsByName"],
    };
  }

  private describe(props: Props, id?: string): string {
    return this.object.describe(props, id);
  }

  private refuseIfProtected(verb: "delete" | "replace", id: string, props: Props): void {
    const noun = this.object.protectedAs;
    if (!noun || !this.env.protect()) return;
    throw new Error(
      `refusing to ${verb} ${noun} ${props.name} (${id}): its members would lose the network; budgetcloud:protect ` +
        `is on for this stack; set it to false (pulumi config set budgetcloud:protect false) and run pulumi up again to ${verb} it`,
    );
  }

  /** A path template with its `{…}` filled from the props, `{id}` from Central's id. */
  private path(template: string, props: Props, id?: string): string {
    return template.replace(/\{([^}]+)\}/g, (_, name: string) =>
      name === "id" ? String(id) : encodeURIComponent(String(props[propertyName(name)])),
    );
  }
}

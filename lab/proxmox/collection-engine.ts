import { COLLECTIONS, type CollectionAction, type CollectionBehaviour } from "./collections";
import { ApiError, died, failedWhile, failures } from "./errors";
import { splitList } from "./formats";
import { Access } from "./permissions";
import type { ApiReference, HttpMethod, PropertySchema } from "./schema";
import type { Section, SectionConfig, SectionValue } from "./section-config";
import type { ClusterState } from "./state";
import type { ParamObject, ParamValue } from "./validation";

/**
 * Create, list, read, update and delete for every collection declared in collections.ts, the way
 * PVE's section-config APIs do it. The collection's paths and parameter types come from the
 * reference: the item path is the collection path plus `/{id}`, and a collection whose listing
 * takes `pending` and `running` is staged like SDN (changes wait for an apply).
 */

/** Parameters that steer a call and are never stored. */
const CONTROL_PARAMETERS = new Set(["digest", "delete", "lock-token", "release-lock", "purge", "pending", "running"]);

export interface CollectionRequest {
  method: HttpMethod;
  template: string;
  params: ParamObject;
  /** The caller's privileges; a call the lab makes itself (inside a task) may do everything. */
  access?: Access;
}

interface Addressed {
  collection: string;
  behaviour: CollectionBehaviour;
  idParam: string;
  /** The collection path's own parameters (a vnet's subnets are scoped by the vnet). */
  scope: Record<string, string>;
  /** The section the request names, for an item path. */
  id?: string;
}

/** A value as PVE keeps it after check_value: numbers for integers, numbers and booleans. */
function typed(value: ParamValue, schema: PropertySchema | undefined): SectionValue {
  const type = schema?.type;
  if (type === "integer" || type === "number") return Number(value);
  if (type === "boolean") return value === true || String(value) === "1" ? 1 : 0;
  if (type === "array") return (Array.isArray(value) ? value : [value]).map(String);
  return String(value);
}

/** A section's plugin type: `type` for most, `protocol` for SDN fabrics and their nodes. */
const sectionType = (section: Section) => String(section.type ?? section.protocol ?? "");

const COLLECTION_ACTIONS: Partial<Record<HttpMethod, CollectionAction>> = { GET: "index", POST: "create" };
const ITEM_ACTIONS: Partial<Record<HttpMethod, CollectionAction>> = { GET: "read", PUT: "update", DELETE: "delete" };

const present = (value: ParamValue | undefined): value is ParamValue => value !== undefined && value !== null;

export class CollectionEngine {
  constructor(
    private readonly reference: ApiReference,
    private readonly state: ClusterState,
  ) {}

  /** Whether the generic engine serves this path. */
  serves(template: string): boolean {
    return this.collectionOf(template) !== undefined;
  }

  /**
   * The "METHOD /path" of every call the engine serves: each collection's listing and create, and
   * each item's read, update and delete, where the reference has them.
   */
  routes(): string[] {
    const routes: string[] = [];
    for (const collection of Object.keys(COLLECTIONS)) {
      const item = this.itemTemplate(collection);
      for (const method of Object.keys(COLLECTION_ACTIONS) as HttpMethod[]) {
        if (this.reference.method(collection, method)) routes.push(`${method} ${collection}`);
      }
      for (const method of Object.keys(ITEM_ACTIONS) as HttpMethod[]) {
        if (item && this.reference.method(item, method)) routes.push(`${method} ${item}`);
      }
    }
    return routes;
  }

  isStaged(collection: string): boolean {
    const listing = this.reference.method(collection, "GET")?.parameters.properties ?? {};
    return "pending" in listing && "running" in listing;
  }

  handle({ method, template, params, access = Access.unrestricted }: CollectionRequest): unknown {
    const addressed = this.address(template, params);
    const { behaviour, id } = addressed;
    const action = (id === undefined ? COLLECTION_ACTIONS : ITEM_ACTIONS)[method];
    if (action === undefined) throw failures.notEmulated(method, template);
    if (behaviour.refused) throw behaviour.refused(action);
    behaviour.checkAccess?.(action, { id, scope: addressed.scope, params }, this.state, access);
    if (action === "index") return this.list(addressed, params, access);
    if (action === "create") return this.create(addressed, params);
    const canonical = behaviour.canonicalId?.(id ?? "", this.state) ?? id ?? "";
    const target = { ...addressed, id: canonical };
    if (action === "read") return this.read(target, params);
    if (action === "update") return this.update(target, params);
    return this.remove(target, params);
  }

  private collectionOf(template: string): { collection: string; item: boolean } | undefined {
    if (COLLECTIONS[template]) return { collection: template, item: false };
    const parent = template.replace(/\/\{\w+\}$/, "");
    return parent !== template && COLLECTIONS[parent] ? { collection: parent, item: true } : undefined;
  }

  private address(template: string, params: ParamObject): Addressed {
    const found = this.collectionOf(template);
    if (!found) throw new Error(`${template} is not a collection`);
    const { collection, item } = found;
    const idParam = /\{(\w+)\}$/.exec(this.itemTemplate(collection) ?? "")?.[1] ?? "id";
    const scope = Object.fromEntries(
      [...collection.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, String(params[name])]),
    );
    const behaviour = COLLECTIONS[collection];
    return { collection, behaviour, idParam, scope, id: item ? String(params[idParam]) : undefined };
  }

  /** The item path of a collection: the collection path plus one `{id}`. */
  private itemTemplate(collection: string): string | undefined {
    return this.reference
      .templates()
      .find((t) => t.startsWith(`${collection}/{`) && !t.slice(collection.length + 1).includes("/"));
  }

  private config({ collection, scope }: Addressed): SectionConfig {
    return this.state.config(collection, scope);
  }

  private render(addressed: Addressed, id: string, section: Section, digest: string | null, position: number) {
    return {
      [addressed.idParam]: id,
      ...section,
      digest,
      ...addressed.behaviour.decorate?.(id, section, position),
    };
  }

  private list(addressed: Addressed, params: ParamObject, access: Access): unknown[] {
    const view = this.view(addressed, params);
    const visible = addressed.behaviour.visibleIf;
    return view.sections
      .filter(([id, section]) => !visible || visible(id, section, access))
      .filter(([, section]) => !present(params.type) || section.type === params.type)
      .map(([id, section], position) => this.render(addressed, id, section, view.digest, position));
  }

  private read(addressed: Addressed & { id: string }, params: ParamObject): unknown {
    const view = this.view(addressed, params);
    const position = view.sections.findIndex(([id]) => id === addressed.id);
    if (position === -1) throw died(addressed.behaviour.notFound(addressed.id));
    return this.render(addressed, addressed.id, view.sections[position][1], view.digest, position);
  }

  /** What a listing or read shows: the configuration, or for SDN its running or pending form. */
  private view(addressed: Addressed, params: ParamObject): { sections: [string, Section][]; digest: string | null } {
    const config = this.config(addressed);
    const staged = this.isStaged(addressed.collection);
    if (staged && present(params.pending) && Number(params.pending)) {
      return {
        sections: pendingView(this.state.runningConfig(addressed.collection, addressed.scope), config),
        digest: null,
      };
    }
    if (staged && present(params.running) && Number(params.running)) {
      return { sections: this.state.runningConfig(addressed.collection, addressed.scope).entries(), digest: null };
    }
    return { sections: config.entries(), digest: config.digest() };
  }

  private sectionFrom(addressed: Addressed, params: ParamObject, method: HttpMethod): Section {
    const schema = this.reference.method(this.templateOf(addressed, method), method)?.parameters.properties ?? {};
    const stored = addressed.behaviour.storedParameters ?? [];
    const section: Section = {};
    for (const [key, value] of Object.entries(params)) {
      if (!present(value) || CONTROL_PARAMETERS.has(key) || key === addressed.idParam) continue;
      if (key in addressed.scope && !stored.includes(key)) continue;
      section[key] = typed(value, schema[key]);
    }
    // check_config always records the section type; a plugin with one type needs none given.
    const types = schema.type?.enum;
    if (method === "POST" && section.type === undefined && types?.length === 1) section.type = String(types[0]);
    return section;
  }

  private templateOf(addressed: Addressed, method: HttpMethod): string {
    return method === "POST" ? addressed.collection : `${addressed.collection}/{${addressed.idParam}}`;
  }

  /** SectionConfig::check_config: options of the section's type only, required ones on create. */
  private checkOptions(addressed: Addressed, type: string, keys: string[], creating: boolean): void {
    const { behaviour } = addressed;
    const schema = this.reference.method(this.templateOf(addressed, "POST"), "POST")?.parameters.properties ?? {};
    for (const key of [...keys].sort()) {
      if (key === "type" || (addressed.behaviour.storedParameters ?? []).includes(key)) continue;
      const instanceTypes = schema[key]?.["instance-types"];
      const allowed = behaviour.optionAllowed?.(type, key) ?? true;
      if (!allowed || (instanceTypes && !instanceTypes.includes(type))) throw failures.unexpectedProperty(key);
    }
    if (!creating) return;
    for (const key of behaviour.requiredByType?.[type] ?? []) {
      if (!keys.includes(key)) throw failures.missingRequiredOption(key);
    }
  }

  private create(addressed: Addressed, params: ParamObject): unknown {
    const { behaviour } = addressed;
    const named = behaviour.idOf?.(params, addressed.scope, this.state) ?? String(params[addressed.idParam]);
    const id = behaviour.canonicalId?.(named, this.state) ?? named;
    const section = this.sectionFrom(addressed, params, "POST");
    this.checkOptions(addressed, sectionType(section), Object.keys(section), true);
    behaviour.checkCreate?.(id, section, this.state);
    const config = this.config(addressed);
    this.insideLock(behaviour.lockPrefix?.create, () => {
      if (config.has(id)) throw died(behaviour.alreadyDefined(id));
      behaviour.checkInsideLock?.(section, this.state);
      config.set(id, behaviour.normalize?.(section) ?? section);
    });
    return behaviour.result?.(id, section) ?? null;
  }

  private update(addressed: Addressed & { id: string }, params: ParamObject): unknown {
    const { behaviour, id } = addressed;
    const config = this.config(addressed);
    const changes = this.sectionFrom(addressed, params, "PUT");
    const deletions = present(params.delete) ? splitList(String(params.delete)) : [];
    let updated: Section = {};
    this.insideLock(behaviour.lockPrefix?.update, () => {
      if (present(params.digest) && params.digest !== config.digest()) throw failures.configModified();
      const current = config.get(id);
      if (!current) throw died(behaviour.notFound(id));
      const type = sectionType(current);
      this.checkOptions(addressed, type, Object.keys(changes), false);
      updated = { ...current, ...changes };
      for (const key of deletions) {
        this.checkDeletable(addressed, type, key, changes);
        delete updated[key];
      }
      behaviour.checkInsideLock?.(updated, this.state);
      config.set(id, behaviour.normalize?.(updated) ?? updated);
    });
    return behaviour.result?.(id, updated) ?? null;
  }

  /** SectionConfig::delete_from_config. */
  private checkDeletable(addressed: Addressed, type: string, key: string, changes: Section): void {
    const schema = this.reference.method(addressed.collection, "POST")?.parameters.properties ?? {};
    const option = schema[key];
    const allowed = addressed.behaviour.optionAllowed?.(type, key) ?? true;
    if (!option || !allowed || (option["instance-types"] && !option["instance-types"].includes(type))) {
      throw failures.noSuchOption(key);
    }
    const required = !option.optional || addressed.behaviour.requiredByType?.[type]?.includes(key);
    if (required) throw failures.deleteRequiredOption(key);
    if (changes[key] !== undefined) throw failures.setAndDelete(key);
  }

  private remove(addressed: Addressed & { id: string }, params: ParamObject): null {
    const { behaviour, id } = addressed;
    const config = this.config(addressed);
    if (!config.has(id) && behaviour.deleteMissing) throw behaviour.deleteMissing(id);
    this.insideLock(behaviour.lockPrefix?.delete, () => {
      if (!config.has(id)) {
        if (behaviour.deleteIgnoresMissing) return;
        throw died(behaviour.notFound(id));
      }
      config.delete(id);
      behaviour.afterDelete?.(id, params, this.state);
    });
    return null;
  }

  /** PVE's lock_*_config: an error inside becomes "<prefix>: <error>", a plain 500. */
  private insideLock(prefix: string | undefined, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (prefix !== undefined && error instanceof ApiError) throw failedWhile(prefix, error);
      throw error;
    }
  }
}

/** PVE::Network::SDN::pending_config: running values, what differs under `pending`, and a state. */
function pendingView(running: SectionConfig, config: SectionConfig): [string, Section][] {
  type Pending = Record<string, SectionValue | Record<string, SectionValue> | string>;
  const view = new Map<string, Pending>();
  const entry = (id: string) => {
    let found = view.get(id);
    if (!found) {
      found = {};
      view.set(id, found);
    }
    return found;
  };
  const pendingOf = (e: Pending) => {
    e.pending ??= {};
    return e.pending as Record<string, SectionValue>;
  };
  for (const id of running.ids().sort()) {
    const was = running.get(id) ?? {};
    const now = config.get(id);
    const e = entry(id);
    for (const key of Object.keys(was).sort()) {
      e[key] = was[key];
      if (!now) e.state = "deleted";
      else if (now[key] === undefined) {
        pendingOf(e)[key] = "deleted";
        e.state = "changed";
      } else if (String(now[key]) !== String(was[key])) e.state = "changed";
    }
    if (e.state !== undefined) pendingOf(e);
  }
  for (const id of config.ids().sort()) {
    const was = running.get(id);
    const now = config.get(id) ?? {};
    const e = entry(id);
    for (const key of Object.keys(now).sort()) {
      if (key === "type" || key === "vnet") e[key] = now[key];
      else if (was?.[key] === undefined || String(was[key]) !== String(now[key])) pendingOf(e)[key] = now[key];
      if (!was) e.state = "new";
      else if (was[key] === undefined) e.state = "changed";
    }
    if (e.state !== undefined) pendingOf(e);
  }
  return [...view.entries()] as [string, Section][];
}

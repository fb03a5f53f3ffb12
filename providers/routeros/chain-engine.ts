import type * as pulumi from "@pulumi/pulumi";
import { createOnce } from "../shared/create-once";
import { PartialFailure } from "../shared/partial-failure";
import { ConnectionLostError, type RouterConnection, RouterOsError, type Row } from "./client";
import type { RouterOsContext } from "./item-engine";
import type { Menu } from "./menu";
import { attributesFor, changedFields, effective, givenValues, type Props, refreshedProps, rowValues } from "./values";

/** The rules of one chain as one resource: their order is part of what is managed. */
export interface ChainProps extends Props {
  router: string;
  chain: string;
  rules: Props[];
  /** RouterOS ids of the managed rules, in the declared order; rules not listed belong to others. */
  ruleIds?: string[];
  /** Take over unowned rules of the chain that match a declared rule exactly. */
  adopt?: boolean;
}

/**
 * An ordered set of rules in a firewall menu: the managed rules stand in the declared order, rules
 * someone else owns stay where they are. Reordering uses `move`, new rules go in with
 * `place-before`, so a converged chain is never torn down and rebuilt.
 */
export class ChainEngine {
  constructor(
    readonly menu: Menu,
    private readonly env: RouterOsContext,
  ) {}

  async create(props: ChainProps): Promise<{ id: string; outs: ChainProps }> {
    const id = `${props.router}/${this.menu.path}/${props.chain}`;
    const ruleIds = await this.converge(id, props, []);
    return { id, outs: { ...props, ruleIds } };
  }

  async update(id: string, olds: ChainProps, news: ChainProps): Promise<{ outs: ChainProps }> {
    const ruleIds = await this.converge(id, news, olds.ruleIds ?? []);
    return { outs: { ...news, ruleIds } };
  }

  async read(id: string, props: ChainProps): Promise<{ id?: string; props: ChainProps }> {
    const connection = this.env.connection(props.router);
    const version = await this.env.cache.version(connection);
    const rows = await this.env.cache.rows(connection, this.menu.path);
    const owned = new Set(props.ruleIds ?? []);
    const declared = new Map((props.ruleIds ?? []).map((ruleId, i) => [ruleId, props.rules[i] ?? {}]));
    // Report the managed rules as the router holds them, in the router's order.
    const present = rows.filter((row) => owned.has(row[".id"]));
    return {
      id,
      props: {
        ...props,
        ruleIds: present.map((row) => row[".id"]),
        rules: present.map((row) => {
          const rule = declared.get(row[".id"]) ?? {};
          const refreshed = refreshedProps(
            this.menu.fields,
            { ...rule, chain: props.chain },
            rowValues(this.menu, row, version),
          );
          delete refreshed.chain;
          return refreshed;
        }),
      },
    };
  }

  diff(olds: ChainProps, news: ChainProps): pulumi.dynamic.DiffResult {
    if (olds.router !== news.router || olds.chain !== news.chain) {
      return { changes: true, replaces: olds.router !== news.router ? ["router"] : ["chain"] };
    }
    const same =
      olds.rules.length === news.rules.length &&
      olds.rules.every((rule, i) => changedFields(this.menu.fields, rule, news.rules[i]).length === 0);
    return { changes: !same, replaces: [] };
  }

  async delete(_id: string, props: ChainProps): Promise<void> {
    const ids = props.ruleIds ?? [];
    if (ids.length === 0) return;
    const connection = this.env.connection(props.router);
    const rows = await this.env.cache.rows(connection, this.menu.path);
    const present = ids.filter((ruleId) => rows.some((row) => row[".id"] === ruleId));
    await this.remove(connection, present);
  }

  /**
   * Brings the chain to the declared rules and order; returns their ids in that order. Stopped
   * halfway, it reports the rules it owns by then as the resource's state (a PartialFailure).
   */
  private async converge(id: string, props: ChainProps, ownedBefore: string[]): Promise<string[]> {
    const connection = this.env.connection(props.router);
    const version = await this.env.cache.version(connection);
    const rows = await this.env.cache.rows(connection, this.menu.path);
    const placed = new Set<string>(ownedBefore);
    try {
      return await this.place(connection, version, rows, props, ownedBefore, placed);
    } catch (error) {
      const standing = rows.filter((row) => placed.has(row[".id"]));
      throw new PartialFailure(error, id, {
        ...props,
        ruleIds: standing.map((row) => row[".id"]),
        rules: standing.map((row) => this.ruleOf(row, props.chain, version)),
      });
    }
  }

  /** A printed rule as the chain's props hold one. */
  private ruleOf(row: Row, chain: string, version: string): Props {
    const rule = refreshedProps(this.menu.fields, { chain }, rowValues(this.menu, row, version));
    delete rule.chain;
    return rule;
  }

  private async place(
    connection: RouterConnection,
    version: string,
    rows: Row[],
    props: ChainProps,
    ownedBefore: string[],
    placed: Set<string>,
  ): Promise<string[]> {
    const wanted = props.rules.map((rule) => givenValues(this.menu, { ...rule, chain: props.chain }));
    const owned = ownedBefore.filter((ruleId) => rows.some((row) => row[".id"] === ruleId));
    const candidates = props.adopt
      ? [...owned, ...rows.filter((r) => r.chain === props.chain && r.dynamic !== "true").map((r) => r[".id"])]
      : owned;

    // 1. Keep every owned rule that already says exactly what a declared rule says.
    const ids: (string | undefined)[] = wanted.map(() => undefined);
    const free = new Set(candidates);
    wanted.forEach((values, i) => {
      const match = [...free].find((ruleId) => this.matches(rows, ruleId, values, version));
      if (match) {
        ids[i] = match;
        free.delete(match);
      }
    });
    // 2. Rewrite leftover owned rules in place for the rules still missing, then add the rest.
    const leftovers = owned.filter((ruleId) => free.has(ruleId));
    for (let i = 0; i < wanted.length; i++) {
      if (ids[i] !== undefined || leftovers.length === 0) continue;
      const ruleId = leftovers.shift() as string;
      await this.rewrite(connection, rows, ruleId, wanted[i], version);
      ids[i] = ruleId;
      free.delete(ruleId);
    }
    // In declared order, so that the accepts stand before the final drop at every moment: adding
    // the drop first would cut the session that is adding the rules off its own input chain.
    for (let i = 0; i < wanted.length; i++) {
      if (ids[i] !== undefined) continue;
      const before = ids.slice(i + 1).find((later) => later !== undefined);
      ids[i] = await this.add(connection, wanted[i], version, before, new Set([...placed, ...candidates]));
      placed.add(ids[i] as string);
    }
    // 3. Remove owned rules no longer declared; leave everyone else's alone.
    await this.remove(
      connection,
      owned.filter((ruleId) => free.has(ruleId)),
    );
    await this.order(connection, ids as string[]);
    return ids as string[];
  }

  /** Removes rules in one command; rules already gone (a retried remove) are no error. */
  private async remove(connection: RouterConnection, ruleIds: string[]): Promise<void> {
    if (ruleIds.length === 0) return;
    try {
      await connection.run(this.menu.path, "remove", { ".id": ruleIds.join(",") });
    } catch (error) {
      if (!(error instanceof RouterOsError && /no such item/.test(error.reason))) throw error;
      this.env.cache.forget(connection, this.menu.path);
      const left = await this.env.cache.rows(connection, this.menu.path);
      const still = ruleIds.filter((ruleId) => left.some((row) => row[".id"] === ruleId));
      if (still.length > 0) await connection.run(this.menu.path, "remove", { ".id": still.join(",") });
    }
    for (const ruleId of ruleIds) await this.env.cache.removed(connection, this.menu.path, ruleId);
  }

  private matches(rows: Row[], ruleId: string, values: Map<string, string>, version: string): boolean {
    const row = rows.find((r) => r[".id"] === ruleId);
    if (!row) return false;
    const actual = rowValues(this.menu, row, version);
    return Object.entries(this.menu.fields).every(([name, field]) => {
      if (field.readOnly) return true;
      const want = values.get(name) ?? effective(field, {}, name);
      return want === undefined || (actual.get(name) ?? effective(field, {}, name)) === want;
    });
  }

  private async rewrite(
    connection: RouterConnection,
    rows: Row[],
    ruleId: string,
    values: Map<string, string>,
    version: string,
  ) {
    const row = rows.find((r) => r[".id"] === ruleId) as Row;
    const actual = rowValues(this.menu, row, version);
    const changes = new Map<string, string>();
    for (const [name, field] of Object.entries(this.menu.fields)) {
      if (field.readOnly) continue;
      const want = values.get(name) ?? effective(field, {}, name);
      if (want !== undefined && (actual.get(name) ?? effective(field, {}, name)) !== want) changes.set(name, want);
    }
    const attributes = attributesFor(this.menu, changes, version);
    if (Object.keys(attributes).length === 0) return;
    await connection.run(this.menu.path, "set", { ".id": ruleId, ...attributes });
    await this.env.cache.changed(connection, this.menu.path, ruleId, attributes);
  }

  /** Adds a rule; one whose reply was lost is looked for among the rules no one else is known to own. */
  private async add(
    connection: RouterConnection,
    values: Map<string, string>,
    version: string,
    before: string | undefined,
    known: Set<string>,
  ): Promise<string> {
    const attributes = attributesFor(this.menu, values, version);
    const placed = before === undefined ? attributes : { ...attributes, "place-before": before };
    return createOnce({
      send: async () => {
        const [reply] = await connection.run(this.menu.path, "add", placed);
        if (!reply?.ret) {
          throw new RouterOsError(connection.endpoint.name, `${this.menu.path}/add`, "the router returned no id");
        }
        await this.env.cache.added(connection, this.menu.path, { ".id": reply.ret, ...attributes }, before);
        return reply.ret;
      },
      landed: async () => {
        this.env.cache.forget(connection, this.menu.path);
        const rows = await this.env.cache.rows(connection, this.menu.path);
        return rows.find((row) => !known.has(row[".id"]) && this.matches(rows, row[".id"], values, version))?.[".id"];
      },
      lost: (error) => error instanceof ConnectionLostError,
    });
  }

  /**
   * Moves the fewest rules needed for `ids` to stand in that order: the longest run already in
   * order stays, every other rule goes just before its declared successor; a last rule out of place
   * goes just after the last rule that stays.
   */
  private async order(connection: RouterConnection, ids: string[]): Promise<void> {
    const rows = await this.env.cache.rows(connection, this.menu.path);
    const position = (ruleId: string) => rows.findIndex((row) => row[".id"] === ruleId);
    const run = longestIncreasingRun(ids, position);
    const keep = new Set(run);
    for (let i = ids.length - 1; i >= 0; i--) {
      if (keep.has(ids[i])) continue;
      const successor = ids[i + 1] ?? rows[position(run[run.length - 1]) + 1]?.[".id"];
      const words: Row = { numbers: ids[i] };
      if (successor !== undefined && successor !== ids[i]) words.destination = successor;
      await connection.run(this.menu.path, "move", words);
      const [moved] = rows.splice(position(ids[i]), 1);
      const at = words.destination === undefined ? rows.length : position(words.destination);
      rows.splice(at, 0, moved);
      keep.add(ids[i]);
    }
  }
}

/** The ids, in their given order, of a longest subsequence whose positions already increase. */
function longestIncreasingRun(ids: string[], position: (id: string) => number): string[] {
  const best: string[][] = [];
  for (const ruleId of ids) {
    let longest: string[] = [];
    for (const run of best) {
      if (position(run[run.length - 1]) < position(ruleId) && run.length > longest.length) longest = run;
    }
    best.push([...longest, ruleId]);
  }
  return best.reduce((a, b) => (b.length > a.length ? b : a), []);
}

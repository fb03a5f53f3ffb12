import type * as pulumi from "@pulumi/pulumi";
import { PartialFailure } from "../shared/partial-failure";
import { RouterOsError } from "./client";
import { ItemEngine, type ItemProps, type RouterOsContext } from "./item-engine";
import { creationOrder, menus } from "./menus";
import type { Props } from "./values";

/** The resource type of a set of a router's items. */
export const itemSetType = "ItemSet";

/** An item of a set: the menu it is in, by its resource type (`IpAddress`), and its fields. */
export interface SetItem extends Props {
  menu: string;
}

/** A router's items of one concern (its ports and addresses, its OSPF) as one resource. */
export interface ItemSetProps extends Props {
  router: string;
  /** What the items are for, as `interfaces`: with the router, the set's id. */
  concern: string;
  /** The items by a key of the set's own, which names them in a preview's diff. */
  items: Record<string, SetItem>;
  /** The items' Pulumi ids (`MTK-1/*3`), by key. */
  ids?: Record<string, string>;
  /** Take over existing items with the same identities instead of refusing. */
  adopt?: boolean;
}

/** The position of an item's menu in the order items are made in. */
const rank = (item: SetItem) => creationOrder.indexOf(item.menu);

/**
 * The items of a set in the order they are made: each after those it may refer to (a bridge before
 * its address, an area before its templates), then by key so that the order is always the same.
 */
function inCreationOrder(items: Record<string, SetItem>): string[] {
  return Object.keys(items).sort((a, b) => rank(items[a]) - rank(items[b]) || a.localeCompare(b));
}

/**
 * The items in waves, a menu each, in creation order: the items of one wave refer to none of each
 * other's, so they go to the router at once, their commands sharing its connection, and a set
 * pays the router's latency once a menu rather than once an item.
 */
function inWaves(items: Record<string, SetItem>, keys: string[] = Object.keys(items)): string[][] {
  const waves = new Map<number, string[]>();
  for (const key of inCreationOrder(items).filter((k) => keys.includes(k))) {
    const wave = rank(items[key]);
    waves.set(wave, [...(waves.get(wave) ?? []), key]);
  }
  return [...waves.values()];
}

/** Runs `work` on each key of each wave, a wave at once; the first failure is thrown once its whole wave has settled. */
async function eachWave(waves: string[][], work: (key: string) => Promise<void>): Promise<void> {
  for (const wave of waves) {
    const settled = await Promise.allSettled(wave.map(work));
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failed) throw failed.reason;
  }
}

/**
 * A set of a router's items as one resource, with each item run by the menu's own engine: a
 * router's concern costs the engine one step and one checkpoint instead of one per item, and
 * still changes only the items that differ. Made in creation order, a menu's items at once, and
 * removed in the reverse.
 */
export class ItemSetEngine {
  constructor(private readonly env: RouterOsContext) {}

  async create(props: ItemSetProps): Promise<{ id: string; outs: ItemSetProps }> {
    const id = `${props.router}/${props.concern}`;
    const done: ItemSetProps = { ...props, items: {}, ids: {} };
    await eachWave(inWaves(props.items), async (key) => {
      try {
        const { id: itemId, outs } = await this.engineOf(props, key).create(this.itemProps(props, key));
        this.record(done, key, props.items[key].menu, itemId, outs);
      } catch (error) {
        throw new PartialFailure(this.named(props, key, this.unmigrated(error)), id, done);
      }
    });
    return { id, outs: done };
  }

  async read(id: string, props: ItemSetProps): Promise<{ id?: string; props: ItemSetProps }> {
    const read: ItemSetProps = { ...props, items: {}, ids: {} };
    for (const key of inCreationOrder(props.items)) {
      const itemId = props.ids?.[key];
      if (itemId === undefined) continue;
      const found = await this.engineOf(props, key).read(itemId, this.itemProps(props, key));
      // An item gone from the router leaves the set, and the next up makes it again.
      if (found.id !== undefined) this.record(read, key, props.items[key].menu, itemId, found.props);
    }
    return { id, props: read };
  }

  diff(olds: ItemSetProps, news: ItemSetProps): pulumi.dynamic.DiffResult {
    if (olds.router !== news.router) return { changes: true, replaces: ["router"], deleteBeforeReplace: false };
    const keys = new Set([...Object.keys(olds.items), ...Object.keys(news.items)]);
    const changes = [...keys].some((key) => {
      const old = olds.items[key];
      const now = news.items[key];
      if (!old || !now || old.menu !== now.menu) return true;
      return this.engineOf(news, key).diff(this.itemProps(olds, key), this.itemProps(news, key)).changes;
    });
    return { changes, replaces: [] };
  }

  /**
   * Removes the items the stack no longer holds (reverse creation order), then brings the others
   * to the stack in creation order: an item whose change its menu cannot make in place is made
   * again (removed first when its identity stays, since two items with one identity cannot coexist).
   */
  async update(id: string, olds: ItemSetProps, news: ItemSetProps): Promise<{ outs: ItemSetProps }> {
    const now: ItemSetProps = { ...news, items: { ...olds.items }, ids: { ...olds.ids } };
    const step = async (key: string, change: () => Promise<void>) => {
      try {
        await change();
      } catch (error) {
        throw new PartialFailure(this.named(news, key, error), id, now);
      }
    };
    const kept = (key: string) => news.items[key]?.menu === olds.items[key]?.menu;
    const gone = Object.keys(olds.items).filter((key) => !kept(key));
    await eachWave(inWaves(olds.items, gone).reverse(), (key) => step(key, () => this.remove(now, olds, key)));
    await eachWave(inWaves(news.items), async (key) => {
      if (!(key in now.items)) {
        await step(key, () => this.add(now, news, key));
        return;
      }
      const engine = this.engineOf(news, key);
      const before = this.itemProps(olds, key);
      const after = this.itemProps(news, key);
      const diff = engine.diff(before, after);
      if (!diff.changes) {
        this.record(now, key, news.items[key].menu, now.ids?.[key] as string, { ...olds.items[key], ...after });
      } else if ((diff.replaces ?? []).length === 0) {
        await step(key, async () => {
          const { outs } = await engine.update(now.ids?.[key] as string, before, after);
          this.record(now, key, news.items[key].menu, now.ids?.[key] as string, outs);
        });
      } else if (diff.deleteBeforeReplace) {
        await step(key, () => this.remove(now, olds, key));
        await step(key, () => this.add(now, news, key));
      } else {
        const oldId = now.ids?.[key] as string;
        await step(key, () => this.add(now, news, key));
        await step(key, () => engine.delete(oldId, before));
      }
    });
    return { outs: now };
  }

  async delete(_id: string, props: ItemSetProps): Promise<void> {
    await eachWave(inWaves(props.items).reverse(), async (key) => {
      const itemId = props.ids?.[key];
      if (itemId === undefined) return;
      try {
        await this.engineOf(props, key).delete(itemId, this.itemProps(props, key));
      } catch (error) {
        throw this.named(props, key, error);
      }
    });
  }

  private async add(now: ItemSetProps, news: ItemSetProps, key: string): Promise<void> {
    const { id: itemId, outs } = await this.engineOf(news, key).create(this.itemProps(news, key));
    this.record(now, key, news.items[key].menu, itemId, outs);
  }

  private async remove(now: ItemSetProps, olds: ItemSetProps, key: string): Promise<void> {
    const itemId = now.ids?.[key];
    if (itemId !== undefined) await this.engineOf(olds, key).delete(itemId, this.itemProps(olds, key));
    delete now.items[key];
    delete now.ids?.[key];
  }

  /** Writes an item's state into the set's, as the item's engine reported it. */
  private record(set: ItemSetProps, key: string, menu: string, itemId: string, outs: Props): void {
    const { router: _, adopt: __, ...fields } = outs;
    set.items[key] = { menu, ...fields };
    set.ids = { ...set.ids, [key]: itemId };
  }

  /** An item as its menu's engine takes it: on the set's router, adopted when the set is. */
  private itemProps(set: ItemSetProps, key: string): ItemProps {
    const { menu: _, ...fields } = set.items[key];
    return { ...fields, router: set.router, ...(set.adopt === undefined ? {} : { adopt: set.adopt }) };
  }

  private engineOf(set: ItemSetProps, key: string): ItemEngine {
    const { menu } = set.items[key];
    const declaration = menus[menu];
    if (!declaration || !creationOrder.includes(menu)) {
      throw new RouterOsError(set.router, `${set.concern} ${key}`, `no RouterOS menu ${menu} can be part of a set`);
    }
    return new ItemEngine(declaration, this.env);
  }

  /** An item the router holds already may be one a state from before sets still holds as its own resource. */
  private unmigrated(error: unknown): unknown {
    if (error instanceof RouterOsError && /already exists/.test(error.message)) {
      error.message +=
        "; a stack whose state was written before a router's items were sets holds it as a resource of its own: " +
        "make up moves such items into their sets first (migrations/item-sets.ts)";
    }
    return error;
  }

  /**
   * An item's failure, naming the item's key in the set as well. The error itself is kept: safe
   * mode tells a lost session from other failures by its class.
   */
  private named(set: ItemSetProps, key: string, error: unknown): Error {
    const where = `(${set.concern} item ${key})`;
    if (!(error instanceof Error)) return new Error(`${set.router}: ${String(error)} ${where}`);
    error.message = `${error.message} ${where}`;
    return error;
  }
}

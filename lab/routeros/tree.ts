import { formatId } from "./value-syntax";

/**
 * One router's configuration: for each menu, its items in list order (the order print shows and
 * firewall rules apply). It stores what was set and nothing else: defaults, computed fields and
 * validation belong to the menus and commands, so tests can change it out of band with no checks.
 */

export interface Item {
  /** "*1", "*2"… handed out per id space, never reused. */
  readonly id: string;
  fields: Record<string, string>;
}

/** Everything a tree holds, ids and id counters included, as plain data that JSON keeps. */
export interface TreeSnapshot {
  tables: Record<string, Item[]>;
  lastIds: Record<string, number>;
}

export interface Change {
  menu: string;
  item: Item;
  removed: boolean;
}

export class ConfigTree {
  private readonly tables = new Map<string, Item[]>();
  private readonly lastIds = new Map<string, number>();
  private readonly listeners = new Set<(change: Change) => void>();

  /**
   * @param idSpaceOf menus that hand out ids from one counter (all interfaces do) share a space
   * @param factory fills a fresh tree with what the router has out of the box
   */
  constructor(
    private readonly idSpaceOf: (menu: string) => string,
    private readonly factory: (tree: ConfigTree) => void,
  ) {
    this.reset();
  }

  /** Back to factory state; ids start again from *1, as after a configuration reset. */
  reset(): void {
    this.tables.clear();
    this.lastIds.clear();
    this.factory(this);
  }

  snapshot(): TreeSnapshot {
    return structuredClone({ tables: Object.fromEntries(this.tables), lastIds: Object.fromEntries(this.lastIds) });
  }

  /**
   * Holds what a snapshot says, as a router whose configuration was saved and loaded back; a menu
   * the snapshot does not know (saved by a lab older than the menu) keeps its factory items, as a
   * router's new package does.
   */
  restore(snapshot: TreeSnapshot): void {
    const { tables, lastIds } = structuredClone(snapshot);
    this.reset();
    for (const [menu, items] of Object.entries(tables)) this.tables.set(menu, items);
    for (const [space, id] of Object.entries(lastIds)) this.lastIds.set(space, id);
  }

  /**
   * Back to the items a snapshot holds, as an undo leaves them: ids handed out since stay used, so
   * an item added again gets a new one, and anyone following a menu sees each item that changed.
   */
  rollBack(snapshot: TreeSnapshot): void {
    const before = structuredClone(snapshot.tables);
    const menus = new Set([...this.tables.keys(), ...Object.keys(before)]);
    for (const menu of menus) {
      const now = this.tables.get(menu) ?? [];
      const then = before[menu] ?? [];
      this.tables.set(menu, then);
      for (const item of now) if (!then.some((old) => old.id === item.id)) this.emit({ menu, item, removed: true });
      for (const item of then) {
        const current = now.find((i) => i.id === item.id);
        if (!current || JSON.stringify(current.fields) !== JSON.stringify(item.fields))
          this.emit({ menu, item, removed: false });
      }
    }
  }

  items(menu: string): readonly Item[] {
    return this.tables.get(menu) ?? [];
  }

  find(menu: string, id: string): Item | undefined {
    return this.items(menu).find((item) => item.id === id);
  }

  add(menu: string, fields: Record<string, string>, beforeId?: string): Item {
    const space = this.idSpaceOf(menu);
    const next = (this.lastIds.get(space) ?? 0) + 1;
    this.lastIds.set(space, next);
    const item: Item = { id: formatId(next), fields: { ...fields } };
    const table = this.table(menu);
    const at = beforeId === undefined ? -1 : table.findIndex((i) => i.id === beforeId);
    table.splice(at === -1 ? table.length : at, 0, item);
    this.emit({ menu, item, removed: false });
    return item;
  }

  /** Sets fields; a field given as undefined is unset. */
  update(menu: string, id: string, fields: Record<string, string | undefined>): Item {
    const item = this.require(menu, id);
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) delete item.fields[name];
      else item.fields[name] = value;
    }
    this.emit({ menu, item, removed: false });
    return item;
  }

  remove(menu: string, id: string): void {
    const table = this.table(menu);
    const item = this.require(menu, id);
    table.splice(table.indexOf(item), 1);
    this.emit({ menu, item, removed: true });
  }

  /** Moves items, keeping their relative order, in front of `beforeId` (to the end without it). */
  move(menu: string, ids: readonly string[], beforeId?: string): void {
    const table = this.table(menu);
    const moving = table.filter((item) => ids.includes(item.id));
    const rest = table.filter((item) => !ids.includes(item.id));
    const at = beforeId === undefined ? -1 : rest.findIndex((item) => item.id === beforeId);
    rest.splice(at === -1 ? rest.length : at, 0, ...moving);
    table.splice(0, table.length, ...rest);
    for (const item of moving) this.emit({ menu, item, removed: false });
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private require(menu: string, id: string): Item {
    const item = this.find(menu, id);
    if (!item) throw new Error(`no item ${id} in ${menu}`);
    return item;
  }

  private table(menu: string): Item[] {
    let table = this.tables.get(menu);
    if (!table) {
      table = [];
      this.tables.set(menu, table);
    }
    return table;
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}

import { EmulatedRouter, type RouterOptions } from "../../../lab/routeros/router";
import { RouterConnection } from "../../../providers/routeros/client";
import { ItemEngine, type RouterOsContext } from "../../../providers/routeros/item-engine";
import type { Menu } from "../../../providers/routeros/menu";
import { MenuCache } from "../../../providers/routeros/menu-cache";
import { managedPaths } from "../../../providers/routeros/menus";

export const credentials = { name: "budgetcloud", password: "lab-password" };

/** An emulated CCR2216 and a provider environment pointed at it, fresh for every test. */
export class RouterUnderTest {
  router!: EmulatedRouter;
  connection!: RouterConnection;
  env!: RouterOsContext;

  constructor(private readonly options: Partial<RouterOptions> = {}) {
    beforeEach(async () => {
      this.router = new EmulatedRouter({
        name: "MTK-1",
        port: 0,
        model: "CCR2216-1G-12XS-2XQ",
        users: [credentials],
        ...this.options,
      });
      await this.router.start();
      this.connection = new RouterConnection({
        name: "MTK-1",
        host: "127.0.0.1",
        port: this.router.port,
        username: credentials.name,
        password: credentials.password,
        plaintext: true,
        tls: { insecure: false },
        timeoutSeconds: 5,
      });
      this.env = { connection: () => this.connection, cache: new MenuCache(managedPaths) };
    });
    afterEach(async () => {
      this.connection.close();
      await this.router.stop();
    });
  }

  engine(menu: Menu): ItemEngine {
    return new ItemEngine(menu, this.env);
  }

  /** A new provider process's view: same router, empty read cache. */
  nextRun(): void {
    this.env = { connection: () => this.connection, cache: new MenuCache(managedPaths) };
    this.router.resetCommandCounts();
  }

  /** Commands that changed something on the router since the last count reset. */
  writes(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.router.commandCounts()).filter(([command]) => !/\/(print|login|execute)$/.test(command)),
    );
  }
}

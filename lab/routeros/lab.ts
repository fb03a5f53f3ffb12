import { EmulatedRouter, type RouterOptions } from "./router";

export interface LabOptions {
  routers: readonly Omit<RouterOptions, "log">[];
  /** Where the routers report what they receive; silent unless given. */
  log?: (line: string) => void;
}

/** A set of emulated routers, each on its own port, started and stopped together. */
export class RouterOsLab {
  private readonly routers: ReadonlyMap<string, EmulatedRouter>;

  constructor(options: LabOptions) {
    const routers = new Map<string, EmulatedRouter>();
    for (const config of options.routers) {
      if (routers.has(config.name)) throw new Error(`two routers are called ${config.name}`);
      routers.set(config.name, new EmulatedRouter({ ...config, log: options.log }));
    }
    this.routers = routers;
  }

  async start(): Promise<void> {
    try {
      for (const router of this.routers.values()) await router.start();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.routers.values()].map((router) => router.stop()));
  }

  router(name: string): EmulatedRouter {
    const router = this.routers.get(name);
    if (!router) throw new Error(`no router called ${name} in the lab`);
    return router;
  }

  all(): EmulatedRouter[] {
    return [...this.routers.values()];
  }
}

import type * as pulumi from "@pulumi/pulumi";
import type { ProxmoxContext } from "./context";
import type { Props } from "./values";

export interface ApplyProps extends Props {
  /** Anything that changes whenever what is to be applied does: a hash of the definitions. */
  revision: string;
}

/**
 * A resource that stands for an apply request (SDN's `PUT /cluster/sdn`): it sends it when created,
 * when its revision changes, and when this run wrote objects that request applies, so that an
 * object put back after drift is applied too. One apply per run covers every object before it.
 */
export class ApplyEngine {
  constructor(
    readonly request: { method: "PUT"; path: string },
    private readonly env: ProxmoxContext,
  ) {}

  async create(props: ApplyProps): Promise<{ id: string; outs: ApplyProps }> {
    await this.apply();
    return { id: this.request.path, outs: props };
  }

  async read(id: string, props: ApplyProps): Promise<{ id: string; props: ApplyProps }> {
    return { id, props };
  }

  diff(olds: ApplyProps, news: ApplyProps): pulumi.dynamic.DiffResult {
    return { changes: olds.revision !== news.revision || this.env.staged.has(this.request.path), replaces: [] };
  }

  async update(news: ApplyProps): Promise<{ outs: ApplyProps }> {
    await this.apply();
    return { outs: news };
  }

  /** Nothing to undo: each object applies its own delete. */
  async delete(): Promise<void> {}

  private async apply(): Promise<void> {
    await this.env.client().task(this.request.method, this.request.path);
    this.env.staged.delete(this.request.path);
  }
}

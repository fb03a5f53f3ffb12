import * as pulumi from "@pulumi/pulumi";
import type { LoadedConfig } from "../config/load";
import type { CloudPlan } from "../plan/cloud-plan";
import { Router } from "./router";
import { TenantNetwork } from "./tenant-network";

export interface CloudArgs {
  plan: CloudPlan;
  secrets: LoadedConfig["secrets"];
}

/** The whole cloud of a stack: its routers and the tenant networks across them. */
export class Cloud extends pulumi.ComponentResource {
  readonly routers: Record<string, Router> = {};
  readonly tenants: Record<string, TenantNetwork> = {};

  constructor(name: string, args: CloudArgs, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:cloud:Cloud", name, {}, opts);
    const { plan, secrets } = args;
    for (const routerPlan of plan.routers) {
      this.routers[routerPlan.name] = new Router(
        `${name}-${routerPlan.name}`,
        { plan: routerPlan, ospfAuthKey: secrets.ospfAuthKey },
        { parent: this },
      );
    }
    for (const tenant of plan.config.tenants) {
      this.tenants[tenant.name] = new TenantNetwork(
        `${name}-tenant-${tenant.name}`,
        {
          name: tenant.name,
          vni: tenant.vni,
          cidr: tenant.cidr,
          gateway: tenant.gateway,
          vrrpPassword: secrets.vrrpPassword,
          gateways: plan.routers.flatMap((router) =>
            router.gateways
              .filter((g) => g.tenant === tenant.name)
              .map((g) => ({ router: router.name, plan: g, dependsOn: this.routers[router.name] })),
          ),
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}

import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { type Deployment, intoItemSets, type StateResource } from "../../migrations/item-sets";

const fixtures = path.join(__dirname, "..", "engine", "state-fixtures");
const recorded = fs
  .readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const load = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(fixtures, name, "state.json"), "utf8")) as Deployment;
const resourcesOf = (state: Deployment) => state.deployment.resources as StateResource[];
const SET = "pulumi-nodejs:dynamic/routeros:ItemSet";
const setItemTypes =
  /routeros:(EthernetSettings|Bridge|IpAddress|OspfInstance|OspfArea|OspfInterfaceTemplate|SnmpCommunity|SnmpSettings|FirewallAddressList|Vxlan|VxlanVtep|BridgePort|Vrrp)$/;

describe("the migration of a router's items into sets (state only)", () => {
  it("has recorded states to prove it on", () => {
    expect(recorded).to.not.be.empty;
  });

  for (const name of recorded) {
    describe(`on the state recorded ${name}`, () => {
      const before = load(name);
      const { state: after, moved } = intoItemSets(before);
      const items = resourcesOf(before).filter((r) => setItemTypes.test(r.type));
      const sets = resourcesOf(after).filter((r) => r.type === SET);

      it("moves every item of a Router or TenantNetwork into a set, keeping its id, inputs and outputs", () => {
        expect(moved).to.equal(items.length);
        for (const item of items) {
          const name = item.urn.slice(item.urn.lastIndexOf("::") + 2);
          const { __provider: _, router, ...inputs } = item.inputs ?? {};
          const menu = item.type.slice(item.type.lastIndexOf(":") + 1);
          const held = sets.flatMap((set) =>
            Object.entries(set.outputs?.ids as Record<string, string>)
              .filter(([, id]) => set.inputs?.router === router && id === item.id)
              .filter(
                ([key]) => (set.inputs?.items as Record<string, { menu: string }> | undefined)?.[key].menu === menu,
              )
              .map(([key]) => ({ set, key })),
          );
          expect(held, name).to.have.length(1);
          const [{ set, key }] = held;
          // Its key is what its name was after its set's, or its router's for a router's own set.
          expect(name.endsWith(`-${key}`), `${name} as ${key}`).to.equal(true);
          expect((set.inputs?.items as Record<string, unknown> | undefined)?.[key], name).to.deep.equal({
            menu,
            ...inputs,
          });
          expect(set.parent).to.equal(item.parent);
        }
        expect(resourcesOf(after).filter((r) => setItemTypes.test(r.type))).to.deep.equal([]);
      });

      it("groups each router's items by concern, and each tenant's by router", () => {
        const names = sets.map((s) => `${s.urn.slice(s.urn.lastIndexOf("::") + 2)} ${s.id}`);
        for (const router of ["MTK-1", "MTK-2", "MTK-3", "MTK-4"]) {
          expect(names).to.include.members([
            `lab-${router}-interfaces ${router}/interfaces`,
            `lab-${router}-ospf ${router}/ospf`,
          ]);
        }
        expect(names).to.include("lab-tenant-sql-MTK-3 MTK-3/tenant-sql");
      });

      it("keeps every other resource, each after what it depends on, and no dependency on an item that went", () => {
        const kept = resourcesOf(before).filter((r) => !setItemTypes.test(r.type));
        expect(
          resourcesOf(after)
            .filter((r) => r.type !== SET)
            .map((r) => r.urn),
        ).to.have.members(kept.map((r) => r.urn));
        const seen = new Set<string>();
        for (const resource of resourcesOf(after)) {
          for (const urn of [resource.parent, ...(resource.dependencies ?? [])].filter(Boolean) as string[]) {
            expect(seen.has(urn), `${resource.urn} after ${urn}`).to.equal(true);
          }
          seen.add(resource.urn);
        }
      });

      it("keeps a secret where it was, inside its item", () => {
        const templates = items.filter((r) => r.type.endsWith(":OspfInterfaceTemplate") && r.inputs?.authKey);
        expect(templates).to.not.be.empty;
        const all = JSON.stringify(resourcesOf(after));
        for (const template of templates) expect(all).to.include(JSON.stringify(template.inputs?.authKey));
      });

      it("does nothing to a state it has migrated", () => {
        expect(intoItemSets(after)).to.deep.equal({ state: after, moved: 0 });
      });
    });
  }

  it("merges the items into a set that a plain up made of some of them before it stopped", () => {
    const before = load(recorded[0]);
    const { state: migrated } = intoItemSets(before);
    const partial = resourcesOf(migrated).find((r) => r.type === SET) as StateResource;
    const [firstKey] = Object.keys(partial.inputs?.items as object);
    const only = (map: unknown) => ({ [firstKey]: (map as Record<string, unknown>)[firstKey] });
    const made: StateResource = {
      ...partial,
      inputs: { ...partial.inputs, items: only(partial.inputs?.items) },
      outputs: { ...partial.outputs, items: only(partial.outputs?.items), ids: only(partial.outputs?.ids) },
    };
    const withPartial = { ...before, deployment: { ...before.deployment, resources: [...resourcesOf(before), made] } };
    const { state } = intoItemSets(withPartial);
    expect(resourcesOf(state).filter((r) => r.urn === partial.urn)).to.deep.equal([partial]);
  });

  it("refuses a state with operations pending, which make recover settles first", () => {
    const before = load(recorded[0]);
    const pending = { ...before, deployment: { ...before.deployment, pending_operations: [{ type: "creating" }] } };
    expect(() => intoItemSets(pending)).to.throw(/operations pending .*make recover/);
  });
});

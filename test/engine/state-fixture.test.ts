import * as fs from "node:fs";
import * as path from "node:path";
import type { Deployment } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import { LabUnderTest } from "../../lab/lab-under-test";
import type { TreeSnapshot } from "../../lab/routeros/tree";
import { intoItemSets, type Deployment as MigratedDeployment } from "../../migrations/item-sets";
import type { Row } from "../../providers/routeros/client";
import { rosIdOf } from "../../providers/routeros/item-engine";
import { managedPaths, menus } from "../../providers/routeros/menus";
import { entryPoints } from "../../providers/shared/runtime-provider";
import { retiredVms, TAKE_OVER_VMS } from "../../tools/take-over/retired-vms";
import { refused } from "../support/refused";

type Cluster = ReturnType<LabUnderTest["clusterSnapshot"]>;

/** The menus budgetcloud manages, as the emulator names them. */
const managedMenus = managedPaths.map((path) => path.slice(1));

const fixtures = path.join(__dirname, "state-fixtures");
const recorded = fs
  .readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/**
 * The NICs a recorded budgetcloud did not set yet: whichever up of today runs first sets them
 * (the one that fails at the clone may), beside what the test is about.
 */
const withoutNics = ({ nicMtus, ...cluster }: Cluster) => cluster;

/**
 * Today's up puts each VM's snippet on every node its HA rule allows, where a recorded version
 * put it on the VM's own node alone: what an up of today adds, beside the objects it must keep.
 */
const withoutSnippets = ({ snippets, ...cluster }: Cluster) => withoutNics({ ...cluster, snippets: [] });
const onEveryNode = (cluster: Cluster, nodes: readonly string[]) => {
  const files = [...new Set(cluster.snippets.map((s) => s.split(":")[1]))];
  return nodes.flatMap((node) => files.map((file) => `${node}:${file}`)).sort();
};
const isNicWrite = (request: string) => /^PUT \/nodes\/\{node\}\/network(\/\{iface\})?$/.test(request);

const isProvider = (resource: StateResource) => resource.type.startsWith("pulumi:providers:");

/**
 * The recorded state, its provider's config taken from a state of today: the emulators listen on
 * other ports than when it was recorded, and a refresh or destroy configures the provider from the
 * state, not from the stack file.
 */
function withTodaysEndpoints(recorded: Deployment, today: Deployment): Deployment {
  const current = new Map((today.deployment.resources as StateResource[]).filter(isProvider).map((r) => [r.urn, r]));
  const resources = (recorded.deployment.resources as StateResource[]).map((resource) => {
    const now = current.get(resource.urn);
    return now ? { ...resource, inputs: now.inputs, outputs: now.outputs } : resource;
  });
  return { ...recorded, deployment: { ...recorded.deployment, resources } };
}

// Every dynamic resource's state holds the provider Pulumi runs again for refresh and destroy. A
// state that an older budgetcloud wrote (state-fixtures/<when>/, recorded by record.ts) must keep
// refreshing and destroying with the code of today, whatever moved in between.
describe("a lab stack's state written by an older budgetcloud", function () {
  this.timeout(600_000);

  it("has a recorded fixture", () => {
    expect(recorded).to.not.be.empty;
  });

  for (const name of recorded) {
    const dir = path.join(fixtures, name);
    const state = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8")) as Deployment;
    const routers = JSON.parse(fs.readFileSync(path.join(dir, "routers.json"), "utf8")) as Record<string, TreeSnapshot>;
    const resources = (state.deployment.resources as StateResource[]).filter((r) => !r.type.startsWith("pulumi:"));

    /** The lab's devices as that version left them, and its state as that version wrote it. */
    const recordedLab = () => {
      const lab = new LabUnderTest(path.join(dir, "stack.yaml"));
      const devices = { factory: {} as ReturnType<LabUnderTest["snapshot"]>, factoryCluster: {} as Cluster };
      before(async () => {
        await lab.start();
        devices.factory = lab.snapshot(managedMenus);
        devices.factoryCluster = lab.clusterSnapshot();
        // The cluster's objects are known by their names, which any version's up gives them; the
        // routers' items by their ids, which only the routers' saved configuration keeps.
        await lab.stack.up();
        for (const router of lab.routers.all()) {
          router.restore(routers[router.name]);
          // Its firewall lets the API in on the port it listened on that day, not on today's free one.
          router.knobs.apiPastFirewall = true;
          // The recorded routers' ports have the MAC addresses and ids the lab of that day gave them
          // (its routers had no built-in lo before the ports): their factory state is today's with those.
          const recorded = new Map(router.print("interface/ethernet").map((port) => [port["default-name"], port]));
          const factory = devices.factory[router.name];
          factory["interface/ethernet"] = (factory["interface/ethernet"] as Row[]).map((port) => {
            const then = recorded.get(port["default-name"]);
            const mac = then?.["orig-mac-address"] ?? port["orig-mac-address"];
            return { ...port, ".id": then?.[".id"] ?? port[".id"], "mac-address": mac, "orig-mac-address": mac };
          });
        }
        // The NICs that version did not set keep the MTU the factory gave them, as it left them.
        const set = new Set(
          resources
            .filter((r) => r.type === "pulumi-nodejs:dynamic/proxmox:NodeNetworkInterface")
            .map((r) => `${r.inputs?.node}:${r.inputs?.iface}`),
        );
        for (const node of lab.cluster.state.nodes) {
          for (const nic of lab.cluster.networks.live(node))
            if (nic.mtu !== undefined && !set.has(`${node}:${nic.iface}`))
              lab.cluster.networks.stage(node, nic.iface, { type: nic.type, delete: "mtu" });
          lab.cluster.networks.reload(node);
        }
        // That version put each VM's snippet on its own node only: the copies today's up makes on
        // the other nodes HA may start it on are not its.
        const snippets = new Set(
          resources
            .filter((r) => r.type === "pulumi-nodejs:dynamic/proxmox:Snippet")
            .map((r) => `${r.inputs?.node}:${r.inputs?.fileName}`),
        );
        for (const node of lab.cluster.state.nodes) {
          for (const file of fs.readdirSync(lab.cluster.snippetsDir(node)))
            if (!snippets.has(`${node}:${file}`)) fs.rmSync(path.join(lab.cluster.snippetsDir(node), file));
        }
        await lab.stack.importStack(withTodaysEndpoints(state, await lab.stack.exportStack()));
      });
      after(() => lab.stop());
      return { lab, devices };
    };

    describe(`recorded ${name}`, () => {
      const { lab, devices } = recordedLab();

      it("names only the stable provider entry points", () => {
        const named = new Set(
          resources.flatMap((r) => {
            const provider = r.inputs?.__provider;
            if (typeof provider !== "string") return [];
            return [...provider.matchAll(/"(providers\/[^"]+)"/g)].map(([, entryPoint]) => entryPoint);
          }),
        );
        expect(named.size).to.be.greaterThan(0);
        expect(Object.values(entryPoints)).to.include.members([...named]);
      });

      it("refreshes with today's code: every resource is found and none has drifted but the bridges named lo", async () => {
        const refresh = await lab.stack.refresh();
        expect(refresh.summary.result).to.equal("succeeded");
        const { same, ...changed } = refresh.summary.resourceChanges ?? {};
        // A 7.24 router's lo is its built-in loopback: the bridge each router's loopback was made as
        // is found nowhere, and leaves the state; its address stays, on the built-in lo.
        const bridgesNamedLo = resources.filter(
          (r) => r.type === "pulumi-nodejs:dynamic/routeros:Bridge" && r.inputs?.name === "lo",
        );
        expect(bridgesNamedLo).to.have.length(Object.keys(routers).length);
        expect(changed).to.deep.equal({ delete: bridgesNamedLo.length });
        const left = new Set(
          ((await lab.stack.exportStack()).deployment.resources as StateResource[]).map((r) => r.urn),
        );
        expect(bridgesNamedLo.filter((r) => left.has(r.urn))).to.deep.equal([]);
        // Every resource is refreshed but the default providers: the stack and explicit providers count.
        const refreshed = (state.deployment.resources as StateResource[]).filter(
          (r) => !(isProvider(r) && r.urn.includes("::default")),
        );
        expect(same).to.equal(refreshed.length - bridgesNamedLo.length);
      });

      it("destroys with today's code, back to the factory", async () => {
        const destroy = await lab.stack.destroy();
        expect(destroy.summary.result).to.equal("succeeded");
        expect(lab.snapshot(managedMenus)).to.deep.equal(devices.factory);
        expect(lab.clusterSnapshot()).to.deep.equal(devices.factoryCluster);
      });
    });

    const retired = retiredVms(resources);
    if (retired.length === 0) continue;
    describe(`recorded ${name}, taken over by today's up`, () => {
      const { lab, devices } = recordedLab();
      let before: Cluster;

      it("a plain pulumi up, without the take-over, fails at the clone and deletes nothing", async () => {
        before = lab.clusterSnapshot();
        const message = await refused(lab.stack.up());
        expect(message).to.match(/already exists/);
        const after = lab.clusterSnapshot();
        expect(withoutSnippets(after)).to.deep.equal(withoutSnippets(before));
        expect(after.snippets).to.include.members(before.snippets);
        const types = ((await lab.stack.exportStack()).deployment.resources as StateResource[]).map((r) => r.type);
        expect(types.filter((type) => type === "pulumi-nodejs:dynamic/proxmox:Vm")).to.have.length(retired.length);
      });

      it("takes the VMs over, the state's router items moved into sets as make up moves them: none is cloned or destroyed, each changed by one config update", async () => {
        const migrated = intoItemSets((await lab.stack.exportStack()) as MigratedDeployment);
        expect(migrated.moved).to.be.greaterThan(0);
        await lab.stack.importStack(migrated.state as Deployment);
        lab.cluster.resetRequestCounts();
        for (const router of lab.routers.all()) router.resetCommandCounts();
        lab.stack.workspace.envVars[TAKE_OVER_VMS] = retired.join(",");
        const up = await lab.stack.up();
        delete lab.stack.workspace.envVars[TAKE_OVER_VMS];
        expect(up.summary.result).to.equal("succeeded");
        const after = lab.clusterSnapshot();
        expect(withoutSnippets(after)).to.deep.equal(withoutSnippets(before));
        // Each VM's own snippet kept (its resource renamed, not replaced), a copy on every other node.
        expect(after.snippets).to.deep.equal(onEveryNode(before, lab.cluster.state.nodes));
        const writes = Object.keys(lab.cluster.requestCounts()).filter(
          (request) => !request.startsWith("GET ") && !isNicWrite(request),
        );
        expect(writes).to.deep.equal(["PUT /nodes/{node}/qemu/{vmid}/config"]);
        // Each item the sets took over is still there under its id, but the bridge each router's
        // loopback was made as, which a 7.24 router never had (its lo is built in).
        for (const set of (migrated.state.deployment.resources ?? []).filter((r) => r.type.endsWith(":ItemSet"))) {
          const router = lab.routers.router(String(set.inputs?.router));
          const items = set.inputs?.items as Record<string, { menu: string; name?: string }>;
          for (const [key, id] of Object.entries(set.outputs?.ids as Record<string, string>)) {
            const menu = menus[items[key].menu];
            if (menu.path === "/interface/bridge" && items[key].name === "lo") continue;
            const held = menu.settings
              ? router.print(menu.path.slice(1))
              : router.print(menu.path.slice(1)).filter((r) => r[".id"] === rosIdOf(id));
            expect(held, `${router.name} ${set.urn} ${key}`).to.have.length(1);
          }
        }
        const types = ((await lab.stack.exportStack()).deployment.resources as StateResource[]).map((r) => r.type);
        expect(types.filter((type) => type.startsWith("pulumi-nodejs:dynamic/proxmox:Vm"))).to.deep.equal([]);
        expect(types.filter((type) => type.startsWith("proxmoxve:index/"))).to.have.members(
          retired.flatMap(() => [
            "proxmoxve:index/vmLegacy:VmLegacy",
            "proxmoxve:index/haresource:Haresource",
            "proxmoxve:index/harule:Harule",
          ]),
        );
      });

      it("then previews clean, each router's loopback address once, on its built-in lo", async () => {
        const preview = await lab.stack.preview();
        expect(Object.keys(preview.changeSummary)).to.deep.equal(["same"]);
        for (const router of lab.routers.all()) {
          expect(
            router.print("interface/bridge").filter((b) => b.name === "lo"),
            router.name,
          ).to.deep.equal([]);
          expect(router.print("interface").find((i) => i.name === "lo")?.type, router.name).to.equal("loopback");
          const onLo = router.print("ip/address").filter((a) => a.interface === "lo");
          expect(
            onLo.map((a) => [a.address, a.invalid]),
            router.name,
          ).to.have.deep.members([
            [
              `${routers[router.name].tables["ip/address"].find((a) => a.fields.interface === "lo")?.fields.address}`,
              "false",
            ],
          ]);
        }
      });

      it("then destroys through the package, back to the factory", async () => {
        await lab.stack.destroy();
        expect(lab.clusterSnapshot()).to.deep.equal(devices.factoryCluster);
        expect(lab.snapshot(managedMenus)).to.deep.equal(devices.factory);
      });
    });
  }
});

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { readStackFile } from "../../../cli/stack-file";
import { overlaps } from "../../../config/addressing";
import type { StackConfig } from "../../../config/schema";
import { stackFileOf } from "../../../lab/stacks/fuzz";
import { CI_SEEDS } from "../../../lab/stacks/seeds";
import { CCR, CHR, drawShape, portsTaken, type StackShape, shapeProblem } from "../../../lab/stacks/shape";
import { smallerShapes } from "../../../lab/stacks/shrink";
import { planCloud } from "../../../plan/cloud-plan";

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);

describe("generated stacks", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-generated-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const configOf = (shape: StackShape): StackConfig => {
    const file = path.join(dir, `seed-${shape.seed}.yaml`);
    fs.writeFileSync(file, stackFileOf(shape));
    return readStackFile(file);
  };
  const shapes = SEEDS.map(drawShape);

  it("are drawn the same from the same seed, and differently from another", () => {
    expect(drawShape(17)).to.deep.equal(drawShape(17));
    expect(drawShape(17)).not.to.deep.equal(drawShape(18));
  });

  it("are valid stacks: every seed passes the schema and every cross-check", () => {
    const refused = shapes.flatMap((shape) => {
      try {
        planCloud(configOf(shape));
        return [];
      } catch (error) {
        return [`seed ${shape.seed}: ${(error as Error).message}`];
      }
    });
    expect(refused).to.deep.equal([]);
  });

  it("cover the config space: sizes, topologies, models, policies and options", () => {
    const counts = (pick: (s: StackShape) => number) => shapes.map(pick);
    const range = (values: number[]) => [Math.min(...values), Math.max(...values)];
    expect(range(counts((s) => s.routers.length))).to.deep.equal([2, 12]);
    expect(range(counts((s) => s.hypervisors.length))).to.deep.equal([1, 5]);
    expect(range(counts((s) => s.tenants.length))).to.deep.equal([1, 8]);
    expect(range(counts((s) => s.uplinks.length))).to.deep.equal([1, 2]);
    expect(range(shapes.flatMap((s) => s.hypervisors.map((h) => h.length)))).to.deep.equal([1, 3]);
    expect(new Set(shapes.map((s) => s.topology))).to.deep.equal(new Set(["ring", "ring with chords", "partial mesh"]));
    expect(new Set(shapes.flatMap((s) => s.routers))).to.deep.equal(new Set([CCR, CHR]));
    const some = (what: string, holds: (s: StackShape) => boolean) =>
      expect([shapes.some(holds), shapes.some((s) => !holds(s))], what).to.deep.equal([true, true]);
    some("ZeroTier", (s) => s.zerotier !== undefined);
    some("monitoring", (s) => s.monitoring);
    some("loopbacks in two blocks", (s) => s.blocks.routerLoopbacks !== s.blocks.hypervisorLoopbacks);
    some("tenants with internet", (s) => s.tenants.some((t) => t.internet));
    some("a denied pair", (s) => s.tenants.some((t, a) => s.tenants.some((_, b) => a !== b && !t.allow.includes(b))));
    some("a one-way allow", (s) => s.tenants.some((t, a) => t.allow.some((b) => !s.tenants[b].allow.includes(a))));
  });

  it("that make test runs cover each topology kind and option between them", () => {
    const ci = CI_SEEDS.map(drawShape);
    const both = (holds: (s: StackShape) => boolean) => [ci.some(holds), ci.some((s) => !holds(s))];
    expect(new Set(ci.map((s) => s.topology)).size).to.equal(3);
    expect({
      chr: ci.some((s) => s.routers.includes(CHR)),
      uplinks: both((s) => s.uplinks.length === 2),
      split: both((s) => s.blocks.routerLoopbacks !== s.blocks.hypervisorLoopbacks),
      zerotier: both((s) => s.zerotier !== undefined),
      monitoring: both((s) => s.monitoring),
      oneWay: ci.some((s) => s.tenants.some((t, a) => t.allow.some((b) => !s.tenants[b].allow.includes(a)))),
    }).to.deep.equal({
      chr: true,
      uplinks: [true, true],
      split: [true, true],
      zerotier: [true, true],
      monitoring: [true, true],
      oneWay: true,
    });
  });

  it("draw each role's addresses from a private block of its own", () => {
    for (const shape of shapes.slice(0, 50)) {
      const config = configOf(shape);
      const tenants = config.tenants.map((t) => t.cidr);
      const links = config.routers.flatMap((r) => r.interfaces.filter((i) => i.mtu).map((i) => i.address ?? ""));
      for (const cidr of [...tenants, ...links]) expect(overlaps(cidr, config.management.cidr), cidr).to.equal(false);
      expect(tenants.some((t) => links.some((l) => overlaps(t, l)))).to.equal(false);
    }
  });

  it("never cable more ports than a router's model has", () => {
    for (const shape of shapes) expect(shapeProblem(shape), `seed ${shape.seed}`).to.equal(undefined);
    const chrs = shapes.flatMap((s) => portsTaken(s).filter((_, r) => s.routers[r] === CHR));
    expect(Math.max(...chrs)).to.equal(3);
  });
});

describe("shrinking a generated stack", () => {
  const shape = drawShape(3);

  it("offers only valid shapes, each a step smaller", () => {
    const smaller = smallerShapes(shape);
    expect(smaller.length).to.be.greaterThan(5);
    const size = (s: StackShape) =>
      s.routers.length +
      s.hypervisors.length +
      s.tenants.length +
      s.links.length +
      s.uplinks.length +
      s.tenants.reduce((sum, t) => sum + t.vms.length + t.allow.length, 0) +
      s.forwardRules.length +
      s.inputDrops.length +
      (s.zerotier ? 1 : 0) +
      (s.monitoring ? 1 : 0);
    for (const candidate of smaller) {
      expect(shapeProblem(candidate)).to.equal(undefined);
      expect(size(candidate)).to.be.lessThan(size(shape));
    }
  });

  it("takes a router out and cables its neighbors to each other", () => {
    const ring = { ...drawShape(1), topology: "ring" as const };
    const four: StackShape = {
      ...ring,
      routers: [CCR, CCR, CCR, CCR],
      links: [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 0],
      ],
      hypervisors: [[0], [2]],
      uplinks: [0],
      tenants: [],
      forwardRules: [],
      inputDrops: [],
      zerotier: undefined,
    };
    // MTK-1 holds the uplink, MTK-1 and MTK-3 a hypervisor's only cable: only MTK-2 and MTK-4 may go.
    const threes = smallerShapes(four).filter((s) => s.routers.length === 3);
    expect(threes.map((s) => s.hypervisors)).to.deep.equal([
      [[0], [1]],
      [[0], [2]],
    ]);
    const withoutSecond = threes[0];
    expect(withoutSecond.links).to.deep.equal([
      [1, 2],
      [2, 0],
      [0, 1],
    ]);
    expect(withoutSecond.hypervisors).to.deep.equal([[0], [1]]);
  });
});

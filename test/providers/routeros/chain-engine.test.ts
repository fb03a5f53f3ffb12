import { expect } from "chai";
import { ChainEngine, type ChainProps } from "../../../providers/routeros/chain-engine";
import { firewallFilter } from "../../../providers/routeros/menus";
import { RouterUnderTest } from "./harness";

const accept = (comment: string, srcAddress: string) => ({ action: "accept", srcAddress, comment });
const drop = { action: "drop", comment: "drop all" };

describe("a firewall chain as one ordered set", () => {
  const t = new RouterUnderTest();
  const chain = (rules: ChainProps["rules"], ruleIds?: string[]): ChainProps => ({
    router: "MTK-1",
    chain: "forward",
    rules,
    ...(ruleIds ? { ruleIds } : {}),
  });
  /** The forward chain as the router holds it: comments in order. */
  const forward = () =>
    t.router
      .print("ip/firewall/filter")
      .filter((r) => r.chain === "forward")
      .map((r) => r.comment);

  let engine: ChainEngine;
  beforeEach(() => {
    engine = new ChainEngine(firewallFilter, t.env);
    // Someone else's rule, there before budgetcloud.
    t.router.tree.add("ip/firewall/filter", { chain: "forward", action: "accept", comment: "theirs" });
  });

  async function converged(rules: ChainProps["rules"]): Promise<ChainProps> {
    const { outs } = await engine.create(chain(rules));
    t.nextRun();
    engine = new ChainEngine(firewallFilter, t.env);
    return outs;
  }

  it("adds the rules in order with one add each, ending in drop, leaving other rules in place", async () => {
    await engine.create(chain([accept("a", "10.0.1.0/24"), accept("b", "10.0.2.0/24"), drop]));
    expect(forward()).to.deep.equal(["theirs", "a", "b", "drop all"]);
    expect(t.writes()).to.deep.equal({ "/ip/firewall/filter/add": 3 });
  });

  it("finds a rule whose add was carried out but its reply lost, and adds it no second time", async () => {
    await t.env.cache.version(t.connection);
    // The chain's print and the first add go through; the second add is carried out, its reply lost.
    t.router.knobs.dropAfterCommands = 2;
    t.router.knobs.dropLosesReplyOnly = true;
    const { outs } = await engine.create(chain([accept("a", "10.0.1.0/24"), accept("b", "10.0.2.0/24"), drop]));
    expect(t.router.knobs.dropAfterCommands, "the drop happened").to.equal(undefined);
    expect(forward()).to.deep.equal(["theirs", "a", "b", "drop all"]);
    const held = t.router.print("ip/firewall/filter").filter((r) => r.comment !== "theirs");
    expect(outs.ruleIds).to.deep.equal(held.map((r) => r[".id"]));
    expect(t.writes()).to.deep.equal({ "/ip/firewall/filter/add": 3 });
  });

  it("creates the rules first to last, so the drop never stands before the accepts", async () => {
    const { outs } = await engine.create(chain([accept("a", "10.0.1.0/24"), accept("b", "10.0.2.0/24"), drop]));
    // RouterOS hands out ids in creation order.
    const created = (outs.ruleIds ?? []).map((id) => Number.parseInt(id.slice(1), 16));
    expect(created).to.deep.equal([...created].sort((x, y) => x - y));
  });

  it("inserts a rule where it is declared, with place-before and no move", async () => {
    const before = await converged([accept("a", "10.0.1.0/24"), accept("c", "10.0.3.0/24"), drop]);
    const news = chain([accept("a", "10.0.1.0/24"), accept("b", "10.0.2.0/24"), accept("c", "10.0.3.0/24"), drop]);
    expect(engine.diff(before, news).changes).to.equal(true);
    await engine.update("", before, news);
    expect(forward()).to.deep.equal(["theirs", "a", "b", "c", "drop all"]);
    expect(t.writes()).to.deep.equal({ "/ip/firewall/filter/add": 1 });
  });

  it("reorders with the fewest moves", async () => {
    const before = await converged([
      accept("a", "10.0.1.0/24"),
      accept("b", "10.0.2.0/24"),
      accept("c", "10.0.3.0/24"),
      drop,
    ]);
    const news = chain([accept("c", "10.0.3.0/24"), accept("a", "10.0.1.0/24"), accept("b", "10.0.2.0/24"), drop]);
    const { outs } = await engine.update("", before, news);
    expect(forward()).to.deep.equal(["theirs", "c", "a", "b", "drop all"]);
    expect(t.writes()).to.deep.equal({ "/ip/firewall/filter/move": 1 });
    expect(outs.ruleIds).to.deep.equal([
      before.ruleIds?.[2],
      before.ruleIds?.[0],
      before.ruleIds?.[1],
      before.ruleIds?.[3],
    ]);
  });

  it("removes a rule that is no longer declared, and only that one", async () => {
    const before = await converged([accept("a", "10.0.1.0/24"), accept("b", "10.0.2.0/24"), drop]);
    await engine.update("", before, chain([accept("a", "10.0.1.0/24"), drop]));
    expect(forward()).to.deep.equal(["theirs", "a", "drop all"]);
    expect(t.writes()).to.deep.equal({ "/ip/firewall/filter/remove": 1 });
  });

  it("sees a rule moved out of band, and puts it back", async () => {
    const before = await converged([accept("a", "10.0.1.0/24"), accept("b", "10.0.2.0/24"), drop]);
    const [a, , dropId] = before.ruleIds ?? [];
    t.router.tree.move("ip/firewall/filter", [dropId], a);
    expect(forward()).to.deep.equal(["theirs", "drop all", "a", "b"]);
    const { props: refreshed } = await engine.read("", before);
    expect(refreshed.rules.map((r) => r.comment)).to.deep.equal(["drop all", "a", "b"]);
    expect(engine.diff(refreshed, before).changes).to.equal(true);
    await engine.update("", refreshed, chain(before.rules));
    expect(forward()).to.deep.equal(["theirs", "a", "b", "drop all"]);
    expect(t.writes()).to.deep.equal({ "/ip/firewall/filter/move": 1 });
  });

  it("makes no API write when the chain already matches", async () => {
    const rules = [accept("a", "10.0.1.0/24"), drop];
    const before = await converged(rules);
    await engine.update("", before, chain(rules, before.ruleIds));
    expect(t.writes()).to.deep.equal({});
  });

  it("takes over rules already there that say exactly what a declared rule says, when told to adopt", async () => {
    t.router.tree.add("ip/firewall/filter", { chain: "forward", action: "drop", comment: "drop all" });
    const { outs } = await engine.create({ ...chain([accept("a", "10.0.1.0/24"), drop]), adopt: true });
    expect(forward()).to.deep.equal(["theirs", "a", "drop all"]);
    expect(t.writes()).to.deep.equal({ "/ip/firewall/filter/add": 1 });
    expect(outs.ruleIds).to.have.length(2);
  });

  it("deletes its own rules in one command", async () => {
    const before = await converged([accept("a", "10.0.1.0/24"), drop]);
    await engine.delete("", before);
    expect(forward()).to.deep.equal(["theirs"]);
    expect(t.writes()).to.deep.equal({ "/ip/firewall/filter/remove": 1 });
  });
});

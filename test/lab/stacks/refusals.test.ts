import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as yaml from "js-yaml";
import { ConfigError, namespace, parseStackConfig } from "../../../config/load";
import { secretKeys } from "../../../config/secrets";
import { buildStack } from "../../../lab/stacks/build";
import { type Mistake, mistakesOf, type RawStack } from "../../../lab/stacks/mistakes";
import { drawShape } from "../../../lab/stacks/shape";
import { planCloud } from "../../../plan/cloud-plan";
import { contractOf } from "../../../plan/contract";

const root = path.resolve(__dirname, "../../..");

/** A config map's budgetcloud keys without the namespace, its secrets left out: preview gets placeholders. */
function structured(config: Record<string, unknown>): RawStack {
  const prefix = `${namespace}:`;
  return Object.fromEntries(
    Object.entries(config).flatMap(([fullKey, value]): [string, unknown][] => {
      const key = fullKey.startsWith(prefix) ? fullKey.slice(prefix.length) : fullKey;
      return key.includes(":") || key in secretKeys ? [] : [[key, value]];
    }),
  );
}

const stackFile = (stack: string) =>
  structured(
    (yaml.load(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as { config: RawStack }).config,
  );

/** What `pulumi preview` runs before any device is contacted: the stack's problems, or none. */
function preview(raw: RawStack): string[] {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw))
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  // As cli/stack-file.ts does: long enough for every secret's own rule (SNMPv3 passwords take 8 or more).
  for (const key of Object.keys(secretKeys)) values[key] = "lab-placeholder";
  try {
    const { config } = parseStackConfig({ values, secret: new Set(Object.keys(secretKeys)) });
    contractOf(config, planCloud(config));
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    return [`plain error: ${(error as Error).stack}`];
  }
}

/** Whether a problem names the key or a key inside it. */
const names = (problem: string, key: string) => {
  const prefix = `${namespace}:${key}`;
  return problem.startsWith(prefix) && [":", ".", "["].includes(problem[prefix.length]);
};

// The stack generator's own, as lab-fuzz draws them: the mistakes reach every part of the config space.
const generated = Array.from({ length: 20 }, (_, i): [string, () => RawStack] => [
  `generated stack, seed ${i + 1}`,
  () => buildStack(drawShape(i + 1)),
]);

const stacks: [string, () => RawStack][] = [
  ...["lab", "qa", "prod"].map((stack): [string, () => RawStack] => [`Pulumi.${stack}.yaml`, () => stackFile(stack)]),
  ...generated,
];

describe("refusals: valid stacks with one mistake each", () => {
  for (const [name, load] of stacks) {
    describe(name, () => {
      let raw: RawStack;
      let refusals: { mistake: Mistake; problems: string[] }[];
      before(() => {
        raw = load();
        refusals = mistakesOf(raw).map((mistake) => ({ mistake, problems: preview(mistake.apply(raw)) }));
      });

      it("passes preview as it is", () => {
        expect(preview(raw)).to.deep.equal([]);
      });

      it("has every mistake refused at preview, by a problem that names the mistake's key", () => {
        const missed = refusals
          .filter(({ mistake, problems }) => !problems.some((problem) => names(problem, mistake.key)))
          .map(
            ({ mistake, problems }) =>
              `${mistake.name} (${mistake.key}): ${problems.length > 0 ? `\n      ${problems.join("\n      ")}` : "accepted"}`,
          );
        expect(missed, `${missed.length} of ${refusals.length} not refused by their key:\n  ${missed.join("\n  ")}`).to
          .be.empty;
      });

      it("refuses with no plain error: every problem starts with the key it names", () => {
        const plain = refusals.flatMap(({ mistake, problems }) =>
          problems
            .filter((problem) => !problem.startsWith(`${namespace}:`))
            .map((problem) => `${mistake.name} (${mistake.key}): ${problem}`),
        );
        expect(plain, plain.join("\n")).to.be.empty;
      });
    });
  }

  it("makes the same mistakes of the same stack and seed, a few hundred at most, and leaves the stack as it was", () => {
    const prod = stackFile("prod");
    const listed = (mistakes: Mistake[]) => mistakes.map((m) => `${m.name} (${m.key})`);
    expect(listed(mistakesOf(prod))).to.deep.equal(listed(mistakesOf(prod)));
    expect(listed(mistakesOf(prod, 2))).not.to.deep.equal(listed(mistakesOf(prod)));
    for (const mistake of mistakesOf(prod)) mistake.apply(prod);
    expect(prod).to.deep.equal(stackFile("prod"));
    expect(mistakesOf(prod).length).to.be.within(100, 400);
  });
});

import * as fs from "node:fs";
import { expect } from "chai";
import { ARGUMENT_KINDS, argumentKind } from "../../../lab/routeros/argument-kinds";
import { MENUS } from "../../../lab/routeros/menus";
import { CommandTree, DEFAULT_SPEC_FILE } from "../../../lab/routeros/spec";
import { kindFromDescription, readValue } from "../../../lab/routeros/value-kinds";
import { menus } from "../../../providers/routeros/menus";

type TreeNode = { _type?: string; desc?: string; [word: string]: TreeNode | string | undefined };

// The menus of every package the lab's models have: the x86 tree and the ARM64 ZeroTier package.
const spec = new CommandTree("7.24", DEFAULT_SPEC_FILE, ["zerotier"]);
const writes = (menu: string) => new Set([...spec.argumentsOf(menu, "add"), ...spec.argumentsOf(menu, "set")]);
const kindIn = (menu: string, name: string) =>
  argumentKind(
    menu,
    name,
    spec.descriptionOf(menu, "set", name) ?? spec.descriptionOf(menu, "add", name),
    MENUS[menu]?.defaults?.[name],
  );

describe("RouterOS emulator: the kinds of argument values", () => {
  it("declares kinds only for arguments the command tree has", () => {
    const unknown = Object.entries(ARGUMENT_KINDS).flatMap(([menu, kinds]) =>
      Object.keys(kinds)
        .filter((name) => !writes(menu).has(name))
        .map((name) => `/${menu} ${name}`),
    );
    expect(unknown).to.deep.equal([]);
  });

  it("knows the kind of every argument of every menu budgetcloud's providers use, or the items it names", () => {
    const unknown: string[] = [];
    for (const menu of Object.values(menus)) {
      const path = menu.path.slice(1);
      for (const name of writes(path)) {
        if (["numbers", "copy-from", "place-before"].includes(name)) continue;
        if (kindIn(path, name) === undefined && MENUS[path]?.references?.[name] === undefined)
          unknown.push(`${path} ${name}`);
      }
    }
    expect(unknown).to.deep.equal([]);
  });

  it("reads every default a menu prints as the value it is, in the form it prints", () => {
    for (const [menu, behaviour] of Object.entries(MENUS)) {
      const known = writes(menu);
      for (const [name, printed] of Object.entries(behaviour.defaults ?? {})) {
        const kind = kindIn(menu, name);
        if (!known.has(name) || kind === undefined || kind.kind === "flag") continue;
        const read = readValue(kind, printed, { argument: name, properties: known });
        expect(read, `/${menu} ${name}=${printed}`).to.equal(printed);
      }
    }
  });

  it("reads the kind out of every description in the command tree that names one", () => {
    const times = ["1s..18h12m15s    (time interval)", "10ms..4m15s    (time interval)", "time interval"];
    expect(times.map(kindFromDescription)).to.deep.equal([
      { kind: "time", min: 1000, max: 65535000 },
      { kind: "time", min: 10, max: 255000 },
      { kind: "time", min: undefined, max: undefined },
    ]);
    expect(kindFromDescription("string value, max length 16")).to.deep.equal({ kind: "text" });
    expect(kindFromDescription("A.B.C.D    (IP address)")).to.deep.equal({ kind: "ipv4" });
    expect(kindFromDescription("A.B.C.D/M    (IP prefix)")).to.deep.equal({ kind: "ipv4-prefix" });
    expect(kindFromDescription("0..4294967295")).to.deep.equal({ kind: "integer", min: 0, max: 4294967295 });
    expect(kindFromDescription("connected|static|ospf[,Redistribute*]")).to.deep.equal({
      kind: "enum",
      values: ["connected", "static", "ospf"],
      list: true,
    });
    expect(kindFromDescription("see documentation")).to.equal(undefined);
  });

  it("reads every time description in the command tree, bounds included", () => {
    const unread: string[] = [];
    const walk = (node: TreeNode, path: string) => {
      for (const [word, child] of Object.entries(node)) {
        if (typeof child !== "object") continue;
        const description = child.desc;
        if (child._type === "arg" && typeof description === "string" && description.includes("time interval")) {
          const kind = kindFromDescription(description);
          const [min = "", max = ""] = description.split(/\s+\(/)[0].split("..");
          const read =
            kind?.kind === "time" &&
            (description === "time interval" ||
              ((min === "") === (kind.min === undefined) && (max === "") === (kind.max === undefined)));
          if (!read) unread.push(`${path} ${word}: ${description}`);
        } else walk(child, `${path}/${word}`);
      }
    };
    walk(JSON.parse(fs.readFileSync(DEFAULT_SPEC_FILE, "utf8")), "");
    expect(unread).to.deep.equal([]);
  });
});

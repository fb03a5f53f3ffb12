import * as fs from "node:fs";
import { expect } from "chai";
import { DEFAULT_SPEC_FILE, PACKAGE_SPEC_FILES } from "../../../lab/routeros/spec";
import { nameOn } from "../../../providers/routeros/fields";
import { menus } from "../../../providers/routeros/menus";

// `unknown parameter` is the most frequent way a RouterOS automation breaks on a real router. Every
// path and field declared here must exist in the real 7.24 command tree, so none can.
type Node = { _type?: string; [word: string]: Node | string | undefined };
const tree = JSON.parse(fs.readFileSync(DEFAULT_SPEC_FILE, "utf8")) as Node;
/** A package's own tree (the ARM64 ZeroTier menus), which writes an argument as the word "arg" alone. */
const packageTrees = Object.fromEntries(
  Object.entries(PACKAGE_SPEC_FILES).map(([name, file]) => [name, JSON.parse(fs.readFileSync(file, "utf8")) as Node]),
);

function at(menuPath: string, inPackage?: string): Node | undefined {
  const root = inPackage === undefined ? tree : packageTrees[inPackage];
  return menuPath
    .split("/")
    .filter(Boolean)
    .reduce<Node | undefined>((node, word) => node?.[word] as Node | undefined, root);
}

describe("RouterOS declarations against the RouterOS 7.24 command tree", () => {
  for (const menu of Object.values(menus)) {
    describe(`${menu.type} (${menu.path})`, () => {
      const node = at(menu.path, menu.package);
      const verbs = menu.setOnly ? ["set"] : ["add", "set"];

      it("is a menu with the commands the engine sends", () => {
        expect(node?._type, menu.path).to.equal("dir");
        for (const verb of [...verbs, "print", ...(menu.setOnly ? [] : ["remove"])]) {
          expect((node?.[verb] as Node | undefined)?._type, `${menu.path}/${verb}`).to.equal("cmd");
        }
      });

      for (const [name, field] of Object.entries(menu.fields)) {
        if (field.readOnly) continue;
        const onRouter = nameOn(field, name, "7.24") as string;
        it(`accepts ${onRouter}`, () => {
          for (const verb of verbs) {
            expect(node?.[verb], `${menu.path}/${verb}`).to.have.property(onRouter);
          }
        });
      }
    });
  }

  it("has place-before and move for the ordered firewall chain", () => {
    const filter = at("/ip/firewall/filter");
    expect(filter?.add).to.have.property("place-before");
    expect(filter?.move).to.include.keys("numbers", "destination");
  });
});

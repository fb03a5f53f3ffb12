import { expect } from "chai";
import { parseArguments } from "../../../tools/preview-comment/arguments";

function errorOf(argv: string[]): string {
  try {
    parseArguments(argv);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

const usage = "usage: preview-comment --stack <name> [--cwd <project directory>] [--print]";

describe("preview-comment's command line", () => {
  it("takes the stack, and the project directory or the current one", () => {
    expect(parseArguments(["--stack", "qa"])).to.deep.equal({ stack: "qa", cwd: ".", print: false });
    expect(parseArguments(["--stack=prod", "--cwd", "/srv/budgetcloud", "--print"])).to.deep.equal({
      stack: "prod",
      cwd: "/srv/budgetcloud",
      print: true,
    });
  });

  it("asks for the stack, and refuses what it does not know, with the usage", () => {
    expect(errorOf([])).to.equal(`--stack is required\n${usage}`);
    expect(errorOf(["--stack", "qa", "--stak", "prod"])).to.equal(`Unknown option '--stak'\n${usage}`);
    expect(errorOf(["--stack", "qa", "prod"])).to.equal(
      `Unexpected argument 'prod'. This command does not take positional arguments\n${usage}`,
    );
  });
});

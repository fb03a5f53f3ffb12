import { expect } from "chai";
import { pluginEnvironmentProblems } from "../../config/plugin-environment";
import { stackFileConfig } from "../support/stack-file";

describe("the proxmoxve plugin's environment", () => {
  const lab = stackFileConfig("lab");

  it("needs the API token in the run's environment where the stack has VMs", () => {
    expect(pluginEnvironmentProblems(lab, {})).to.deep.equal([
      `PROXMOX_VE_API_TOKEN is not set: the proxmoxve plugin takes the API token of budgetcloud:proxmox.tokenId from the run's environment; run through make (make up, make lab, make preview-comment), or set it first: eval "$(node -r sucrase/register/ts tools/plugin-env/main.ts --stack <stack>)"`,
    ]);
    expect(pluginEnvironmentProblems(lab, { PROXMOX_VE_API_TOKEN: "budgetcloud@pve!pulumi=x" })).to.deep.equal([]);
  });

  it("needs nothing where no VM uses the plugin", () => {
    expect(pluginEnvironmentProblems({ ...lab, vms: [] }, {})).to.deep.equal([]);
  });
});

import { expect } from "chai";
import { withWriteCredentials, writeCredentials } from "../../../providers/shared/write-credentials";

describe("the write credentials of an up job", () => {
  const stack: Record<string, string> = {
    "budgetcloud:routerApi": JSON.stringify({ username: "budgetcloud-read", plaintext: false }),
    "budgetcloud:routerPassword": "read-password",
    "budgetcloud:proxmox": JSON.stringify({ endpoint: "https://10.0.0.11:8006", tokenId: "budgetcloud@pve!preview" }),
    "budgetcloud:proxmoxTokenSecret": "read-secret",
    "budgetcloud:librenmsToken": "read-token",
    "budgetcloud:zerotierToken": "central-token",
  };
  const get = (key: string) => stack[key];

  it("take the place of the stack's own credentials, key by key", () => {
    const held = writeCredentials({
      BUDGETCLOUD_WRITE_ROUTER_USERNAME: "budgetcloud",
      BUDGETCLOUD_WRITE_ROUTER_PASSWORD: "write-password",
      BUDGETCLOUD_WRITE_PROXMOX_TOKEN_ID: "budgetcloud@pve!pulumi",
      BUDGETCLOUD_WRITE_PROXMOX_TOKEN_SECRET: "write-secret",
      BUDGETCLOUD_WRITE_LIBRENMS_TOKEN: "write-token",
    });
    const overlaid = withWriteCredentials(get, held);
    expect(JSON.parse(overlaid("budgetcloud:routerApi") ?? "")).to.deep.equal({
      username: "budgetcloud",
      plaintext: false,
    });
    expect(overlaid("budgetcloud:routerPassword")).to.equal("write-password");
    expect(JSON.parse(overlaid("budgetcloud:proxmox") ?? "").tokenId).to.equal("budgetcloud@pve!pulumi");
    expect(overlaid("budgetcloud:proxmoxTokenSecret")).to.equal("write-secret");
    expect(overlaid("budgetcloud:librenmsToken")).to.equal("write-token");
    // Central's tokens cannot be made read-only: the stack's is the only one.
    expect(overlaid("budgetcloud:zerotierToken")).to.equal("central-token");
  });

  it("leave a run without them to the stack's own", () => {
    const overlaid = withWriteCredentials(get, writeCredentials({}));
    for (const key of Object.keys(stack)) expect(overlaid(key), key).to.equal(stack[key]);
  });

  it("refuse half a pair, naming the variable that is missing", () => {
    expect(() => writeCredentials({ BUDGETCLOUD_WRITE_ROUTER_PASSWORD: "x" })).to.throw(
      "BUDGETCLOUD_WRITE_ROUTER_PASSWORD is set but BUDGETCLOUD_WRITE_ROUTER_USERNAME is not: give both",
    );
    expect(() => writeCredentials({ BUDGETCLOUD_WRITE_PROXMOX_TOKEN_ID: "x" })).to.throw(
      "BUDGETCLOUD_WRITE_PROXMOX_TOKEN_ID is set but BUDGETCLOUD_WRITE_PROXMOX_TOKEN_SECRET is not: give both",
    );
  });
});

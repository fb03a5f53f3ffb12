import { expect } from "chai";
import { operations } from "../../../providers/proxmox/runtime";
import { settingsFromConfig } from "../../../providers/proxmox/settings";

const proxmox = JSON.stringify({
  endpoint: "https://192.168.255.11:8006",
  tokenId: "budgetcloud@pve!pulumi",
  tls: { fingerprint: "AB:".repeat(31).concat("CD") },
});
const stack = (values: Record<string, string>) => (key: string) => values[key];

describe("the Proxmox VE provider's settings", () => {
  it("reach the endpoint with the token secret the stack keeps", () => {
    const settings = settingsFromConfig(
      stack({ "budgetcloud:proxmox": proxmox, "budgetcloud:proxmoxTokenSecret": "s3cret" }),
    );
    expect(settings.endpoint()).to.deep.equal({
      url: "https://192.168.255.11:8006",
      tokenId: "budgetcloud@pve!pulumi",
      tokenSecret: "s3cret",
      tls: { fingerprint: "AB:".repeat(31).concat("CD"), insecure: false },
      timeoutSeconds: 30,
      taskTimeoutSeconds: 1800,
    });
  });

  it("protect storage in prod unless the stack says otherwise, and elsewhere only when it says so", () => {
    const protect = (values: Record<string, string>) => settingsFromConfig(stack(values)).protect;
    expect(protect({ "budgetcloud:environment": "prod" })).to.equal(true);
    expect(protect({ "budgetcloud:environment": "prod", "budgetcloud:protect": "false" })).to.equal(false);
    expect(protect({ "budgetcloud:environment": "qa" })).to.equal(false);
    expect(protect({ "budgetcloud:environment": "lab", "budgetcloud:protect": "true" })).to.equal(true);
  });

  it("name what is missing when a resource needs the endpoint", () => {
    expect(() => settingsFromConfig(stack({})).endpoint()).to.throw(
      "budgetcloud:proxmox is not set: no Proxmox VE endpoint to reach",
    );
    expect(() => settingsFromConfig(stack({ "budgetcloud:proxmox": proxmox })).endpoint()).to.throw(
      "budgetcloud:proxmoxTokenSecret is not set; set it with pulumi config set --secret budgetcloud:proxmoxTokenSecret",
    );
  });

  it("name a resource type nobody declared", () => {
    expect(() => operations("CephFilesystem")).to.throw("no Proxmox VE object is declared for CephFilesystem");
  });
});

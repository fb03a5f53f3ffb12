import { expect } from "chai";
import { crossCheck } from "../../plan/checks";
import { insecureTransports } from "../../plan/transport-security";
import { stackFileConfig } from "../support/stack-file";

describe("what a prod stack may not ask for on the way to its devices", () => {
  it("accepts the talk's prod stack: api-ssl, every certificate verified", () => {
    expect(insecureTransports(stackFileConfig("prod"))).to.deep.equal([]);
  });

  it("refuses the plain-text API and every skipped verification, each at its key, before any device is asked", () => {
    const config = stackFileConfig("prod");
    config.routerApi.plaintext = true;
    config.routerApi.tls.insecure = true;
    if (!config.proxmox || !config.monitoring) throw new Error("the prod stack has Proxmox and LibreNMS");
    config.proxmox.tls.insecure = true;
    config.monitoring.tls.insecure = true;
    const verify = "verify the certificate instead: pin its CA (tls.ca) or its fingerprint (tls.fingerprint)";
    expect(crossCheck(config)).to.deep.equal([
      "budgetcloud:routerApi.plaintext: a prod stack reaches its routers over api-ssl (8729) only: the plain-text API (8728) carries the password in the clear",
      `budgetcloud:routerApi.tls.insecure: a prod stack does not skip TLS verification for the routers' API; ${verify}`,
      `budgetcloud:proxmox.tls.insecure: a prod stack does not skip TLS verification for Proxmox VE's API; ${verify}`,
      `budgetcloud:monitoring.tls.insecure: a prod stack does not skip TLS verification for LibreNMS's API; ${verify}`,
    ]);
  });

  it("leaves QA and the lab free to ask for them", () => {
    const config = stackFileConfig("prod");
    config.environment = "qa";
    config.routerApi.plaintext = true;
    config.routerApi.tls.insecure = true;
    expect(insecureTransports(config)).to.deep.equal([]);
    expect(insecureTransports(stackFileConfig("lab"))).to.deep.equal([]);
  });
});

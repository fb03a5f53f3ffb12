import { expect } from "chai";
import { LibreNmsLab } from "../../../lab/librenms/api-server";
import { apiCertificate } from "../../../lab/proxmox/credentials";
import { LibreNmsClient } from "../../../providers/librenms/client";
import { endpointFromConfig } from "../../../providers/librenms/settings";
import type { TlsTrust } from "../../../providers/shared/tls";

const TOKEN = "lab-librenms-token";

describe("LibreNMS over HTTPS, trusted as the stack's monitoring.tls says", () => {
  const certificate = apiCertificate(undefined, ["librenms"]);
  let lab: LibreNmsLab;
  beforeEach(async () => {
    lab = new LibreNmsLab({ tokens: [TOKEN], tls: { key: certificate.key, cert: certificate.cert } });
    await lab.start();
  });
  afterEach(() => lab.stop());

  const devices = (tls: TlsTrust) =>
    new LibreNmsClient({ url: lab.endpoint, token: TOKEN, tls }).get("devices", "the devices");
  const refusal = (tls: TlsTrust) =>
    devices(tls).then(
      () => "answered",
      (error: Error) => error.message,
    );

  it("answers when the stack pins the certificate's fingerprint, or its CA", async () => {
    expect(await devices({ fingerprint: certificate.fingerprint, insecure: false })).to.deep.include({ status: "ok" });
    expect(await devices({ ca: certificate.cert, insecure: false })).to.deep.include({ status: "ok" });
  });

  it("sends nothing, the token included, to a certificate the stack does not trust, and says why", async () => {
    const other = `${"AB:".repeat(31)}AB`;
    expect(await refusal({ fingerprint: other, insecure: false })).to.equal(
      `LibreNMS at ${lab.endpoint}: the devices: certificate fingerprint is ${certificate.fingerprint}, the stack pins ${other}`,
    );
    // Node's own reason, with its hint about the system's CAs after it.
    expect(await refusal({ insecure: false })).to.satisfy((message: string) =>
      message.startsWith(`LibreNMS at ${lab.endpoint}: the devices: self-signed certificate`),
    );
    expect(lab.received).to.deep.equal([]);
  });

  it("takes the trust from the stack config the provider process is handed", () => {
    const monitoring = {
      endpoint: "https://librenms.example.net/api/v0",
      poller: "192.168.255.10",
      snmp: { user: "librenms" },
      tls: { fingerprint: certificate.fingerprint },
    };
    const config: Record<string, string> = {
      "budgetcloud:monitoring": JSON.stringify(monitoring),
      "budgetcloud:librenmsToken": TOKEN,
    };
    expect(endpointFromConfig((key) => config[key])().tls).to.deep.equal({
      fingerprint: certificate.fingerprint,
      insecure: false,
    });
  });
});

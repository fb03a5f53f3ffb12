import { expect } from "chai";
import { EmulatedRouter } from "../../../lab/routeros/router";
import { connectionTo } from "../../../providers/routeros/client";
import { routerSection } from "../../../tools/lab-status/router-section";

describe("make lab-status's part for a router", () => {
  let router: EmulatedRouter;
  beforeEach(async () => {
    router = new EmulatedRouter({
      name: "MTK-1",
      port: 0,
      model: "CCR2216-1G-12XS-2XQ",
      users: [
        { name: "budgetcloud", password: "lab" },
        { name: "budgetcloud-read", password: "lab", group: "read" },
      ],
    });
    await router.start();
    const writer = connect("budgetcloud");
    await writer.run("/ip/address", "add", { address: "10.0.0.1/30", interface: "sfp28-1", comment: "to MTK-2" });
    writer.close();
  });
  afterEach(() => router.stop());

  const connect = (username: string) =>
    connectionTo({
      name: "MTK-1",
      host: "127.0.0.1",
      port: router.port,
      username,
      password: "lab",
      plaintext: true,
      tls: { insecure: false },
      timeoutSeconds: 10,
    });

  it("is the router's own export, with what changed since the one make lab kept, for a user that may write", async () => {
    const connection = connect("budgetcloud");
    try {
      const kept = { file: ".lab/state-before-up/lab/MTK-1.rsc", script: "/ip address\n" };
      const lines = (await routerSection(connection, kept)).join("\n");
      expect(lines).to.include('/ip address\nadd address=10.0.0.1/30 interface=sfp28-1 comment="to MTK-2"\n');
      expect(lines).to.include(
        '# MTK-1: changed since the export make lab kept before its last up (.lab/state-before-up/lab/MTK-1.rsc):\n+ /ip address add address=10.0.0.1/30 interface=sfp28-1 comment="to MTK-2"',
      );
    } finally {
      connection.close();
    }
  });

  it("is what each managed menu prints, for a user that may only read (no write credential needed)", async () => {
    const connection = connect("budgetcloud-read");
    try {
      const lines = await routerSection(connection);
      expect(lines[0]).to.equal(
        "# MTK-1: as its menus print it (the user budgetcloud-read may not write the file /export goes through)",
      );
      expect(lines).to.include(
        '/ip/address address=10.0.0.1/30 interface=sfp28-1 network=10.0.0.0 comment="to MTK-2" disabled=false',
      );
      // The factory's ports are items too, with the fields budgetcloud declares for them.
      expect(lines.filter((line) => line.startsWith("/interface/ethernet "))).to.have.length(21);
      expect(lines).to.include("/interface/ethernet default-name=sfp28-1 mtu=1500 l2mtu=1584");
    } finally {
      connection.close();
    }
  });
});

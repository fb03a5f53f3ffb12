import { createHash } from "node:crypto";
import { expect } from "chai";
import { snippetsLocationsFromConfig } from "../../../../providers/proxmox/snippets/endpoints";
import { configure, operations } from "../../../../providers/proxmox/snippets/runtime";
import type { SnippetOutputs } from "../../../../providers/proxmox/snippets/snippet";

const hostKey = "SHA256:XmgTJv82m2KQrUfo/IgMy1cGVorAQlzAq3dRZjm88is";
const hypervisors = [
  { name: "PVE-1", host: "192.168.255.11", loopback: "192.168.254.11/32", sshHostKey: hostKey },
  { name: "PVE-2", host: "192.168.255.12", loopback: "192.168.254.12/32", sshHostKey: hostKey, sshPort: 2222 },
];
const privateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\n…\n-----END OPENSSH PRIVATE KEY-----\n";

/** The stack config as the engine hands it to the provider process: JSON text per key. */
const stackConfig =
  (values: Record<string, unknown>) =>
  (key: string): string | undefined => {
    const value = values[key];
    if (value === undefined) return undefined;
    return typeof value === "string" ? value : JSON.stringify(value);
  };

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("the snippets provider's view of the stack config", () => {
  it("reaches a node as root on its SSH port, into Proxmox's default snippets storage", () => {
    const locate = snippetsLocationsFromConfig(
      stackConfig({ "budgetcloud:hypervisors": hypervisors, "budgetcloud:snippetsSshKey": privateKey }),
    );
    expect(locate("PVE-1")).to.deep.equal({
      ssh: {
        node: "PVE-1",
        host: "192.168.255.11",
        port: 22,
        hostKey,
        username: "root",
        privateKey,
        timeoutSeconds: 20,
      },
      storage: "local",
      directory: "/var/lib/vz/snippets",
    });
    expect(locate("PVE-2").ssh.port).to.equal(2222);
  });

  it("takes the snippets storage and its path from budgetcloud:proxmox", () => {
    const locate = snippetsLocationsFromConfig(
      stackConfig({
        "budgetcloud:hypervisors": hypervisors,
        "budgetcloud:proxmox": {
          endpoint: "https://192.168.255.11:8006",
          tokenId: "budgetcloud@pve!pulumi",
          snippetsStorage: "cephfs",
          snippetsPath: "/mnt/pve/cephfs/snippets",
        },
        "budgetcloud:snippetsSshKey": privateKey,
      }),
    );
    expect(locate("PVE-2")).to.deep.include({ storage: "cephfs", directory: "/mnt/pve/cephfs/snippets" });
  });

  it("names a node the stack does not have, and a missing SSH key", () => {
    const withKey = snippetsLocationsFromConfig(
      stackConfig({ "budgetcloud:hypervisors": hypervisors, "budgetcloud:snippetsSshKey": privateKey }),
    );
    expect(errorOf(() => withKey("PVE-9"))).to.equal(
      "hypervisor PVE-9 is not in the stack config (budgetcloud:hypervisors)",
    );
    const withoutKey = snippetsLocationsFromConfig(stackConfig({ "budgetcloud:hypervisors": hypervisors }));
    expect(errorOf(() => withoutKey("PVE-1"))).to.equal(
      "budgetcloud:snippetsSshKey is not set; snippets cannot be uploaded to PVE-1",
    );
  });
});

describe("the snippets provider's diff", () => {
  const content = "#cloud-config\nhostname: prod-sql14-1\n";
  const deployed: SnippetOutputs = {
    node: "PVE-2",
    fileName: "prod-sql14-1-user-data.yaml",
    volume: "local:snippets/prod-sql14-1-user-data.yaml",
    path: "/var/lib/vz/snippets/prod-sql14-1-user-data.yaml",
    sha256: createHash("sha256").update(content).digest("hex"),
  };
  const wanted = { node: "PVE-2", fileName: "prod-sql14-1-user-data.yaml", content };
  const diff = (news: typeof wanted) => operations("Snippet").diff("id", deployed, news);

  before(() => {
    configure(stackConfig({ "budgetcloud:hypervisors": hypervisors, "budgetcloud:snippetsSshKey": privateKey }));
  });

  it("sees no change when the content hashes the same", async () => {
    expect(await diff(wanted)).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("uploads in place when the content changes", async () => {
    expect(await diff({ ...wanted, content: `${content}timezone: UTC\n` })).to.deep.equal({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("replaces the snippet on another node, under another name, or in another storage", async () => {
    expect(await diff({ ...wanted, node: "PVE-1" })).to.deep.equal({
      changes: true,
      replaces: ["node"],
      deleteBeforeReplace: false,
    });
    expect(await diff({ ...wanted, fileName: "prod-sql14-2-user-data.yaml" })).to.deep.equal({
      changes: true,
      replaces: ["fileName", "volume"],
      deleteBeforeReplace: false,
    });
    configure(
      stackConfig({
        "budgetcloud:hypervisors": hypervisors,
        "budgetcloud:proxmox": {
          endpoint: "https://192.168.255.11:8006",
          tokenId: "budgetcloud@pve!pulumi",
          snippetsStorage: "cephfs",
          snippetsPath: "/mnt/pve/cephfs/snippets",
        },
        "budgetcloud:snippetsSshKey": privateKey,
      }),
    );
    try {
      expect(await diff(wanted)).to.deep.equal({ changes: true, replaces: ["volume"], deleteBeforeReplace: false });
    } finally {
      configure(stackConfig({ "budgetcloud:hypervisors": hypervisors, "budgetcloud:snippetsSshKey": privateKey }));
    }
  });

  it("has no other resource type", () => {
    expect(errorOf(() => operations("Vm"))).to.equal("the snippets provider has no resource type Vm");
  });
});

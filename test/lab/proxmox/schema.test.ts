import { expect } from "chai";
import { CODE_FORMATS, PROPERTY_STRING_FORMATS } from "../../../lab/proxmox/formats";
import { wholeMatch } from "../../../lab/proxmox/patterns";
import { ApiReference, HTTP_METHODS, type PropertySchema } from "../../../lab/proxmox/schema";
import { parsePropertyString, printPropertyString, validateParameters } from "../../../lab/proxmox/validation";

const reference = ApiReference.load();

/** Every property schema of every method, nested formats and items included. */
function everySchema(): PropertySchema[] {
  const found: PropertySchema[] = [];
  const walk = (schema: PropertySchema | undefined) => {
    if (!schema) return;
    found.push(schema);
    if (typeof schema.format === "object") Object.values(schema.format).forEach(walk);
    walk(schema.items);
    Object.values(schema.properties ?? {}).forEach(walk);
  };
  for (const template of reference.templates()) {
    for (const method of HTTP_METHODS) walk(reference.method(template, method)?.parameters);
  }
  return found;
}

describe("Proxmox emulator: the API reference as the lab reads it", () => {
  it("compiles every pattern of the reference, matching it whole and case-folding (?^i:) groups", () => {
    const patterns = new Set(everySchema().flatMap((s) => (s.pattern === undefined ? [] : [s.pattern])));
    expect(patterns.size).to.equal(63);
    for (const pattern of patterns) expect(() => wholeMatch(pattern), pattern).not.to.throw();
    expect(wholeMatch("(?^:^[^:/\\s]+$)").test("vm_data")).to.equal(true);
    expect(wholeMatch("\\d+[MG]?").test("512MB")).to.equal(false);
    expect(wholeMatch("(?^i:[\\(\\)-_.\\w\\d\\s]{0,256})").test("SQL (tenant) #1")).to.equal(false);
    expect(wholeMatch("(?^i:[\\(\\)-_.\\w\\d\\s]{0,256})").test("SQL (tenant) 1")).to.equal(true);
  });

  it("names the formats it does not check: the reference only names them, their rules are PVE code", () => {
    const names = new Set(
      everySchema().flatMap((s) => (typeof s.format === "string" ? [s.format.replace(/-(list|opt)$/, "")] : [])),
    );
    const unchecked = [...names].filter((n) => !(n in CODE_FORMATS) && !(n in PROPERTY_STRING_FORMATS)).sort();
    expect(unchecked).to.deep.equal(
      [
        ...["IPorCIDR", "IPorCIDRorAlias", "backup-fleecing", "backup-performance", "bridge-pair", "email"],
        ...["email-or-username", "graphite-path", "ldap-simple-attr", "lxc-ip-with-ll-iface", "mac-prefix"],
        ...["pem-certificate-chain", "pem-string", "proxmox-remote", "prune-backups", "pve-acme-alias"],
        ...["pve-acme-domain", "pve-calendar-event", "pve-command-batch", "pve-cpuset", "pve-ct-timezone"],
        ...["pve-day-of-week", "pve-dir-override", "pve-fw-addr-spec", "pve-fw-conntrack-helper"],
        ...["pve-fw-dport-spec", "pve-fw-icmp-type-spec", "pve-fw-protocol-spec", "pve-fw-sport-spec"],
        ...["pve-hotplug-features", "pve-lxc-dev-string", "pve-lxc-mp-string", "pve-priv", "pve-qemu-sev-fmt"],
        ...["pve-qemu-tdx-fmt", "pve-qm-boot", "pve-qm-bootdisk", "pve-qm-hostpci", "pve-qm-ide", "pve-qm-rng"],
        ...["pve-qm-smbios1", "pve-qm-watchdog", "pve-replication-job-id", "pve-sdn-bgp-rt", "pve-sdn-dhcp-range"],
        ...["pve-sdn-isis-net", "pve-storage-options", "pve-storage-path", "pve-storage-path-in-property-string"],
        ...["pve-storage-portal-dns", "pve-storage-server", "pve-storage-vgname", "pve-task-status-type"],
        ...["pve-tfa-config", "pve-tokenid", "pve-userid", "pve-vlan-id-or-range", "pve-vm-cpu-conf"],
        ...["realm-sync-options", "storage-pair"],
      ].sort(),
    );
  });

  it("resolves request paths to templates, a volume ID with its slash as one parameter", () => {
    expect(reference.resolve("/nodes/PVE-1/qemu/100/config")).to.deep.include({
      template: "/nodes/{node}/qemu/{vmid}/config",
      uriParams: { node: "PVE-1", vmid: "100" },
    });
    expect(reference.resolve("/nodes/PVE-1/storage/local/content/local:snippets/user.yaml")).to.deep.include({
      template: "/nodes/{node}/storage/{storage}/content/{volume}",
      uriParams: { node: "PVE-1", storage: "local", volume: "local:snippets/user.yaml" },
    });
    expect(reference.resolve("//cluster///resources/")?.template).to.equal("/cluster/resources");
    expect(reference.resolve("/nodes/PVE-1/teapot")).to.equal(undefined);
  });

  it("expands numbered options to the counts qemu-server allows", () => {
    const create = reference.method("/nodes/{node}/qemu", "POST");
    const properties = Object.keys(create?.parameters.properties ?? {});
    const count = (prefix: string) => properties.filter((p) => new RegExp(`^${prefix}\\d+$`).test(p)).length;
    expect([
      count("net"),
      count("ipconfig"),
      count("scsi"),
      count("ide"),
      count("virtio"),
      count("sata"),
    ]).to.deep.equal([32, 32, 31, 4, 16, 6]);
    const errors = validateParameters({ node: "PVE-1", vmid: 100, net32: "virtio" }, create?.parameters ?? {});
    expect(errors).to.deep.equal({
      net32: "property is not defined in schema and the schema does not allow additional properties",
    });
  });

  it("reads and prints property strings as PVE does: key aliases, default keys, disk sizes", () => {
    const net = reference.method("/nodes/{node}/qemu", "POST")?.parameters.properties?.net0.format;
    if (typeof net !== "object") throw new Error("net0 has no format");
    const parsed = parsePropertyString(net, "bridge=vmbr0,virtio=BC:24:11:00:00:01,firewall=yes");
    expect(parsed).to.deep.equal({ bridge: "vmbr0", model: "virtio", macaddr: "BC:24:11:00:00:01", firewall: "1" });
    expect(printPropertyString(net, parsed)).to.equal("virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1");
    const scsi = reference.method("/nodes/{node}/qemu", "POST")?.parameters.properties?.scsi0.format;
    if (typeof scsi !== "object") throw new Error("scsi0 has no format");
    expect(printPropertyString(scsi, { file: "vm_data:vm-100-disk-0", size: String(34359738368), ssd: "1" })).to.equal(
      "vm_data:vm-100-disk-0,size=32G,ssd=1",
    );
    expect(() => parsePropertyString("pve-qm-ipconfig", "ip=10.0.0.5/24,ip=10.0.0.6/24")).to.throw(
      "duplicate key in comma-separated list property: ip",
    );
  });

  it("joins two errors on one key with a literal backslash-n, as PVE's add_error does", () => {
    const schema: PropertySchema = {
      additionalProperties: 0,
      properties: { nodes: { type: "string" }, n: { type: "string", format: "pve-node", requires: "nodes" } },
    };
    expect(validateParameters({ n: "bad name" }, schema)).to.deep.equal({
      n: "invalid format - value does not look like a valid node name\n",
      nodes: "property is missing and it is not optional\\nmissing property required by 'n'",
    });
  });
});

import { randomBytes, randomUUID } from "node:crypto";
import { PROPERTY_STRING_FORMATS } from "./formats";
import type { ApiReference, PropertySchema } from "./schema";
import { parsePropertyString, printPropertyString } from "./validation";

/**
 * A qemu guest's configuration file, read through qemu-server's schema (the `config` PUT method of
 * the reference): which options are drives, how drive and network strings parse and print, and how
 * the API types each option when it answers.
 */

const CONFIG_TEMPLATE = "/nodes/{node}/qemu/{vmid}/config";
/** Parameters of the config methods that steer the call rather than name an option. */
const CONTROL_PARAMETERS = new Set([
  "node",
  "vmid",
  "delete",
  "digest",
  "force",
  "revert",
  "skiplock",
  "background_delay",
  "import-working-storage",
]);

export const DRIVE_KEY = /^((ide|sata|scsi|virtio)\d+|efidisk0|tpmstate0)$/;
export const UNUSED_KEY = /^unused\d+$/;
/** qemu-server's NEW_DISK_RE: `STORAGE:SIZE_IN_GiB` asks for a new volume. */
export const NEW_DISK = /^(([^/:\s]+):)?(\d+(\.\d+)?)$/;
/** PVE 8+'s own MAC prefix (Proxmox Server Solutions' OUI). */
const MAC_PREFIX = "BC:24:11";

export type Drive = Record<string, string>;

export class VmConfigSchema {
  private readonly properties: Record<string, PropertySchema>;

  constructor(reference: ApiReference) {
    this.properties = reference.method(CONFIG_TEMPLATE, "PUT")?.parameters.properties ?? {};
  }

  /** Whether a request parameter is a configuration option (as opposed to node, vmid, digest…). */
  isOption(key: string): boolean {
    return key in this.properties && !CONTROL_PARAMETERS.has(key);
  }

  parse(key: string, value: string): Drive {
    return parsePropertyString(this.formatOf(key), value);
  }

  print(key: string, value: Drive): string {
    return printPropertyString(this.formatOf(key), value);
  }

  /** The property-string schema of an option, spelled out or named (`pve-qm-ipconfig`). */
  private formatOf(key: string): Record<string, PropertySchema> {
    const format = this.properties[key]?.format;
    const schema = typeof format === "string" ? PROPERTY_STRING_FORMATS[format] : format;
    if (!schema) throw new Error(`${key} is not a property string the lab knows`);
    return schema;
  }

  /** The config as GET answers it: integers and booleans as numbers, everything else a string. */
  render(config: Record<string, string>): Record<string, string | number> {
    const rendered: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(config)) {
      const type = this.properties[key]?.type;
      rendered[key] = type === "integer" || type === "boolean" ? Number(value) : value;
    }
    if (rendered.cipassword !== undefined) rendered.cipassword = "**********";
    return rendered;
  }
}

export const isCdrom = (drive: Drive) => drive.media === "cdrom";
export const isCloudinit = (drive: Drive) => /(^|[:/])vm-\d+-cloudinit/.test(drive.file ?? "");

/** A MAC address as PVE generates one for a new network device. */
export function randomMac(): string {
  const tail = [...randomBytes(3)].map((b) => b.toString(16).toUpperCase().padStart(2, "0"));
  return [MAC_PREFIX, ...tail].join(":");
}

export const smbiosWithNewUuid = (smbios1?: string) => {
  const others = (smbios1 ?? "").split(",").filter((part) => part !== "" && !part.startsWith("uuid="));
  return [`uuid=${randomUUID()}`, ...others].join(",");
};

/** parse_size: "32G", "1.5T", "512M" in bytes. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(\.\d+)?)([KMGT])?$/.exec(text);
  if (!match) return undefined;
  const power = { K: 1, M: 2, G: 3, T: 4 }[match[3] ?? ""] ?? 0;
  return Math.floor(Number(match[1]) * 1024 ** power);
}

/** The guest's network devices, in order, each with its model and MAC address. */
export function networkDevices(schema: VmConfigSchema, config: Record<string, string>) {
  return Object.keys(config)
    .filter((key) => /^net\d+$/.test(key))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
    .map((key) => ({ key, index: Number(key.slice(3)), net: schema.parse(key, config[key]) }));
}

/** get_default_bootdevices: the first disk, the first CD-ROM, the first network device. */
export function defaultBootOrder(schema: VmConfigSchema, config: Record<string, string>): string {
  const drives = ["ide", "sata", "scsi", "virtio"].flatMap((bus) =>
    Array.from({ length: 31 }, (_, i) => `${bus}${i}`).filter((key) => config[key] !== undefined),
  );
  const parsed = drives.map((key) => ({ key, drive: schema.parse(key, config[key]) }));
  const disk = parsed.find(({ drive }) => !isCdrom(drive) && !isCloudinit(drive))?.key;
  const cdrom = parsed.find(({ drive }) => isCdrom(drive) && !isCloudinit(drive))?.key;
  const net = networkDevices(schema, config)[0]?.key;
  return `order=${[disk, cdrom, net].filter((d) => d !== undefined).join(";")}`;
}

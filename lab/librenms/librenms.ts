import { DEVICE_VALUES, FIXED_COLUMNS, UPDATABLE_COLUMNS } from "./api";

/** What LibreNMS answers instead: an HTTP status and its message. */
export class LibreNmsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
export type DeviceRow = Json & { device_id: number; hostname: string };

export interface DeviceGroup {
  id: number;
  name: string;
  desc: string | null;
  type: "static" | "dynamic";
  rules: unknown;
  devices: Set<number>;
}

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
const flag = (value: unknown) => (value === true || value === 1 || value === "1" || value === "true" ? 1 : 0);

/**
 * LibreNMS's devices and device groups as its API shows them: device ids from 1, a device found
 * by id or hostname, static groups listing devices by id. A device is added only when LibreNMS
 * could reach it, or with force_add: the lab reaches no device, as a poller on another network
 * would not.
 */
export class LibreNms {
  private readonly devices = new Map<number, DeviceRow>();
  private readonly groups = new Map<number, DeviceGroup>();
  private nextDeviceId = 1;
  private nextGroupId = 1;

  listDevices(): DeviceRow[] {
    return [...this.devices.values()].map((row) => ({ ...row }));
  }

  device(hostnameOrId: string): DeviceRow {
    const row = this.find(hostnameOrId);
    if (!row) throw new LibreNmsError(404, `Device ${hostnameOrId} does not exist`);
    return { ...row };
  }

  addDevice(body: Json | null): DeviceRow {
    if (!body || Object.keys(body).length === 0)
      throw new LibreNmsError(400, "No information has been provided to add this new device");
    const hostname = text(body.hostname);
    if (hostname === "") throw new LibreNmsError(400, "Missing the device hostname");
    if ([...this.devices.values()].some((d) => d.hostname === hostname))
      throw new LibreNmsError(500, `Device ${hostname} already exists`);
    const version = text(body.version) || "v2c";
    for (const [key, values] of Object.entries(DEVICE_VALUES)) {
      const value = key === "version" ? version : body[key];
      if (value !== undefined && value !== "" && !(values as readonly string[]).includes(String(value)))
        throw new LibreNmsError(400, `Invalid ${key} ${String(value)}: must be one of ${values.join(", ")}`);
    }
    const snmpDisabled = flag(body.snmp_disable) === 1;
    if (version === "v3" && !snmpDisabled && body.authlevel === undefined)
      throw new LibreNmsError(400, "You must provide the authlevel for SNMP v3");
    if (!flag(body.force_add))
      throw new LibreNmsError(
        500,
        `Could not connect to ${hostname}, please check the snmp details and snmp reachability`,
      );
    const id = this.nextDeviceId++;
    const row: DeviceRow = {
      device_id: id,
      hostname,
      sysName: null,
      display: body.display ?? null,
      ip: null,
      community: body.community ?? null,
      authlevel: body.authlevel ?? null,
      authname: body.authname ?? null,
      authpass: body.authpass ?? null,
      authalgo: body.authalgo ?? null,
      cryptopass: body.cryptopass ?? null,
      cryptoalgo: body.cryptoalgo ?? null,
      snmpver: version,
      port: Number(body.port ?? 161),
      transport: text(body.transport) || "udp",
      poller_group: Number(body.poller_group ?? 0),
      port_association_mode: 1,
      snmp_disable: snmpDisabled ? 1 : 0,
      os: body.os ?? (snmpDisabled ? "ping" : "generic"),
      hardware: body.hardware ?? null,
      location: body.location ?? null,
      status: 0,
      disabled: 0,
      ignore: 0,
      last_polled: null,
    };
    this.devices.set(id, row);
    return { ...row };
  }

  /** update_device_field: one field and its datum, or arrays of them side by side. */
  updateDevice(hostnameOrId: string, body: Json | null): string {
    const row = this.find(hostnameOrId);
    if (!row) throw new LibreNmsError(404, `Device ${hostnameOrId} does not exist`);
    const field = body?.field;
    if (field === undefined || field === null || field === "" || (Array.isArray(field) && field.length === 0))
      throw new LibreNmsError(400, "Device field to patch has not been supplied");
    const fields = (Array.isArray(field) ? field : [field]).map(String);
    const data = Array.isArray(field) ? (body?.data as unknown[]) : [body?.data];
    if (fields.some((f) => FIXED_COLUMNS.includes(f)))
      throw new LibreNmsError(500, "Device field is not allowed to be updated");
    if (!Array.isArray(data) || data.length !== fields.length)
      throw new LibreNmsError(
        500,
        `Device fields failed to be updated as the number of fields (${fields.length}) does not match the supplied data (${Array.isArray(data) ? data.length : 1})`,
      );
    if (fields.some((f) => !UPDATABLE_COLUMNS.includes(f)))
      throw new LibreNmsError(500, "Device fields failed to be updated");
    fields.forEach((f, i) => {
      row[f] = data[i];
    });
    return fields.length === 1 && !Array.isArray(field)
      ? `Device ${fields[0]} field has been updated`
      : "Device fields have been updated";
  }

  deleteDevice(hostnameOrId: string): DeviceRow {
    const row = this.find(hostnameOrId);
    if (!row) throw new LibreNmsError(404, `Device ${hostnameOrId} not found`);
    this.devices.delete(row.device_id);
    for (const group of this.groups.values()) group.devices.delete(row.device_id);
    return { ...row };
  }

  listGroups(): Json[] {
    return [...this.groups.values()].map(({ devices: _, ...group }) => ({ ...group }));
  }

  addGroup(body: Json | null): DeviceGroup {
    const name = text(body?.name);
    if (name === "") throw new LibreNmsError(400, "Missing the device group name");
    const type = text(body?.type) || "dynamic";
    if (type !== "static" && type !== "dynamic")
      throw new LibreNmsError(422, "The type field must be static or dynamic");
    if ([...this.groups.values()].some((g) => g.name === name))
      throw new LibreNmsError(422, "The name has already been taken.");
    if (type === "dynamic" && body?.rules === undefined)
      throw new LibreNmsError(422, "The rules field is required when type is dynamic.");
    const devices = this.deviceIds(type === "static" ? body?.devices : undefined);
    const group: DeviceGroup = {
      id: this.nextGroupId++,
      name,
      desc: body?.desc === undefined ? null : text(body.desc),
      type,
      rules: body?.rules ?? null,
      devices,
    };
    this.groups.set(group.id, group);
    return group;
  }

  group(nameOrId: string): DeviceGroup {
    const group =
      [...this.groups.values()].find((g) => g.name === nameOrId) ??
      (/^\d+$/.test(nameOrId) ? this.groups.get(Number(nameOrId)) : undefined);
    if (!group) throw new LibreNmsError(404, `Device group ${nameOrId} not found`);
    return group;
  }

  updateGroup(nameOrId: string, body: Json | null): DeviceGroup {
    const group = this.group(nameOrId);
    if (body?.name !== undefined) {
      const name = text(body.name);
      if ([...this.groups.values()].some((g) => g.name === name && g.id !== group.id))
        throw new LibreNmsError(422, "The name has already been taken.");
      group.name = name;
    }
    if (body?.desc !== undefined) group.desc = text(body.desc);
    if (body?.type !== undefined) {
      if (body.type !== "static" && body.type !== "dynamic")
        throw new LibreNmsError(422, "The type field must be static or dynamic");
      group.type = body.type;
    }
    if (body?.devices !== undefined) {
      if (group.type !== "static") throw new LibreNmsError(422, "Devices can only be set on a static group");
      group.devices = this.deviceIds(body.devices);
    }
    return group;
  }

  deleteGroup(nameOrId: string): DeviceGroup {
    const group = this.group(nameOrId);
    this.groups.delete(group.id);
    return group;
  }

  private find(hostnameOrId: string): DeviceRow | undefined {
    if (/^\d+$/.test(hostnameOrId) && this.devices.has(Number(hostnameOrId)))
      return this.devices.get(Number(hostnameOrId));
    return [...this.devices.values()].find((d) => d.hostname === hostnameOrId);
  }

  private deviceIds(value: unknown): Set<number> {
    if (value === undefined) return new Set();
    if (!Array.isArray(value)) throw new LibreNmsError(422, "The devices must be an array.");
    for (const id of value)
      if (!this.devices.has(Number(id))) throw new LibreNmsError(422, `The selected devices.${id} is invalid.`);
    return new Set(value.map(Number));
  }
}

import { bool, type Field, int, set, text } from "./fields";

/**
 * A LibreNMS object as data: where it lives in the API, how it is updated, and which column holds
 * each managed field. The generic engine (object-engine.ts) does the rest. An object's Pulumi id is
 * LibreNMS's own id of it, which every path takes in place of a name.
 */
export interface LibreNmsObject {
  type: string;
  /** The list an add is posted to. */
  collection: string;
  /** The object's path, `{id}` its LibreNMS id. */
  item: string;
  /**
   * How a change is sent: a device's PATCH takes `field` and `data` arrays side by side, a
   * group's the changed keys themselves.
   */
  update: "field-data" | "keys";
  /**
   * Where an add's answer gives the new object's id; absent where it gives none (add_device answers
   * a sentence), and the object is then found in its collection by its name.
   */
  createdId?: string;
  /** The column of a listed object that holds its id. */
  idColumn: string;
  /** The field that names the object in its collection: what finds it after an add that gave no id. */
  nameField: string;
  /**
   * How the object is read: its own path answers it as the first of a list (a device's `devices`),
   * or it is found by id in its collection's list, its own path answering its members (a group's).
   */
  read: { list: string } | { listedAs: string; members: { column: string; list: string; id: string } };
  /** What the object is called in errors: "device MTK-1 (192.168.255.1)". */
  describe(props: Record<string, unknown>, id?: string): string;
  fields: Record<string, Field>;
}

export interface TypedLibreNmsObject<F extends Record<string, Field>> extends LibreNmsObject {
  fields: F;
}

export function libreNmsObject<const F extends Record<string, Field>>(
  declaration: TypedLibreNmsObject<F>,
): TypedLibreNmsObject<F> {
  return declaration;
}

/**
 * A device LibreNMS polls: its address, SNMPv3 credentials and where it is; or, with SNMP off, a
 * device it pings. `forceAdd` registers a device that does not answer yet (a VM still booting).
 */
export const device = libreNmsObject({
  type: "Device",
  collection: "devices",
  item: "devices/{id}",
  update: "field-data",
  idColumn: "device_id",
  nameField: "hostname",
  read: { list: "devices" },
  describe: (props, id) => `device ${props.display ?? props.hostname} (${props.hostname}${id ? `, id ${id}` : ""})`,
  fields: {
    hostname: text({ column: "hostname", required: true, replaceOnChange: true }),
    display: text({ column: "display", default: "" }),
    snmpVersion: text({ column: "snmpver", addAs: "version", default: "v2c" }),
    port: int({ column: "port", default: "161" }),
    transport: text({ column: "transport", default: "udp" }),
    pollerGroup: int({ column: "poller_group", default: "0" }),
    authLevel: text({ column: "authlevel", default: "" }),
    authName: text({ column: "authname", default: "" }),
    authPass: text({ column: "authpass", default: "", secret: true }),
    authAlgo: text({ column: "authalgo", default: "" }),
    cryptoPass: text({ column: "cryptopass", default: "", secret: true }),
    cryptoAlgo: text({ column: "cryptoalgo", default: "" }),
    snmpDisable: bool({ column: "snmp_disable", default: "false" }),
    location: text({ column: "location", default: "" }),
    forceAdd: bool({ addAs: "force_add", addOnly: true }),
    deviceId: int({ column: "device_id", readOnly: true }),
  },
});

/** A static device group: the devices listed, by their LibreNMS ids. */
export const deviceGroup = libreNmsObject({
  type: "DeviceGroup",
  collection: "devicegroups",
  item: "devicegroups/{id}",
  update: "keys",
  createdId: "id",
  idColumn: "id",
  nameField: "name",
  read: { listedAs: "groups", members: { column: "devices", list: "devices", id: "device_id" } },
  describe: (props, id) => `device group ${props.name}${id ? ` (id ${id})` : ""}`,
  fields: {
    name: text({ column: "name", required: true }),
    desc: text({ column: "desc", default: "" }),
    type: text({ column: "type", default: "static", replaceOnChange: true }),
    devices: set({ column: "devices", default: "[]", ids: true }),
  },
});

export const objects: Readonly<Record<string, LibreNmsObject>> = {
  [device.type]: device,
  [deviceGroup.type]: deviceGroup,
};

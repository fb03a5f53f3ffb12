/**
 * LibreNMS's API v0 as its documentation describes it (doc/API/Devices.md, doc/API/DeviceGroups.md
 * and doc/API/index.md of librenms/librenms; LibreNMS publishes no machine-readable schema): the
 * routes the lab serves, and the values the device fields take. Behaviour lives in librenms.ts.
 */

export type Operation =
  | "list_devices"
  | "add_device"
  | "get_device"
  | "update_device_field"
  | "del_device"
  | "get_devicegroups"
  | "add_devicegroup"
  | "get_devices_by_group"
  | "update_devicegroup"
  | "delete_devicegroup";

/**
 * The ability a route's middleware asks of the token's user (routes/api.php: `can:global-read`,
 * `can:admin`, or "restricted by access", which a global-read user passes for every device).
 */
export type Ability = "global-read" | "admin";

interface Route {
  method: string;
  /** The documented route, `:name` a path parameter. */
  route: string;
  operation: Operation;
  ability: Ability;
}

export const ROUTES: readonly Route[] = [
  { method: "GET", route: "/api/v0/devices", operation: "list_devices", ability: "global-read" },
  { method: "POST", route: "/api/v0/devices", operation: "add_device", ability: "admin" },
  { method: "GET", route: "/api/v0/devices/:hostname", operation: "get_device", ability: "global-read" },
  { method: "PATCH", route: "/api/v0/devices/:hostname", operation: "update_device_field", ability: "admin" },
  { method: "DELETE", route: "/api/v0/devices/:hostname", operation: "del_device", ability: "admin" },
  { method: "GET", route: "/api/v0/devicegroups", operation: "get_devicegroups", ability: "global-read" },
  { method: "POST", route: "/api/v0/devicegroups", operation: "add_devicegroup", ability: "admin" },
  { method: "GET", route: "/api/v0/devicegroups/:name", operation: "get_devices_by_group", ability: "global-read" },
  { method: "PATCH", route: "/api/v0/devicegroups/:name", operation: "update_devicegroup", ability: "admin" },
  { method: "DELETE", route: "/api/v0/devicegroups/:name", operation: "delete_devicegroup", ability: "admin" },
];

/** The operation a request is for, with its path parameters; undefined when no route matches. */
export function matchRoute(
  method: string,
  path: string,
): { operation: Operation; ability: Ability; params: Record<string, string> } | "method" | undefined {
  let pathMatched = false;
  for (const route of ROUTES) {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${route.route.replace(/:([a-z_]+)/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      })}/?$`,
    );
    const found = pattern.exec(path);
    if (!found) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    return {
      operation: route.operation,
      ability: route.ability,
      params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1])])),
    };
  }
  return pathMatched ? "method" : undefined;
}

/** The values LibreNMS takes for a device's SNMP settings (add_device's documented inputs). */
export const DEVICE_VALUES = {
  version: ["v1", "v2c", "v3"],
  transport: ["udp", "tcp", "udp6", "tcp6"],
  authlevel: ["noAuthNoPriv", "authNoPriv", "authPriv"],
  authalgo: ["MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"],
  cryptoalgo: ["DES", "AES", "AES-192", "AES-256", "AES-256-C"],
  port_association_mode: ["ifIndex", "ifName", "ifDescr", "ifAlias"],
} as const;

/** The columns of a device row that update_device_field may set. */
export const UPDATABLE_COLUMNS = [
  "display",
  "snmpver",
  "port",
  "transport",
  "poller_group",
  "community",
  "authlevel",
  "authname",
  "authpass",
  "authalgo",
  "cryptopass",
  "cryptoalgo",
  "snmp_disable",
  "location",
  "disabled",
  "ignore",
  "notes",
  "purpose",
  "override_sysLocation",
  "port_association_mode",
  "os",
  "hardware",
  "icon",
];

/** Columns update_device_field refuses to touch. */
export const FIXED_COLUMNS = ["device_id", "hostname"];

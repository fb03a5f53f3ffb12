import { type JsonAnswer, JsonApiLab, type JsonApiLabOptions, type JsonRequest } from "../json-api-lab";
import { matchRoute } from "./api";
import { LibreNms, LibreNmsError } from "./librenms";

export interface LibreNmsLabOptions extends JsonApiLabOptions {
  /** API tokens that may call, as LibreNMS's `X-Auth-Token`: an admin's. */
  tokens: readonly string[];
  /** Tokens of a user whose role is global-read: every read, no write. */
  readOnlyTokens?: readonly string[];
  librenms?: LibreNms;
}

type Json = Record<string, unknown>;

const ok = (fields: Json): JsonAnswer => ({ status: 200, body: { status: "ok", ...fields } });

/**
 * LibreNMS's API v0 over HTTP on loopback: the token, the documented routes and their
 * `{"status": …, "message": …}` answers, before the behaviour in `LibreNms` runs.
 */
export class LibreNmsLab extends JsonApiLab {
  readonly librenms: LibreNms;

  constructor(private readonly options: LibreNmsLabOptions) {
    super("librenms", options);
    this.librenms = options.librenms ?? new LibreNms();
  }

  /** The API's base URL, as a stack's `monitoring.endpoint` names it. */
  get endpoint(): string {
    return `${this.origin}/api/v0`;
  }

  protected internalError(message: string): unknown {
    return { status: "error", message: `internal error in the lab: ${message}` };
  }

  protected answer({ method, path, headers, text }: JsonRequest): JsonAnswer {
    const token = headers["x-auth-token"];
    const admin = typeof token === "string" && this.options.tokens.includes(token);
    const reader = typeof token === "string" && (this.options.readOnlyTokens ?? []).includes(token);
    if (!admin && !reader) return { status: 401, body: { message: "Unauthenticated." } };
    const matched = matchRoute(method, path);
    if (matched === "method")
      return { status: 405, body: { message: `The ${method} method is not supported for route ${path}.` } };
    if (!matched) return { status: 404, body: { message: "Not Found" } };
    // Laravel's `can:` middleware refuses with its AuthorizationException, before the controller.
    if (matched.ability === "admin" && !admin)
      return { status: 403, body: { message: "This action is unauthorized." } };
    let body: Json | null = null;
    if (method === "POST" || method === "PATCH") {
      try {
        body = text === "" ? null : (JSON.parse(text) as Json);
      } catch {
        body = null;
      }
    }
    this.received.push({ method, path, ...(body === null ? {} : { body }) });
    try {
      return this.run(matched.operation, matched.params, body);
    } catch (error) {
      if (error instanceof LibreNmsError)
        return { status: error.status, body: { status: "error", message: error.message } };
      throw error;
    }
  }

  private run(operation: string, params: Record<string, string>, body: Json | null): JsonAnswer {
    const { librenms } = this;
    switch (operation) {
      case "list_devices": {
        const devices = librenms.listDevices();
        return ok({ count: devices.length, devices });
      }
      case "add_device": {
        const device = librenms.addDevice(body);
        // The documented answer: a sentence, no device.
        return {
          status: 201,
          body: {
            status: "ok",
            message: `Device ${device.hostname} (${device.device_id}) has been added successfully`,
          },
        };
      }
      case "get_device":
        return ok({ devices: [librenms.device(params.hostname)] });
      case "update_device_field":
        return ok({ message: librenms.updateDevice(params.hostname, body) });
      case "del_device": {
        const device = librenms.deleteDevice(params.hostname);
        return ok({ message: `Removed device ${device.hostname}\n`, devices: [device] });
      }
      case "get_devicegroups": {
        const groups = librenms.listGroups();
        return ok({ groups, message: `Found ${groups.length} device groups`, count: groups.length });
      }
      case "add_devicegroup": {
        const group = librenms.addGroup(body);
        return { status: 201, body: { status: "ok", id: group.id, message: `Device group ${group.name} created` } };
      }
      case "get_devices_by_group": {
        const group = librenms.group(params.name);
        const devices = [...group.devices].map((device_id) => ({ device_id }));
        return ok({
          devices,
          message: `Found ${devices.length} devices in group ${group.name}`,
          count: devices.length,
        });
      }
      case "update_devicegroup": {
        const group = librenms.updateGroup(params.name, body);
        return ok({ message: `Device group ${group.name} updated` });
      }
      default: {
        const group = librenms.deleteGroup(params.name);
        return ok({ message: `Device group ${group.name} deleted` });
      }
    }
  }
}

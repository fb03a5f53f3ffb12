import { type JsonAnswer, JsonApiLab, type JsonApiLabOptions, type JsonRequest } from "../json-api-lab";

/** What a system's power is, and what a reset does to it: the machine behind the BMC. */
export interface PoweredMachine {
  isOn(system: string): boolean;
  /** Throws when the lab cannot do it, with the reason. */
  powerOff(system: string): void;
  powerOn(system: string): void;
}

export interface RedfishLabOptions extends JsonApiLabOptions {
  /** The systems (hypervisors) the BMC service manages, by id. */
  systems: readonly string[];
  machine: PoweredMachine;
  /** HTTP Basic credentials, as a BMC's local account. */
  user: string;
  password: string;
}

/** The resets the lab's systems take, as `ResetType@Redfish.AllowableValues` lists them. */
const RESET_TYPES = ["On", "ForceOff", "ForceRestart"] as const;

/** A Base message registry message (DMTF DSP8011), as a Redfish error carries it. */
function error(status: number, messageId: string, message: string, resolution: string): JsonAnswer {
  const id = `Base.1.16.${messageId}`;
  return {
    status,
    body: {
      error: {
        code: id,
        message,
        "@Message.ExtendedInfo": [{ MessageId: id, Message: message, Severity: "Critical", Resolution: resolution }],
      },
    },
  };
}

const missingAt = (path: string) =>
  error(
    404,
    "ResourceMissingAtURI",
    `The resource at the URI '${path}' was not found.`,
    "Place a valid resource at the URI or correct the URI and resubmit the request.",
  );

/**
 * The hypervisors' BMCs as one Redfish service (DMTF DSP0266), as an operator cuts a server's power
 * from its out-of-band management: the service root, the systems with their `PowerState`, and the
 * `ComputerSystem.Reset` action. A power cut is PVE's node dying, not a shutdown: nothing is told.
 */
export class RedfishLab extends JsonApiLab {
  constructor(private readonly options: RedfishLabOptions) {
    super("redfish", options);
  }

  /** The service's base URL, without a path. */
  get endpoint(): string {
    return this.origin;
  }

  protected internalError(message: string): unknown {
    return error(
      500,
      "InternalError",
      `The request failed due to an internal service error: ${message}`,
      "Resubmit the request.",
    ).body;
  }

  protected answer({ method, path, headers, text }: JsonRequest): JsonAnswer {
    const expected = `Basic ${Buffer.from(`${this.options.user}:${this.options.password}`).toString("base64")}`;
    if (headers.authorization !== expected) {
      return error(
        401,
        "InsufficientPrivilege",
        "There are insufficient privileges for the account or credentials associated with the current session to perform the requested operation.",
        "Either abandon the operation or change the associated access rights and resubmit the request if the operation failed.",
      );
    }
    const at = path.replace(/\/$/, "");
    if (at === "/redfish/v1" && method === "GET") {
      return {
        status: 200,
        body: {
          "@odata.id": "/redfish/v1",
          "@odata.type": "#ServiceRoot.v1_17_0.ServiceRoot",
          Id: "RootService",
          Name: "Root Service",
          RedfishVersion: "1.20.0",
          Systems: { "@odata.id": "/redfish/v1/Systems" },
        },
      };
    }
    if (at === "/redfish/v1/Systems" && method === "GET") {
      return {
        status: 200,
        body: {
          "@odata.id": "/redfish/v1/Systems",
          "@odata.type": "#ComputerSystemCollection.ComputerSystemCollection",
          Name: "Computer System Collection",
          "Members@odata.count": this.options.systems.length,
          Members: this.options.systems.map((id) => ({ "@odata.id": `/redfish/v1/Systems/${id}` })),
        },
      };
    }
    const [, system, action] = /^\/redfish\/v1\/Systems\/([^/]+)(\/Actions\/ComputerSystem\.Reset)?$/.exec(at) ?? [];
    if (!system || !this.options.systems.includes(system)) return missingAt(path);
    if (!action) {
      if (method !== "GET")
        return error(405, "OperationNotAllowed", "The HTTP method is not allowed on this resource.", "None.");
      return { status: 200, body: this.systemResource(system) };
    }
    if (method !== "POST")
      return error(405, "OperationNotAllowed", "The HTTP method is not allowed on this resource.", "None.");
    return this.reset(system, text);
  }

  private systemResource(id: string) {
    const target = `/redfish/v1/Systems/${id}/Actions/ComputerSystem.Reset`;
    return {
      "@odata.id": `/redfish/v1/Systems/${id}`,
      "@odata.type": "#ComputerSystem.v1_22_0.ComputerSystem",
      Id: id,
      Name: id,
      HostName: id,
      SystemType: "Physical",
      PowerState: this.options.machine.isOn(id) ? "On" : "Off",
      Actions: { "#ComputerSystem.Reset": { target, "ResetType@Redfish.AllowableValues": [...RESET_TYPES] } },
    };
  }

  private reset(system: string, text: string): JsonAnswer {
    let body: { ResetType?: unknown };
    try {
      body = JSON.parse(text || "{}");
    } catch {
      return error(
        400,
        "MalformedJSON",
        "The request body submitted was malformed JSON and could not be parsed by the receiving service.",
        "Ensure that the request body is valid JSON and resubmit the request.",
      );
    }
    const type = body.ResetType;
    if (type === undefined) {
      return error(
        400,
        "ActionParameterMissing",
        "The action ComputerSystem.Reset requires the parameter ResetType to be present in the request body.",
        "Supply the action with the required parameter in the request body when the request is resubmitted.",
      );
    }
    if (!RESET_TYPES.includes(type as (typeof RESET_TYPES)[number])) {
      return error(
        400,
        "ActionParameterValueNotInList",
        `The value '${String(type)}' for the parameter ResetType in the action ComputerSystem.Reset is not in the list of acceptable values.`,
        "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed.",
      );
    }
    const { machine } = this.options;
    try {
      // A reset to the state the system is in changes nothing.
      if ((type === "ForceOff" || type === "ForceRestart") && machine.isOn(system)) machine.powerOff(system);
      if ((type === "On" || type === "ForceRestart") && !machine.isOn(system)) machine.powerOn(system);
    } catch (refused) {
      return error(
        409,
        "ActionNotSupported",
        `The action ComputerSystem.Reset is not supported by the resource: ${(refused as Error).message}.`,
        "The action supplied cannot be resubmitted to the implementation.  Perhaps the action was invalid, the wrong resource was the target or the implementation documentation may be of assistance.",
      );
    }
    return { status: 204, body: undefined };
  }
}

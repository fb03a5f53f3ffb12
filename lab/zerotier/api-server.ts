import { type JsonAnswer, JsonApiLab, type JsonApiLabOptions, type JsonRequest } from "../json-api-lab";
import { Central, CentralError } from "./central";
import { CentralSpec, type MatchedOperation } from "./spec";

export interface CentralLabOptions extends JsonApiLabOptions {
  /** API tokens that may call; Central's "Authorization: token …" or "Bearer …". */
  tokens: readonly string[];
  central?: Central;
  spec?: CentralSpec;
}

type Json = Record<string, unknown>;

/**
 * ZeroTier Central's API (`/api/v1`) over HTTP on loopback: token authentication, every request
 * checked against the spec's paths, methods and body shapes before the behaviour in `Central` runs.
 */
export class CentralLab extends JsonApiLab {
  readonly central: Central;
  private readonly spec: CentralSpec;

  constructor(private readonly options: CentralLabOptions) {
    super("zerotier", options);
    this.central = options.central ?? new Central();
    this.spec = options.spec ?? new CentralSpec();
  }

  /** The API's base URL, as a stack's `zerotier.endpoint` names it. */
  get endpoint(): string {
    return `${this.origin}/api/v1`;
  }

  protected internalError(message: string): unknown {
    return { message: `internal error in the lab: ${message}` };
  }

  protected answer({ method, path: fullPath, headers, text }: JsonRequest): JsonAnswer {
    const pathname = fullPath.replace(/^\/api\/v1(?=\/)/, "");
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
    if (!fullPath.startsWith("/api/v1/")) return { status: 404, body: { message: `${fullPath}: not found` } };
    if (token === undefined || !this.options.tokens.includes(token))
      return { status: 401, body: { message: "Authorization required" } };
    const matched = this.spec.match(method, pathname);
    if (!matched) {
      return this.spec.hasPath(pathname)
        ? { status: 405, body: { message: `${method} is not allowed on ${pathname}` } }
        : { status: 404, body: { message: `${pathname}: not found` } };
    }
    let parsed: unknown;
    if (matched.operation.body) {
      try {
        parsed = JSON.parse(text === "" ? "null" : text);
      } catch {
        return { status: 400, body: { message: "the request body is not JSON" } };
      }
      if (!matched.operation.body(parsed)) {
        const [first] = matched.operation.body.errors ?? [];
        const where = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, ".") : "body";
        return { status: 400, body: { message: `${where}: ${first?.message ?? "does not match the spec"}` } };
      }
    }
    this.received.push({ method, path: pathname, ...(parsed === undefined ? {} : { body: parsed }) });
    try {
      return { status: 200, body: this.run(matched, parsed as Json) };
    } catch (error) {
      if (error instanceof CentralError) return { status: error.status, body: { message: error.message } };
      throw error;
    }
  }

  private run({ operation, params }: MatchedOperation, body: Json): unknown {
    const { networkID, memberID } = params;
    switch (operation.id) {
      case "getStatus":
        return {
          id: "central_status",
          type: "CentralStatus",
          clock: Date.now(),
          version: "1.6.5",
          apiVersion: "4",
          readOnlyMode: false,
        };
      case "getNetworkList":
        return this.central.listNetworks();
      case "newNetwork":
        return this.central.createNetwork(body);
      case "getNetworkByID":
        return this.central.network(networkID);
      case "updateNetwork":
        return this.central.updateNetwork(networkID, body);
      case "deleteNetwork":
        this.central.deleteNetwork(networkID);
        return {};
      case "getNetworkMemberList":
        return this.central.listMembers(networkID);
      case "getNetworkMember":
        return this.central.member(networkID, memberID);
      case "updateNetworkMember":
        return this.central.updateMember(networkID, memberID, body);
      case "deleteNetworkMember":
        this.central.deleteMember(networkID, memberID);
        return {};
      default:
        // Users, tokens, organizations and invitations: real paths the lab has no behaviour for.
        throw new CentralError(403, `${operation.id} is not served by the lab`);
    }
  }
}

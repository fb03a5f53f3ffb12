import { ApiConnectionLost, ApiRequestError, apiBase, exchange, saidIn } from "../shared/json-client";

/** Where ZeroTier Central's API is, and the token it takes. */
export interface CentralEndpoint {
  /** The API's base URL, `https://api.zerotier.com/api/v1` for ZeroTier's own Central. */
  url: string;
  token: string;
}

export const ZEROTIER_CENTRAL_URL = "https://api.zerotier.com/api/v1";

/** What Central said no with, naming the object asked about. */
export const CentralRequestError = ApiRequestError;
/** The connection went before Central answered: the request may or may not have been carried out. */
export const CentralConnectionLost = ApiConnectionLost;

type Json = Record<string, unknown>;

/**
 * ZeroTier Central's API (networks and their members, by the paths the declarations give). Every
 * error names the object it was about and what Central answered; a token is sent only over HTTPS,
 * or over plain HTTP to this machine (the lab's Central).
 */
export class CentralClient {
  private readonly base: URL;

  constructor(private readonly endpoint: CentralEndpoint) {
    this.base = apiBase("ZeroTier Central", endpoint.url);
  }

  /** An object, or a list of them; undefined when Central does not know it. */
  async get<T = Json>(path: string, what: string): Promise<T | undefined> {
    try {
      return await this.request<T>("GET", path, undefined, what);
    } catch (error) {
      if (error instanceof CentralRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Creates or writes an object; Central makes a member it does not know yet (its device has not joined). */
  post(path: string, body: Json, what: string): Promise<Json> {
    return this.request("POST", path, body, what);
  }

  async delete(path: string, what: string): Promise<void> {
    await this.request("DELETE", path, undefined, what);
  }

  private async request<T>(method: string, path: string, body: Json | undefined, what: string): Promise<T> {
    const answer = await exchange({
      where: `ZeroTier Central at ${this.endpoint.url}`,
      url: new URL(path, this.base),
      method,
      headers: { authorization: `token ${this.endpoint.token}` },
      body,
      what,
    });
    if (!answer.ok) {
      throw new ApiRequestError(
        answer.status,
        `ZeroTier Central: ${what}: ${answer.status} ${saidIn(answer.text)}`.trim(),
      );
    }
    return (answer.text === "" ? {} : JSON.parse(answer.text)) as T;
  }
}

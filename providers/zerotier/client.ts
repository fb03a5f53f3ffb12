/** Where ZeroTier Central's API is, and the token it takes. */
export interface CentralEndpoint {
  /** The API's base URL, `https://api.zerotier.com/api/v1` for ZeroTier's own Central. */
  url: string;
  token: string;
}

export const ZEROTIER_CENTRAL_URL = "https://api.zerotier.com/api/v1";

/** What Central said no with, naming the object asked about. */
export class CentralRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The connection went before Central answered: the request may or may not have been carried out. */
export class CentralConnectionLost extends Error {}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

type Json = Record<string, unknown>;

/**
 * ZeroTier Central's API (networks and their members, by the paths the declarations give). Every
 * error names the object it was about and what Central answered; a token is sent only over HTTPS,
 * or over plain HTTP to this machine (the lab's Central).
 */
export class CentralClient {
  private readonly base: URL;

  constructor(private readonly endpoint: CentralEndpoint) {
    this.base = new URL(endpoint.url.endsWith("/") ? endpoint.url : `${endpoint.url}/`);
    if (this.base.protocol !== "https:" && !(this.base.protocol === "http:" && LOOPBACK.has(this.base.hostname))) {
      throw new Error(
        `ZeroTier Central at ${endpoint.url}: the API token is sent over HTTPS only (plain HTTP to this machine alone)`,
      );
    }
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
    const url = new URL(path, this.base);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `token ${this.endpoint.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? String(error);
      const where = `ZeroTier Central at ${this.endpoint.url}: ${what}`;
      // Refused means nothing was sent; any other failure may come after Central carried it out.
      if (cause?.code === "ECONNREFUSED" || cause?.code === "ENOTFOUND") throw new Error(`${where}: ${reason}`);
      throw new CentralConnectionLost(
        `${where}: connection lost (${reason}); the request may or may not have been carried out`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let said = text;
      try {
        said = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        // Not JSON: what Central said is the text itself.
      }
      throw new CentralRequestError(response.status, `ZeroTier Central: ${what}: ${response.status} ${said}`.trim());
    }
    return (text === "" ? {} : JSON.parse(text)) as T;
  }
}

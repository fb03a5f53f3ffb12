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

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

type Json = Record<string, unknown>;

/**
 * ZeroTier Central's API: networks and their members. Every error names the object it was about
 * and what Central answered; a token is sent only over HTTPS, or over plain HTTP to this machine
 * (the lab's Central).
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

  createNetwork(body: Json, what: string): Promise<Json> {
    return this.request("POST", "network", body, what);
  }

  network(id: string, what = `network ${id}`): Promise<Json | undefined> {
    return this.found(this.request("GET", `network/${id}`, undefined, what));
  }

  updateNetwork(id: string, body: Json, what = `network ${id}`): Promise<Json> {
    return this.request("POST", `network/${id}`, body, what);
  }

  async deleteNetwork(id: string, what = `network ${id}`): Promise<void> {
    await this.request("DELETE", `network/${id}`, undefined, what);
  }

  members(networkId: string): Promise<Json[]> {
    return this.request("GET", `network/${networkId}/member`, undefined, `members of network ${networkId}`);
  }

  member(networkId: string, nodeId: string, what = memberName(networkId, nodeId)): Promise<Json | undefined> {
    return this.found(this.request("GET", `network/${networkId}/member/${nodeId}`, undefined, what));
  }

  /** Writes a member, making it if Central does not know it yet (its device has not joined). */
  updateMember(networkId: string, nodeId: string, body: Json, what = memberName(networkId, nodeId)): Promise<Json> {
    return this.request("POST", `network/${networkId}/member/${nodeId}`, body, what);
  }

  async deleteMember(networkId: string, nodeId: string, what = memberName(networkId, nodeId)): Promise<void> {
    await this.request("DELETE", `network/${networkId}/member/${nodeId}`, undefined, what);
  }

  private async found(answer: Promise<Json>): Promise<Json | undefined> {
    try {
      return await answer;
    } catch (error) {
      if (error instanceof CentralRequestError && error.status === 404) return undefined;
      throw error;
    }
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
      throw new Error(
        `ZeroTier Central at ${this.endpoint.url}: ${what}: ${cause?.code ?? cause?.message ?? String(error)}`,
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

const memberName = (networkId: string, nodeId: string) => `member ${nodeId} of network ${networkId}`;

import { ApiConnectionLost, ApiRequestError, apiBase, exchange, saidIn } from "../shared/json-client";
import type { TlsTrust } from "../shared/tls";
import { missingWriteCredentials } from "../shared/write-credentials";

/** Where LibreNMS's API is, and the token it takes. */
export interface LibreNmsEndpoint {
  /** The API's base URL: `https://librenms.example.net/api/v0`. */
  url: string;
  token: string;
  /** How LibreNMS's certificate is trusted (the stack's `monitoring.tls`). */
  tls?: TlsTrust;
}

export { ApiConnectionLost as LibreNmsConnectionLost, ApiRequestError as LibreNmsRequestError };

export type Json = Record<string, unknown>;

/**
 * LibreNMS's API v0: every answer is `{"status": "ok" | "error", "message": …, …}`. Every error
 * names the object it was about and what LibreNMS said; the token (`X-Auth-Token`) is sent only
 * over HTTPS, or over plain HTTP to this machine (the lab's LibreNMS).
 */
export class LibreNmsClient {
  private readonly base: URL;

  constructor(private readonly endpoint: LibreNmsEndpoint) {
    this.base = apiBase("LibreNMS", endpoint.url);
  }

  /** An answer, or undefined when LibreNMS does not know the object (404). */
  async get(path: string, what: string): Promise<Json | undefined> {
    try {
      return await this.request("GET", path, undefined, what);
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  request(method: string, path: string, body: Json | undefined, what: string): Promise<Json> {
    return exchange({
      where: `LibreNMS at ${this.endpoint.url}`,
      url: new URL(path, this.base),
      method,
      headers: { "x-auth-token": this.endpoint.token, accept: "application/json" },
      body,
      what,
      tls: this.endpoint.tls,
    }).then(({ status, ok, text }) => {
      let answer: Json = {};
      try {
        answer = text === "" ? {} : (JSON.parse(text) as Json);
      } catch {
        // Not JSON (a proxy's page): what LibreNMS said is the text itself.
      }
      if (!ok || answer.status === "error") {
        const missing = status === 403 ? missingWriteCredentials("librenms") : undefined;
        const said = `LibreNMS: ${what}: ${status} ${saidIn(text)}`.trim();
        throw new ApiRequestError(status, missing ? `${said}: ${missing}` : said);
      }
      return answer;
    });
  }
}

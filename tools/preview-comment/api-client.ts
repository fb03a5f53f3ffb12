import { STATUS_CODES } from "node:http";
import { PreviewCommentError } from "./errors";

/** What an API needs to be called, and to explain a refusal in terms the person fixing it can act on. */
export interface ApiSettings {
  /** "GitLab" or "GitHub", as the messages name it. */
  name: string;
  headers: Record<string, string>;
  /** The variable the token comes from. */
  tokenVariable: string;
  /** The scope or permission the token needs, for a 403. */
  permission: string;
}

/** A JSON API over fetch, with pagination by `Link` headers and errors that say what to do. */
export class ApiClient {
  constructor(private readonly settings: ApiSettings) {}

  async request<T>(method: string, url: string, body?: unknown): Promise<T> {
    return (await this.send(method, url, body)).json() as Promise<T>;
  }

  /** Every page of a list, following `rel="next"` as both GitLab and GitHub send it. */
  async listAll<T>(url: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = url;
    while (next) {
      const response = await this.send("GET", next);
      items.push(...((await response.json()) as T[]));
      next = nextPage(response.headers.get("link"));
    }
    return items;
  }

  private async send(method: string, url: string, body?: unknown): Promise<Response> {
    const headers = {
      // GitHub refuses a request without one; GitLab's logs show it.
      "User-Agent": "budgetcloud-preview-comment",
      ...this.settings.headers,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    };
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new PreviewCommentError(`${this.settings.name} API: cannot reach ${url}: ${cause}`);
    }
    if (!response.ok) throw new PreviewCommentError(await this.refusal(method, url, response));
    return response;
  }

  private async refusal(method: string, url: string, response: Response): Promise<string> {
    const { name, tokenVariable, permission } = this.settings;
    const status = `${response.status} ${STATUS_CODES[response.status] ?? response.statusText}`;
    const said = await serverMessage(response);
    const reason =
      response.status === 401
        ? `: the token in ${tokenVariable} was refused (expired, revoked or mistyped)`
        : response.status === 403
          ? `: the token in ${tokenVariable} lacks permission; it needs ${permission}`
          : "";
    return `${name} API: ${status} on ${method} ${url}${reason}.${said ? ` ${name} said: ${said}` : ""}`;
  }
}

function nextPage(link: string | null): string | undefined {
  return link?.split(",").flatMap((part) => /<([^>]+)>\s*;\s*rel="next"/.exec(part)?.[1] ?? [])[0];
}

/** The API's own words: GitHub and GitLab put them in `message`, GitLab's OAuth layer in `error_description`. */
async function serverMessage(response: Response): Promise<string> {
  const text = (await response.text()).trim();
  try {
    const body = JSON.parse(text) as { message?: unknown; error_description?: unknown; error?: unknown };
    const words = body.message ?? body.error_description ?? body.error;
    if (words !== undefined) return typeof words === "string" ? words : JSON.stringify(words);
  } catch {
    // Not JSON: a proxy's page, or plain text; its start is still the best explanation there is.
  }
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

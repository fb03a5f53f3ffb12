/** What an API said no with, naming the object asked about. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The connection went before the API answered: the request may or may not have been carried out. */
export class ApiConnectionLost extends Error {}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * An API's base URL, refused unless a token sent to it is safe: HTTPS, or plain HTTP to this
 * machine alone (the lab's emulators).
 */
export function apiBase(service: string, url: string): URL {
  const base = new URL(url.endsWith("/") ? url : `${url}/`);
  if (base.protocol !== "https:" && !(base.protocol === "http:" && LOOPBACK.has(base.hostname))) {
    throw new Error(`${service} at ${url}: the API token is sent over HTTPS only (plain HTTP to this machine alone)`);
  }
  return base;
}

export interface JsonExchange {
  /** The service, as errors name it: "ZeroTier Central at https://…". */
  where: string;
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
  /** What the request is about, as errors name it. */
  what: string;
}

/**
 * One request of a JSON API: its status and text, or an error that says whether it may have been
 * carried out (ApiConnectionLost) or certainly was not.
 */
export async function exchange(request: JsonExchange): Promise<{ status: number; ok: boolean; text: string }> {
  const { where, url, method, headers, body, what } = request;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? String(error);
    // Refused means nothing was sent; any other failure may come after the API carried it out.
    if (cause?.code === "ECONNREFUSED" || cause?.code === "ENOTFOUND") throw new Error(`${where}: ${what}: ${reason}`);
    throw new ApiConnectionLost(
      `${where}: ${what}: connection lost (${reason}); the request may or may not have been carried out`,
    );
  }
  return { status: response.status, ok: response.ok, text: await response.text() };
}

/** An error body's `message`, or the text itself when it is not JSON. */
export function saidIn(text: string): string {
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text;
  }
}

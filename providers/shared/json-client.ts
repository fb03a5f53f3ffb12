import * as http from "node:http";
import * as https from "node:https";
import type { ConnectionOptions } from "node:tls";
import { type TlsTrust, verifiedTlsOptions } from "./tls";

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
  /** How the API's certificate is trusted (the stack's `tls`); the system's CAs without it. */
  tls?: TlsTrust;
}

/** Connection failures that come before anything is sent: the request was certainly not carried out. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * One request of a JSON API: its status and text, or an error that says whether it may have been
 * carried out (ApiConnectionLost) or certainly was not.
 */
export async function exchange(request: JsonExchange): Promise<{ status: number; ok: boolean; text: string }> {
  const { where, url, what } = request;
  let options: ConnectionOptions = {};
  if (url.protocol === "https:" && request.tls) {
    try {
      options = await trustOf(url, request.tls);
    } catch (error) {
      // Refused at the handshake of our own: nothing was sent.
      throw new Error(`${where}: ${what}: ${(error as Error).message}`);
    }
  }
  try {
    return await send(request, options);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = code ?? message;
    if (code && NOT_SENT.has(code)) throw new Error(`${where}: ${what}: ${code}`);
    // A certificate refused means nothing was sent either; Node's message says why.
    if (isCertificateError(error)) throw new Error(`${where}: ${what}: ${message}`);
    throw new ApiConnectionLost(
      `${where}: ${what}: connection lost (${reason}); the request may or may not have been carried out`,
    );
  }
}

/** The TLS options of an endpoint, worked out on its first request and kept for the process. */
const trusted = new Map<string, Promise<ConnectionOptions>>();

function trustOf(url: URL, tls: TlsTrust): Promise<ConnectionOptions> {
  const port = Number(url.port || 443);
  const cacheKey = JSON.stringify([url.hostname, port, tls]);
  let options = trusted.get(cacheKey);
  if (!options) {
    options = verifiedTlsOptions(url.hostname.replace(/^\[|\]$/g, ""), port, tls);
    // A refusal is not kept: the next request looks again.
    options.catch(() => trusted.delete(cacheKey));
    trusted.set(cacheKey, options);
  }
  return options;
}

function send(request: JsonExchange, tls: ConnectionOptions): Promise<{ status: number; ok: boolean; text: string }> {
  const { url, method, headers, body } = request;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const sent = { ...headers, ...(payload === undefined ? {} : { "content-type": "application/json" }) };
  return new Promise((resolve, reject) => {
    const respond = (response: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const status = response.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString("utf8") });
      });
    };
    const outgoing =
      url.protocol === "https:"
        ? https.request(url, { method, headers: sent, ...tls }, respond)
        : http.request(url, { method, headers: sent }, respond);
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

function isCertificateError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code);
}

/** An error body's `message`, or the text itself when it is not JSON. */
export function saidIn(text: string): string {
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text;
  }
}

import type { ParamObject, ParamValue } from "./validation";

/**
 * Request parameters as pve-http-server's extract_params reads them: a PUT or POST body is JSON
 * when its Content-Type says so and form-encoded otherwise, the query string comes on top, and a
 * key given twice in a form becomes a list.
 */

/** URI::Escape's uri_unescape: %XX decoded as bytes, read as UTF-8. */
export function uriUnescape(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === "%" ? /^[0-9a-fA-F]{2}$/.exec(text.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(Number.parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** decode_urlencoded: `+` is a space, a key without `=` has no value. */
function decodeUrlencoded(text: string): ParamObject {
  const params: ParamObject = {};
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const key = uriUnescape((at === -1 ? pair : pair.slice(0, at)).replace(/\+/g, " "));
    if (at === -1) {
      params[key] = null;
      continue;
    }
    const value: ParamValue = uriUnescape(pair.slice(at + 1).replace(/\+/g, " "));
    const previous = params[key];
    if (previous === undefined || previous === null) params[key] = value;
    else params[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return params;
}

export class MalformedJson extends Error {}

export function extractParams(method: string, contentType: string | undefined, body: string, query: string) {
  let params: ParamObject = {};
  if (method === "PUT" || method === "POST") {
    if ((contentType ?? "").split(";")[0].trim().toLowerCase() === "application/json") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new MalformedJson(body.slice(0, 20));
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new MalformedJson(body);
      params = parsed as ParamObject;
    } else params = decodeUrlencoded(body);
  }
  const fromQuery = decodeUrlencoded(query);
  for (const [key, value] of Object.entries(fromQuery)) params[key] = value;
  delete params._dc;
  return params;
}

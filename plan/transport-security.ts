import type { StackConfig } from "../config/schema";

const key = (path: string) => `budgetcloud:${path}`;

/**
 * What a production stack may not ask for on the way to its devices: the plain-text RouterOS API,
 * which carries the password in the clear, and TLS without verification, which hands the
 * credentials to whoever answers. QA and the lab may, on request; prod is refused, naming the key.
 */
export function insecureTransports(config: StackConfig): string[] {
  if (config.environment !== "prod") return [];
  const verify = "verify the certificate instead: pin its CA (tls.ca) or its fingerprint (tls.fingerprint)";
  const unverified = [
    { path: "routerApi.tls", tls: config.routerApi.tls, what: "the routers' API" },
    { path: "proxmox.tls", tls: config.proxmox?.tls, what: "Proxmox VE's API" },
    { path: "monitoring.tls", tls: config.monitoring?.tls, what: "LibreNMS's API" },
  ].flatMap(({ path, tls, what }) =>
    tls?.insecure
      ? [`${key(`${path}.insecure`)}: a prod stack does not skip TLS verification for ${what}; ${verify}`]
      : [],
  );
  return [
    ...(config.routerApi.plaintext
      ? [
          `${key("routerApi.plaintext")}: a prod stack reaches its routers over api-ssl (8729) only: the plain-text API (8728) carries the password in the clear`,
        ]
      : []),
    ...unverified,
  ];
}

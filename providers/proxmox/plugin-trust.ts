import * as fs from "node:fs";
import { type TlsTrust, verifiedTlsOptions } from "../shared/tls";

/**
 * Where Go looks for the system's roots on Linux when SSL_CERT_FILE is unset (crypto/x509,
 * root_linux.go): a bundle handed to the plugin keeps them, so that public CAs still verify.
 */
const SYSTEM_ROOTS = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/pki/tls/cacert.pem",
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
  "/etc/ssl/cert.pem",
];

/**
 * The roots the proxmoxve plugin verifies the cluster's API against. The plugin (Go) takes no CA
 * or fingerprint of the stack's, only `insecure`; it verifies against the system's roots, which Go
 * reads from SSL_CERT_FILE. So its bundle is the system's roots and the stack's own anchor: the
 * cluster's CA, or the certificate the stack pins, as a handshake shows it and once it matches the
 * pin. Either is checked against the API before it is handed over, so a wrong CA or pin fails here,
 * naming the stack key. Undefined where the stack verifies nothing (`insecure`).
 */
export async function pluginTrustBundle(endpoint: string, trust: TlsTrust): Promise<string | undefined> {
  if (trust.insecure || (trust.ca === undefined && trust.fingerprint === undefined)) return undefined;
  const url = new URL(endpoint);
  let anchor: string;
  try {
    const options = await verifiedTlsOptions(url.hostname, Number(url.port || 443), trust);
    anchor = String(options.ca);
  } catch (error) {
    const key = trust.fingerprint ? "budgetcloud:proxmox.tls.fingerprint" : "budgetcloud:proxmox.tls.ca";
    throw new Error(`${key}: the Proxmox API at ${url.host} does not verify: ${(error as Error).message}`);
  }
  const system = SYSTEM_ROOTS.find((file) => fs.existsSync(file));
  return `${system ? fs.readFileSync(system, "utf8").trimEnd() : ""}\n${anchor.trim()}\n`;
}

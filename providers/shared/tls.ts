import * as crypto from "node:crypto";
import { type ConnectionOptions, connect } from "node:tls";

/** How a stack trusts a device's TLS certificate. */
export interface TlsTrust {
  /** PEM of the CA that issued the device's certificate. */
  ca?: string;
  /** SHA-256 fingerprint of the device's own (often self-signed) certificate, `AB:CD:…`. */
  fingerprint?: string;
  /** Skip verification: only when the stack explicitly asks for it. */
  insecure: boolean;
}

/**
 * TLS options that trust a device the way its stack says, checked on a first handshake of our own
 * so that a refusal says why (client libraries tend to drop the reason). A pinned fingerprint is
 * compared with the certificate seen, which then becomes the only trust anchor of the real session,
 * so a certificate swapped between the two handshakes fails verification.
 */
export async function verifiedTlsOptions(host: string, port: number, trust: TlsTrust): Promise<ConnectionOptions> {
  const { ca, fingerprint, insecure } = trust;
  if (!fingerprint) {
    const options = { ca, rejectUnauthorized: !insecure };
    await handshake(host, port, options);
    return options;
  }
  const certificate = await handshake(host, port, { rejectUnauthorized: false });
  const seen = crypto.createHash("sha256").update(certificate).digest("hex").toUpperCase();
  const expected = fingerprint.replace(/:/g, "").toUpperCase();
  if (seen !== expected) {
    throw new Error(`certificate fingerprint is ${colonHex(seen)}, the stack pins ${colonHex(expected)}`);
  }
  // The pinned certificate stands for the device itself, whatever address it is reached on.
  return { ca: pemOf(certificate), rejectUnauthorized: true, checkServerIdentity: () => undefined };
}

/** Completes a TLS handshake and returns the peer's certificate (DER). */
function handshake(host: string, port: number, options: ConnectionOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ...options }, () => {
      const { raw } = socket.getPeerCertificate();
      socket.destroy();
      resolve(raw);
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error("TLS handshake timed out")));
    socket.once("error", reject);
  });
}

const pemOf = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString("base64")}\n-----END CERTIFICATE-----\n`;
const colonHex = (hex: string) => hex.match(/../g)?.join(":") ?? hex;

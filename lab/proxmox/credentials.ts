import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { generateHostKey } from "./ssh";

/**
 * The lab's keys: the API's self-signed certificate (made by openssl, like pve-ssl.pem) and each
 * node's ED25519 SSH host key. With a state directory they are kept there and reused, so the
 * fingerprints a stack pins stay the same from run to run; without one they are new each start.
 */

export interface Certificate {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by colons, as PVE shows it. */
  fingerprint: string;
}

function makeCertificate(names: readonly string[]): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "pve-lab-cert-"));
  try {
    const keyFile = path.join(dir, "pve-ssl.key");
    const certFile = path.join(dir, "pve-ssl.pem");
    const altNames = ["IP:127.0.0.1", "DNS:localhost", ...names.map((n) => `DNS:${n}`)].join(",");
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650"],
        ...["-subj", `/OU=PVE Cluster Node/O=Proxmox Virtual Environment/CN=${names[0] ?? "localhost"}`],
        ...["-addext", `subjectAltName=${altNames}`, "-keyout", keyFile, "-out", certFile],
      ],
      { stdio: "pipe" },
    );
    return { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads `file` from the state directory, or makes it and keeps it there. */
function kept<T>(
  stateDir: string | undefined,
  file: string,
  make: () => T,
  encode: (t: T) => string,
  decode: (s: string) => T,
): T {
  if (stateDir === undefined) return make();
  const at = path.join(stateDir, file);
  if (existsSync(at)) return decode(readFileSync(at, "utf8"));
  const made = make();
  mkdirSync(path.dirname(at), { recursive: true });
  writeFileSync(at, encode(made), { mode: 0o600 });
  return made;
}

/** Certificates made this run for labs without a state directory, by node list (RSA keys are slow). */
const madeThisRun = new Map<string, { key: string; cert: string }>();

function certificateFor(nodes: readonly string[]): { key: string; cert: string } {
  const key = nodes.join(",");
  let pair = madeThisRun.get(key);
  if (!pair) {
    pair = makeCertificate(nodes);
    madeThisRun.set(key, pair);
  }
  return pair;
}

export function apiCertificate(stateDir: string | undefined, nodes: readonly string[]): Certificate {
  const pair = kept(
    stateDir,
    "pve-ssl.json",
    () => certificateFor(nodes),
    (p) => JSON.stringify(p),
    (s) => JSON.parse(s) as { key: string; cert: string },
  );
  return { ...pair, fingerprint: new X509Certificate(pair.cert).fingerprint256 };
}

/** A node's private host key, in OpenSSH's format. */
export function hostKey(stateDir: string | undefined, node: string): string {
  return kept(
    stateDir,
    path.join(node, "ssh_host_ed25519_key"),
    () => generateHostKey(`root@${node}`).private,
    (k) => k,
    (k) => k,
  );
}

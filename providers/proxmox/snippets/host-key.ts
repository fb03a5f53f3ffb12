import { createHash } from "node:crypto";

/** A host key's fingerprint written as `ssh-keygen -lf` prints it: `SHA256:` and unpadded base64. */
export function sshFingerprint(hostKey: Buffer): string {
  return `SHA256:${createHash("sha256").update(hostKey).digest("base64").replace(/=+$/, "")}`;
}

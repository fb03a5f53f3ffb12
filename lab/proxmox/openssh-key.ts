import { generateKeyPairSync, randomBytes } from "node:crypto";

/**
 * ED25519 keys in OpenSSH's own format (openssh-key-v1, unencrypted), as `ssh-keygen -t ed25519`
 * writes them. Made here from node's crypto because ssh2's generator drops leading zero bytes
 * of the public key, which leaves about one key in a hundred unreadable.
 */

const sshString = (data: Buffer | string) => {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
};

const uint32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
};

function wrap(base64: string): string {
  return base64.match(/.{1,70}/g)?.join("\n") ?? "";
}

export function generateEd25519Key(comment: string): { private: string; public: string } {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  const seed = Buffer.from(jwk.d ?? "", "base64url");
  const publicKey = Buffer.from(jwk.x ?? "", "base64url");
  const publicBlob = Buffer.concat([sshString("ssh-ed25519"), sshString(publicKey)]);
  const check = randomBytes(4).readUInt32BE();
  const secret = Buffer.concat([
    uint32(check),
    uint32(check),
    sshString("ssh-ed25519"),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(comment),
  ]);
  const padding = Buffer.from(Array.from({ length: (8 - (secret.length % 8)) % 8 }, (_, i) => i + 1));
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    uint32(1),
    sshString(publicBlob),
    sshString(Buffer.concat([secret, padding])),
  ]);
  return {
    private: `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrap(body.toString("base64"))}\n-----END OPENSSH PRIVATE KEY-----\n`,
    public: `ssh-ed25519 ${publicBlob.toString("base64")} ${comment}`,
  };
}

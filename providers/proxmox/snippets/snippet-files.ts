import { createHash, randomBytes } from "node:crypto";
import * as path from "node:path";
import type { SftpSession } from "./sftp-session";

/** Proxmox reads a cicustom snippet only up to this size. */
export const maxSnippetBytes = 1024 * 1024;

// A plain name inside the snippets directory: no path, and not hidden like our temporary files.
const fileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// Snippets hold API keys: only root, which Proxmox reads them as, may read them.
const snippetMode = 0o600;

/** Where a snippet lives in a snippets directory. */
export function snippetPath(directory: string, fileName: string): string {
  if (!fileNamePattern.test(fileName)) {
    throw new Error(
      `snippet file name ${JSON.stringify(fileName)} must be letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return path.posix.join(directory, fileName);
}

export const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** The snippets directory of one hypervisor, over SFTP. */
export class SnippetFiles {
  constructor(
    private readonly node: string,
    private readonly session: SftpSession,
    private readonly directory: string,
  ) {}

  /**
   * Writes the snippet so that a reader sees the old content or the new, never a part: a temporary
   * file in the same directory, renamed over the snippet.
   */
  async upload(fileName: string, content: string): Promise<void> {
    const target = snippetPath(this.directory, fileName);
    const data = Buffer.from(content, "utf8");
    if (data.length > maxSnippetBytes) {
      throw new Error(
        `snippet ${fileName} on ${this.node} is ${data.length} bytes; Proxmox reads snippets of at most ${maxSnippetBytes} bytes (1 MiB)`,
      );
    }
    const temporary = path.posix.join(this.directory, `.${fileName}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await this.session.createFile(temporary, data, snippetMode);
      if (this.session.offersPosixRename) {
        await this.session.replace(temporary, target);
      } else {
        // SFTP's own rename will not overwrite; the snippet is missing between these two requests.
        await this.session.unlink(target);
        await this.session.rename(temporary, target);
      }
    } catch (error) {
      await this.session.unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  /** The SHA-256 of the snippet on the hypervisor, or undefined when it is not there. */
  async sha256Of(fileName: string): Promise<string | undefined> {
    const data = await this.session.readFile(snippetPath(this.directory, fileName));
    return data && sha256(data);
  }

  /** Removes the snippet; one already gone is fine. */
  async remove(fileName: string): Promise<void> {
    await this.session.unlink(snippetPath(this.directory, fileName));
  }
}

import { createHash } from "node:crypto";

/**
 * One of PVE's section-config files (storage.cfg, sdn/zones.cfg, ha/resources.cfg…): sections by
 * ID, in the order they were added, each a set of typed option values. Its digest changes with
 * every write, as the SHA-1 of the file does, so `digest=` on an update detects a concurrent change.
 */

export type SectionValue = string | number | string[];
export type Section = Record<string, SectionValue>;

export class SectionConfig {
  private readonly sections = new Map<string, Section>();

  constructor(readonly file: string) {}

  ids(): string[] {
    return [...this.sections.keys()];
  }

  get(id: string): Section | undefined {
    return this.sections.get(id);
  }

  has(id: string): boolean {
    return this.sections.has(id);
  }

  set(id: string, section: Section): void {
    this.sections.set(id, { ...section });
  }

  delete(id: string): void {
    this.sections.delete(id);
  }

  entries(): [string, Section][] {
    return [...this.sections.entries()];
  }

  /** A copy, to keep as SDN's running configuration. */
  snapshot(): SectionConfig {
    const copy = new SectionConfig(this.file);
    for (const [id, section] of this.sections) copy.set(id, section);
    return copy;
  }

  /** As `digest` in PVE's answers: 40 hex digits of SHA-1 over the file's contents. */
  digest(): string {
    const text = this.entries()
      .map(([id, { type, ...options }]) => {
        const lines = Object.entries(options).map(([key, value]) => `\t${key} ${value}\n`);
        return `${type ?? ""}: ${id}\n${lines.join("")}\n`;
      })
      .join("");
    return createHash("sha1").update(`${this.file}\n${text}`).digest("hex");
  }
}

/**
 * How the RouterOS versions the lab can emulate differ from 7.24, whose command tree is the
 * reference. Only differences the project depends on are recorded; each names the release that
 * brought it.
 */

export const DEFAULT_VERSION = "7.24";

/** RouterOS 7.18 ("console - put !empty sentence when API query returns nothing"). */
export const EMPTY_REPLY_SINCE = "7.18";

/** An argument of a menu that a release renamed: older versions accept only the old name. */
export interface ArgumentRename {
  menu: string;
  since: string;
  from: string;
  to: string;
}

export const ARGUMENT_RENAMES: readonly ArgumentRename[] = [
  // RouterOS 7.20 renamed the VXLAN interface's vrf argument to vtep-vrf.
  { menu: "interface/vxlan", since: "7.20", from: "vrf", to: "vtep-vrf" },
];

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function isAtLeast(version: string, release: string): boolean {
  return compareVersions(version, release) >= 0;
}

/** The renames that had not happened yet in `version`: their arguments still go by the old name. */
export function pendingRenames(version: string): readonly ArgumentRename[] {
  return ARGUMENT_RENAMES.filter((r) => !isAtLeast(version, r.since));
}

export function assertKnownVersion(version: string): void {
  if (!/^7\.\d+(\.\d+)?$/.test(version)) throw new Error(`unsupported RouterOS version "${version}": expected 7.x`);
}

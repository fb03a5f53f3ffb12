import { failures } from "../errors";
import type { ArgumentKind } from "../value-kinds";
import type { MenuBehaviour } from "./behaviour";

/** How `/file/read` reads its numbers; 32768 is the most it hands back at once (tikoci/centrs, src/transfer.ts). */
export const FILE_READ_ARGUMENTS: Readonly<Record<"chunk-size" | "offset", ArgumentKind>> = {
  "chunk-size": { kind: "integer", min: 1, max: 32768 },
  offset: { kind: "integer", min: 0, max: 4294967295 },
};

/** The router's files: what `/export file=` writes, read back with `/file/read` and removed by name. */
export const fileMenus: Readonly<Record<string, MenuBehaviour>> = {
  file: {
    print: ["name", "type", "size", "last-modified"],
    defaults: { type: "file" },
    required: ["name"],
    unique: [{ fields: ["name"], failure: failures.alreadyHaveSuchEntry }],
    namedBy: ["name"],
    // The API carries bytes, held as latin1 strings: a character is a byte.
    computed: (item) => ({ size: String((item.fields.contents ?? "").length) }),
  },
};

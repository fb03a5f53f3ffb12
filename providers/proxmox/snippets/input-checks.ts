/**
 * What each rendered value must be before it goes into a snippet. Quoting makes any value safe for
 * YAML, but some places cannot carry every value verbatim: a script inside a YAML block scalar ends
 * at a line break, and the parts of the Windows snippet are declared 7-bit US-ASCII. Errors name
 * the field and never repeat a value that may be a secret.
 */

const label = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const unprintable = /[^\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const nonAscii = /[^\x20-\x7e]/;
const jumpCloudObjectId = /^[0-9a-f]{24}$/;

export class SnippetInputError extends Error {
  constructor(snippet: string, problem: string) {
    super(`user-data of ${snippet}: ${problem}`);
    this.name = "SnippetInputError";
  }
}

/** Checks the inputs of one VM's user-data, each failure naming the VM. */
export class InputChecks {
  constructor(private readonly vm: string) {}

  hostname(value: string): void {
    if (!label.test(value)) {
      this.fail(`hostname ${JSON.stringify(value)} must be a DNS label: letters, digits and inner '-', 1 to 63`);
    }
  }

  domain(value: string): void {
    if (value.length > 253 || !value.split(".").every((part) => label.test(part))) {
      this.fail(`domain ${JSON.stringify(value)} must be DNS labels joined by '.'`);
    }
  }

  /** A value written verbatim into a script: one line, no control characters. */
  scriptLine(field: string, value: string): void {
    const found = unprintable.exec(value);
    if (found) this.fail(`${field} must be one line of printable text; it has ${codePoint(found)}`);
  }

  /** A value of a part declared `charset="us-ascii"` and 7bit. */
  ascii(field: string, value: string): void {
    const found = nonAscii.exec(value);
    if (found) this.fail(`${field} must be printable US-ASCII; it has ${codePoint(found)}`);
  }

  /** The group id goes into the API URL's path: anything but an object id could point the key elsewhere. */
  jumpCloudObjectId(field: string, value: string): void {
    if (!jumpCloudObjectId.test(value)) {
      this.fail(`${field} ${JSON.stringify(value)} must be a JumpCloud object id (24 lowercase hex digits)`);
    }
  }

  private fail(problem: string): never {
    throw new SnippetInputError(this.vm, problem);
  }
}

const codePoint = (found: RegExpExecArray) =>
  `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")} at character ${found.index + 1}`;

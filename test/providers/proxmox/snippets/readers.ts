import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// What the guests read user-data with: cloud-init and cloudbase-init are Python, with PyYAML's
// safe loader for YAML and the standard library's email package for MIME. Debian's own Python 3
// (python3-yaml comes with cloud-init) is used by path, whatever else is on PATH.
const python = "/usr/bin/python3";

function pythonJson(script: string, input: string): unknown {
  return JSON.parse(execFileSync(python, ["-c", script], { input, encoding: "utf8" }));
}

/** The document as cloud-init's YAML loader reads it. */
export const yamlLoad = (text: string) =>
  pythonJson("import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))", text);

export interface MimePart {
  type: string;
  charset: string | null;
  filename: string | null;
  payload: string;
}

/** The parts of a multipart document as cloudbase-init's MIME parser finds them. */
export const mimeRead = (text: string) =>
  pythonJson(
    [
      "import email, json, sys",
      "message = email.message_from_string(sys.stdin.read())",
      "parts = message.get_payload() if message.is_multipart() else []",
      "print(json.dumps({",
      "  'type': message.get_content_type(),",
      "  'defects': [type(d).__name__ for d in message.defects],",
      "  'parts': [{'type': p.get_content_type(), 'charset': p.get_content_charset(),",
      "             'filename': p.get_filename(), 'payload': p.get_payload()} for p in parts],",
      "}))",
    ].join("\n"),
    text,
  ) as { type: string; defects: string[]; parts: MimePart[] };

/** cloud-init's own check of a user-data file against its schema: its verdict line. */
export function cloudInitSchema(userData: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-cloud-init-"));
  const file = path.join(directory, "user-data");
  fs.writeFileSync(file, userData);
  try {
    return execFileSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8" })
      .trim()
      .replace(file, "<file>");
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return `${stdout}${stderr}`.trim().replace(file, "<file>");
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

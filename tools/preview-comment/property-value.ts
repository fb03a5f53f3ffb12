import { codeSpan } from "./markdown";

// How the engine's events write the values they will not or cannot show: a secret is an object
// carrying this signature (its value blinded), an unknown is this sentinel string.
const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
const unknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const longestValue = 60;

export function isSecret(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[signatureKey] === secretSignature
  );
}

/** A plain object the diff may look inside: not a secret, asset or other signed value. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(signatureKey in value);
}

/** The value as Markdown for one table cell: `[secret]` and `[unknown]` for what the preview does not know. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "unset";
  if (isSecret(value)) return "[secret]";
  if (value === unknownSentinel) return "[unknown]";
  const json = JSON.stringify(value, (_key, inner: unknown) => {
    if (isSecret(inner)) return "[secret]";
    if (inner === unknownSentinel) return "[unknown]";
    return inner;
  });
  return codeSpan(json.length > longestValue ? `${json.slice(0, longestValue - 1)}…` : json);
}

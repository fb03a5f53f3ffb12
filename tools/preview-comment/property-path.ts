/** One step into a property value: a key of an object or an index of an array. */
export type PathSegment = string | number;

/**
 * Reads a property path the way the engine writes it in a detailed diff: `rules[1].comment`, or
 * `tags["kubernetes.io/name"]` for a key that is not a plain name.
 */
export function parsePropertyPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let rest = path;
  while (rest.length > 0) {
    const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
    const index = /^\[(\d+)\]/.exec(rest);
    const name = /^\.?([^.[]+)/.exec(rest);
    const match = quoted ?? index ?? name;
    if (!match) throw new Error(`not a property path: ${path}`);
    if (quoted) segments.push(JSON.parse(`"${match[1]}"`) as string);
    else if (index) segments.push(Number(match[1]));
    else segments.push(match[1]);
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/** Writes a path as the engine does, so the comment names properties as `pulumi preview` does. */
export function formatPropertyPath(segments: PathSegment[]): string {
  return segments
    .map((segment, position) => {
      if (typeof segment === "number") return `[${segment}]`;
      if (/^[A-Za-z_][\w-]*$/.test(segment)) return position === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join("");
}

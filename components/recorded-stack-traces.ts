import * as path from "node:path";

const pulumiSdk = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;
const dependency = `${path.sep}node_modules${path.sep}`;

/** Whether the stack is one the SDK captures at `capturer` (the function of its first frame). */
const isPulumiCapture = (sites: NodeJS.CallSite[], capturer: string) =>
  sites[0]?.getFunctionName() === capturer && (sites[0].getFileName() ?? "").includes(pulumiSdk);

const isProgramFrame = (site: NodeJS.CallSite) => {
  const file = site.getFileName();
  return file !== undefined && file !== null && path.isAbsolute(file) && !file.includes(dependency);
};

/**
 * Pulumi records with every resource the stack that created it, parsed from `new Error().stack`
 * with no depth limit: besides the program's own frames, those of Node.js, the module loader and
 * Pulumi's program runner, 700 B a resource in a state the engine writes after every step. This
 * formats the stacks Pulumi captures with the program's frames only (the SDK's own frames on top,
 * which Pulumi skips, stay as they are); every other stack is formatted as V8 formats it. Sucrase
 * keeps every line where it was in the TypeScript, so no frame needs a source map. It takes the
 * place of source-map-support's hook, which Pulumi's runner installs and which cost about 3 ms a
 * resource.
 *
 * The SDK also keeps a stack with each of its promises (several a resource), read at once, for a
 * report of promises left unresolved at exit: those keep the program's frames only too, which
 * are the ones such a report needs, and formatting all of their frames cost 0.15 s of a 4-router
 * preview.
 */
export function recordProgramFramesOnly(): void {
  Error.prepareStackTrace = (error: Error, sites: NodeJS.CallSite[]) => {
    const frames = isPulumiCapture(sites, "callsites")
      ? programFrames(sites)
      : isPulumiCapture(sites, "debuggablePromise")
        ? sites.filter(isProgramFrame).map(String)
        : sites.map(String);
    return [errorHeader(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");
  };
}

/**
 * The SDK's frames, then the program's, each with its position in parentheses: Pulumi reads no
 * position from V8's form for an anonymous function, so a resource made in a callback (as each
 * link's address in a `map`) would have no source position.
 */
function programFrames(sites: NodeJS.CallSite[]): string[] {
  const caller = sites.findIndex((site) => !(site.getFileName() ?? "").includes(pulumiSdk));
  if (caller < 0) return sites.map(String);
  const positioned = (site: NodeJS.CallSite) =>
    `${site.getFunctionName() ?? "<anonymous>"} (${site.getFileName()}:${site.getLineNumber()}:${site.getColumnNumber()})`;
  return [
    ...sites.slice(0, caller).map(String),
    positioned(sites[caller]),
    ...sites
      .slice(caller + 1)
      .filter(isProgramFrame)
      .map(positioned),
  ];
}

function errorHeader(error: Error): string {
  try {
    return String(error);
  } catch {
    return "Error";
  }
}

// A URN is `urn:pulumi:<stack>::<project>::<type>::<name>`, where the type carries its parents' types
// joined by `$`, and the name, unlike the type, may itself contain `::`.

export function urnName(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/** The resource's own type, without its parents'. */
export function urnType(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

import type { LabUnderTest } from "../../lab/lab-under-test";
import { itemSetType } from "../../providers/routeros/item-set-engine";
import { menus } from "../../providers/routeros/menus";

/** The menus of items (not of settings) budgetcloud manages. */
export const itemPaths = [
  ...new Set(
    Object.values(menus)
      .filter((m) => !m.setOnly)
      .map((m) => m.path),
  ),
];

/**
 * What the state says each router should hold, per menu: an item per resource and per item of a
 * set, a rule per managed firewall rule. Factory ports are left out: they are there either way.
 */
export async function expectedCounts(lab: LabUnderTest): Promise<Record<string, Record<string, number>>> {
  const { deployment } = await lab.stack.exportStack();
  const counts: Record<string, Record<string, number>> = {};
  for (const resource of deployment.resources ?? []) {
    const type = String(resource.type).replace("pulumi-nodejs:dynamic/routeros:", "");
    const outputs = resource.outputs ?? {};
    counts[outputs.router] ??= {};
    const perRouter = counts[outputs.router];
    const add = (path: string, count: number) => {
      perRouter[path] = (perRouter[path] ?? 0) + count;
    };
    if (type === "FirewallChain") add("/ip/firewall/filter", outputs.ruleIds.length);
    else if (type === itemSetType) {
      for (const { menu } of Object.values(outputs.items as Record<string, { menu: string }>))
        if (!menus[menu].setOnly) add(menus[menu].path, 1);
    } else if (menus[type] && !menus[type].setOnly) add(menus[type].path, 1);
    if (Object.keys(perRouter).length === 0) delete counts[outputs.router];
  }
  return counts;
}

/** What each router holds, counted the same way, and any item that stands there twice. */
export function heldCounts(lab: LabUnderTest, paths: string[]) {
  const counts: Record<string, Record<string, number>> = {};
  const doubles: string[] = [];
  for (const router of lab.routers.all()) {
    for (const path of paths) {
      // A factory item (the community `public`) is there either way, as a factory port is.
      const rows = router.print(path.slice(1)).filter((r) => r.dynamic !== "true" && r.default !== "true");
      if (rows.length > 0) {
        counts[router.name] ??= {};
        counts[router.name][path] = rows.length;
      }
      const seen = new Set<string>();
      for (const { ".id": _, ...content } of rows) {
        const key = JSON.stringify(content);
        if (seen.has(key)) doubles.push(`${router.name} ${path} ${key}`);
        seen.add(key);
      }
    }
  }
  return { counts, doubles };
}

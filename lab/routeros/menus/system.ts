import { formatTime } from "../value-syntax";
import type { MenuBehaviour } from "./behaviour";

/** The router itself: its identity, and the resources it reports. */
export const systemMenus: Readonly<Record<string, MenuBehaviour>> = {
  "system/identity": {
    print: ["name"],
    defaults: { name: "MikroTik" },
    factory: () => [{}],
  },

  "system/resource": {
    print: [
      "uptime",
      "version",
      "build-time",
      "factory-software",
      "free-memory",
      "total-memory",
      "cpu",
      "cpu-count",
      "cpu-load",
      "free-hdd-space",
      "total-hdd-space",
      "architecture-name",
      "board-name",
      "platform",
    ],
    factory: () => [{}],
    computed: (_item, router) => ({
      uptime: formatTime(Math.floor(router.uptimeSeconds()) * 1000),
      version: `${router.version} (stable)`,
      "build-time": "2026-01-01 00:00:00",
      "factory-software": "7.1",
      "free-memory": String(Math.floor(router.model.totalMemory * 0.8)),
      "total-memory": String(router.model.totalMemory),
      cpu: router.model.cpu,
      "cpu-count": String(router.model.cpuCount),
      "cpu-load": "1",
      "free-hdd-space": String(Math.floor(router.model.totalHddSpace * 0.7)),
      "total-hdd-space": String(router.model.totalHddSpace),
      "architecture-name": router.model.architecture,
      "board-name": router.model.boardName,
      platform: "MikroTik",
    }),
  },
};

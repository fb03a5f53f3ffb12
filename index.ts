import { loadStackConfig } from "./config/load";

// Validation comes first: a bad config stops the run here, before any device is contacted.
const { config } = loadStackConfig();

/** Version of the exported contract; bump it when a field changes meaning or goes away. */
export const contractVersion = 1;
export const environment = config.environment;
export const routers = config.routers.map((router) => ({
  name: router.name,
  loopback: router.interfaces.find((i) => i.loopback)?.address,
}));
export const tenants = config.tenants.map(({ name, vni, cidr, gateway }) => ({ name, vni, cidr, gateway }));

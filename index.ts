import { Cloud } from "./components/cloud";
import { loadStackConfig } from "./config/load";
import { planCloud } from "./plan/cloud-plan";
import { contractOf } from "./plan/contract";
import { vmsToTakeOver } from "./tools/take-over/retired-vms";

// Pulumi records a stack trace with each resource, formatted through the source-map-support hook
// its program runner installs: about 3 ms a resource. Sucrase keeps every line where it was in
// the TypeScript, so the traces need no mapping, and V8's own formatting takes its place.
Reflect.deleteProperty(Error, "prepareStackTrace");

// Validation and cross-checks come first: a bad config stops the run here, before any device is
// contacted.
const { config, secrets } = loadStackConfig();
const plan = planCloud(config);

new Cloud(`${config.environment}`, { plan, secrets, takeOverVms: vmsToTakeOver(process.env) });

const contract = contractOf(plan);
export const contractVersion = contract.contractVersion;
export const environment = contract.environment;
export const routers = contract.routers;
export const tenants = contract.tenants;
export const vms = contract.vms;
export const storagePools = contract.storagePools;

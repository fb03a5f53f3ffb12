import { Cloud } from "./components/cloud";
import { recordProgramFramesOnly } from "./components/recorded-stack-traces";
import { ConfigError, loadStackConfig } from "./config/load";
import { pluginEnvironmentProblems } from "./config/plugin-environment";
import { planCloud } from "./plan/cloud-plan";
import { contractOf } from "./plan/contract";
import { vmsToTakeOver } from "./tools/take-over/retired-vms";

recordProgramFramesOnly();

// Validation and cross-checks come first: a bad config stops the run here, before any device is
// contacted.
const { config, secrets } = loadStackConfig();
const plan = planCloud(config);
const environmentProblems = pluginEnvironmentProblems(config, process.env);
if (environmentProblems.length > 0) throw new ConfigError(environmentProblems);

new Cloud(`${config.environment}`, { plan, secrets, takeOverVms: vmsToTakeOver(process.env) });

const contract = contractOf(config, plan);
export const contractVersion = contract.contractVersion;
export const environment = contract.environment;
export const routers = contract.routers;
export const tenants = contract.tenants;
export const vms = contract.vms;
export const storagePools = contract.storagePools;
export const hypervisors = contract.hypervisors;
export const vmUsers = contract.vmUsers;

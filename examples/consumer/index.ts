import * as pulumi from "@pulumi/pulumi";
import { CloudReference } from "../../components/cloud-reference";

// A project of its own (an application team's, say) that places its database behind the `sql`
// tenant's gateway and lists the VMs it may talk to.
const config = new pulumi.Config();
const cloud = new CloudReference("cloud", { stack: config.require("cloudStack") });

const sql = cloud.tenant("sql");
export const databaseGateway = sql.gateway;
export const databaseNetwork = sql.cidr;
export const databaseHosts = cloud.vms.apply((vms) => vms.filter((vm) => vm.name.includes("sql")).map((vm) => vm.fqdn));

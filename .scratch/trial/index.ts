import * as pulumi from "@pulumi/pulumi";

const self = new pulumi.StackReference(`organization/${pulumi.getProject()}/${pulumi.getStack()}`);
export const previous = self.getOutput("marker");
export const marker = "v2";

/** The request that applies staged SDN changes to every node: PVE's "Apply" button. */
export const sdnApplyRequest = { method: "PUT", path: "/cluster/sdn" } as const;

/** The resource type of the apply resource. */
export const sdnApplyType = "SdnApply";

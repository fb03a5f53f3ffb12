/**
 * The router models whose ports and packages budgetcloud knows: each ethernet port as a
 * factory-fresh router lists it (in `/interface` order), with its factory L2 MTU and the most it
 * takes. The cross-checks refuse a port its router's model lacks, and the lab's emulator builds its
 * routers from the same list. A router of a model not listed here, or without a `model`, is not checked for ports.
 */

export interface EthernetPort {
  name: string;
  /** Omitted where RouterOS shows none (CHR's virtual NICs have no L2 MTU). */
  l2mtu?: number;
  maxL2mtu?: number;
}

const range = (count: number, name: (n: number) => string) => Array.from({ length: count }, (_, i) => name(i + 1));

export const MODEL_PORTS: Readonly<Record<string, readonly EthernetPort[]>> = {
  // CCR2216-1G-12XS-2XQ: port names and L2 MTUs as a factory-default unit lists them.
  "CCR2216-1G-12XS-2XQ": [
    { name: "ether1", l2mtu: 1600, maxL2mtu: 9586 },
    ...[1, 2]
      .flatMap((cage) => range(4, (lane) => `qsfp28-${cage}-${lane}`))
      .map((name) => ({ name, l2mtu: 1584, maxL2mtu: 9570 })),
    ...range(12, (n) => `sfp28-${n}`).map((name) => ({ name, l2mtu: 1584, maxL2mtu: 9570 })),
  ],
  CHR: range(4, (n) => `ether${n}`).map((name) => ({ name })),
};

/**
 * The extra packages each model can install, beyond RouterOS itself. MikroTik builds the ZeroTier
 * package for ARM and ARM64 only: the x86 archive, a CHR's here, has none.
 */
export const MODEL_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  "CCR2216-1G-12XS-2XQ": ["zerotier"],
  CHR: [],
};

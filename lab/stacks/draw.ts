import { type RandomGenerator, unsafeSkipN, unsafeUniformIntDistribution, xoroshiro128plus } from "pure-rand";

/** Seeded choices: the same seed draws the same stack on every machine and Node.js version. */
export class Draw {
  private readonly rng: RandomGenerator;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
    // Neighbouring seeds start with neighbouring numbers: the first draws would follow the seed.
    unsafeSkipN(this.rng, 64);
  }

  /** An integer from `low` to `high`, both included. */
  int(low: number, high: number): number {
    return unsafeUniformIntDistribution(low, high, this.rng);
  }

  chance(probability: number): boolean {
    return this.int(0, 999) < probability * 1000;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("nothing to pick from");
    return items[this.int(0, items.length - 1)];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** `count` different items, in the order drawn. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, count);
  }
}

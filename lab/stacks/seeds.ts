/** `1-20`, `7` or `1,4,9-12` as the seeds it names. */
export function parseSeeds(text: string): number[] {
  return text.split(",").flatMap((part) => {
    const [low, high] = part.split("-").map(Number);
    if (!Number.isInteger(low) || (high !== undefined && !Number.isInteger(high)))
      throw new Error(`--seeds ${text}: write seeds as 7, 1-20 or 1,4,9-12`);
    return Array.from({ length: (high ?? low) - low + 1 }, (_, i) => low + i);
  });
}

/**
 * The seeds make test runs through the lab: between them each topology kind (10 a ring, 17 a ring
 * with chords, 28 a partial mesh), CHRs beside CCR2216s, one and two uplinks, loopbacks in one
 * block and in two, denied pairs and an allow one way, ZeroTier and monitoring each on and off, in
 * about ten minutes (the generator's test holds them to it; bench/fuzz/results.md runs the long list).
 */
export const CI_SEEDS: readonly number[] = [10, 17, 28];

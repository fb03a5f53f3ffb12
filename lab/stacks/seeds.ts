/** `1-20`, `7` or `1,4,9-12` as the seeds it names. */
export function parseSeeds(text: string): number[] {
  return text.split(",").flatMap((part) => {
    const [low, high] = part.split("-").map(Number);
    if (!Number.isInteger(low) || (high !== undefined && !Number.isInteger(high)))
      throw new Error(`--seeds ${text}: write seeds as 7, 1-20 or 1,4,9-12`);
    return Array.from({ length: (high ?? low) - low + 1 }, (_, i) => low + i);
  });
}

/**
 * What a provider process has read during a run, by key: each read is made once and its answer
 * shared by every resource that needs it. A write forgets the keys it makes stale; the next read
 * of them asks the device again. A read that fails is not kept.
 */
export class RunReads {
  private readonly reads = new Map<string, Promise<unknown>>();

  read<T>(key: string, read: () => Promise<T>): Promise<T> {
    let answer = this.reads.get(key);
    if (!answer) {
      answer = read();
      answer.catch(() => this.reads.delete(key));
      this.reads.set(key, answer);
    }
    return answer as Promise<T>;
  }

  /** Forgets every read whose key starts with one of these. */
  forget(...prefixes: string[]): void {
    for (const key of [...this.reads.keys()]) {
      if (prefixes.some((prefix) => key.startsWith(prefix))) this.reads.delete(key);
    }
  }
}

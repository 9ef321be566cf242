// Group commit: outcomes that arrive while a transaction is in flight wait and go into
// the next one together (one counter update of +n), which is how throughput passes the
// one-commit-per-track ceiling. Each caller's promise settles when its own transaction
// has committed (or failed), so a Kafka offset is never committed before its outcome is.
export type FlushFn<T, R> = (items: T[]) => Promise<R[]>;

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitBatcher<T, R> {
  private queue: Pending<T, R>[] = [];
  private flushing = false;

  constructor(
    private readonly flush: FlushFn<T, R>,
    private readonly maxBatch: number,
    private readonly onBatch: (size: number) => void = () => undefined,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        this.onBatch(batch.length);
        try {
          const results = await this.flush(batch.map((p) => p.item));
          batch.forEach((p, i) => p.resolve(results[i]));
        } catch (error) {
          batch.forEach((p) => p.reject(error));
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

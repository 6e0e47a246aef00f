/** Events a subscriber may leave unread before its stream is ended (it reconnects and gets the catch-up). */
export const MAX_QUEUED_EVENTS = 10_000;

/**
 * A push → async-iterate queue for subscriptions: ends on close() or when the signal aborts. The SSE
 * response pulls only as fast as the client reads, so a client that never reads would grow this queue
 * without bound; past `maxItems` unread events it is dropped and closed instead.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private done = false;

  constructor(signal?: AbortSignal, private readonly onClose?: () => void, private readonly maxItems = MAX_QUEUED_EVENTS) {
    signal?.addEventListener('abort', () => this.close(), { once: true });
    if (signal?.aborted) this.close();
  }

  push(item: T): void {
    if (this.done) return;
    if (this.waiting) { const w = this.waiting; this.waiting = null; w({ value: item, done: false }); return; }
    if (this.items.length >= this.maxItems) {
      this.items = [];
      this.close();
      return;
    }
    this.items.push(item);
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.onClose?.();
    if (this.waiting) { const w = this.waiting; this.waiting = null; w({ value: undefined, done: true }); }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => { this.waiting = resolve; });
      },
      return: () => { this.close(); return Promise.resolve({ value: undefined, done: true }); },
    };
  }
}

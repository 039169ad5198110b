import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RenderInput } from './render.ts';

/**
 * Renders PDFs on worker threads, one per core by default: rendering is synchronous CPU work
 * (text layout, font subsetting, compression) that would otherwise stall the event loop and use one
 * core only. Each thread takes one document at a time; the rest wait here in order. Idle threads
 * do not keep the process alive; a thread that dies fails only the document it was rendering and
 * is replaced on demand.
 */

export interface PoolRequest {
  id: number;
  input: RenderInput;
}

export type PoolReply =
  | { id: number; ok: true; bytes: ArrayBuffer }
  | { id: number; ok: false; message: string };

interface Task {
  id: number;
  input: RenderInput;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

/**
 * The thread's entry: under tsx (development, tests, the benchmark) a bootstrap that registers tsx
 * in the thread and imports the TypeScript source; in the bundle, the worker file esbuild writes
 * beside main.js (build.mjs).
 */
function workerEntry(): { url: URL; entry: string | null } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { url: new URL('./pdf-worker-boot.mjs', here), entry: new URL('./pdf-worker.ts', here).href };
  }
  return { url: new URL('./invoice-pdf-worker.js', here), entry: null };
}

export class PdfRenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number = availableParallelism()) {}

  render(input: RenderInput): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('The PDF rendering pool is closed.'));
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, input, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; documents still waiting or rendering fail. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('The PDF rendering pool was closed.');
    for (const task of this.queue.splice(0)) task.reject(error);
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.task?.reject(error);
      slot.task = null;
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot =
        this.slots.find((s) => s.task === null) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, input: task.input } satisfies PoolRequest);
    }
  }

  private spawn(): Slot {
    const { url, entry } = workerEntry();
    const worker = new Worker(url, { workerData: { entry } });
    const slot: Slot = { worker, task: null };
    worker.on('message', (reply: PoolReply) => {
      const task = slot.task;
      if (!task || task.id !== reply.id) return;
      slot.task = null;
      worker.unref();
      if (reply.ok) task.resolve(Buffer.from(reply.bytes));
      else task.reject(new Error(`Rendering the PDF failed: ${reply.message}`));
      this.dispatch();
    });
    let failure: Error | null = null;
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      const index = this.slots.indexOf(slot);
      if (index === -1) return;
      this.slots.splice(index, 1);
      slot.task?.reject(failure ?? new Error(`A PDF rendering thread exited (code ${code}).`));
      slot.task = null;
      this.dispatch();
    });
    this.slots.push(slot);
    return slot;
  }
}

let shared: PdfRenderPool | null = null;

/** The process's pool (started on first use). */
export function pdfRenderPool(): PdfRenderPool {
  shared ??= new PdfRenderPool();
  return shared;
}

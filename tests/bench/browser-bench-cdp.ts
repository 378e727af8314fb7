/**
 * A small DevTools-protocol client for the browser bench. Playwright drives pages through its own pipe
 * but gives no CDP session to a service worker, so Chromium is also started with
 * `--remote-debugging-port=0` (it writes the port to `<profile>/DevToolsActivePort`) and this client
 * attaches to the extension's service-worker target in flat mode (one socket, a sessionId per target).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export interface CdpTarget {
  targetId: string;
  type: string;
  url: string;
}

/** Commands to one attached target. */
export interface CdpSession {
  readonly targetId: string;
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates an expression in the target and returns its value (promises awaited, values by JSON). */
  evaluate<T>(expression: string): Promise<T>;
}

export class CdpConnection {
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as CdpMessage;
      if (message.id === undefined) return;
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error.message));
      else pending?.resolve(message.result ?? {});
    });
    socket.on('close', () => {
      for (const pending of this.#pending.values()) pending.reject(new Error('DevTools connection closed'));
      this.#pending.clear();
    });
  }

  /** Connects to the browser Chromium started with `userDataDir` and `--remote-debugging-port=0`. */
  static async open(userDataDir: string): Promise<CdpConnection> {
    let text = '';
    for (let attempt = 0; attempt < 100 && !text.includes('\n'); attempt += 1) {
      text = await readFile(path.join(userDataDir, 'DevToolsActivePort'), 'utf8').catch(() => '');
      if (!text.includes('\n')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [port, browserPath] = text.trim().split('\n');
    if (!port || !browserPath) throw new Error(`Chromium wrote no DevToolsActivePort in ${userDataDir}`);
    const socket = new WebSocket(`ws://127.0.0.1:${port}${browserPath}`, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new CdpConnection(socket);
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (result: Record<string, unknown>) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  async targets(): Promise<CdpTarget[]> {
    const { targetInfos } = await this.send<{ targetInfos: CdpTarget[] }>('Target.getTargets');
    return targetInfos;
  }

  async attach(targetId: string): Promise<CdpSession> {
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const send = <T>(method: string, params?: Record<string, unknown>) => this.send<T>(method, params, sessionId);
    return {
      targetId,
      send,
      async evaluate<T>(expression: string): Promise<T> {
        const reply = await send<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
          'Runtime.evaluate',
          { expression, awaitPromise: true, returnByValue: true },
        );
        if (reply.exceptionDetails) {
          throw new Error(`evaluation failed: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
        }
        return reply.result.value as T;
      },
    };
  }

  /** The extension's service worker (`chrome-extension://<id>/...`), attached. */
  async attachServiceWorker(extensionId: string): Promise<CdpSession> {
    const worker = (await this.targets()).find(
      (target) => target.type === 'service_worker' && target.url.startsWith(`chrome-extension://${extensionId}/`),
    );
    if (!worker) throw new Error(`no service worker target for extension ${extensionId}`);
    return this.attach(worker.targetId);
  }

  close(): void {
    this.socket.close();
  }
}

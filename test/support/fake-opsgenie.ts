import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createGzip } from "node:zlib";
import Ajv from "ajv";
import type { Net } from "../../src/runtime/net";

/** What the fake does to the next requests, in order; then it behaves like Opsgenie. */
export type Fault =
  | {
      kind: "status";
      status: number;
      /** JSON, or a function of the request's Authorization header (to echo the key back) */
      body?: unknown | ((authorization: string) => unknown);
      headers?: Record<string, string>;
    }
  /** a body that is sent as is (not JSON, or empty) */
  | { kind: "raw"; status: number; text: string; headers?: Record<string, string> }
  /** the status line and headers, then part of the body, then nothing: the connection stays open */
  | { kind: "stall"; status: number }
  /** the status line and part of the body, then the connection is dropped */
  | { kind: "cut"; status: number }
  /** the request is processed (a 202 for POST) but the connection is dropped before any answer */
  | { kind: "acceptThenReset" }
  /**
   * a body of `bytes` bytes (of "x", or gzip-compressed zeros with `gzip`), written only as fast as
   * the client reads it; `bytesProduced` says how much of it was made before the client stopped
   */
  | { kind: "big"; status: number; bytes: number; gzip?: boolean }
  | { kind: "reset" }
  /** no answer at all, until the server stops: a server slower than any deadline */
  | { kind: "hold" };

// CreateAlertPayload with Opsgenie's documented limits, derived from the published OpenAPI (see
// the schema's $comment); x-maxTotalLength is the limit on all of details' keys and values.
const payloadSchema = JSON.parse(
  readFileSync(join(__dirname, "..", "fixtures", "esc-create-alert-payload.schema.json"), "utf8"),
);
const ajv = new Ajv({ allErrors: true });
ajv.addKeyword({
  keyword: "x-maxTotalLength",
  type: "object",
  schemaType: "number",
  validate: (max: number, data: Record<string, unknown>) =>
    Object.entries(data).reduce((n, [k, v]) => n + k.length + String(v).length, 0) <= max,
});
export const validatePayload = ajv.compile(payloadSchema);

/** The network on a fake clock, and what a test needs to move it. */
export interface FakeNet extends Net {
  /** every wait asked for */
  readonly sleeps: number[];
  /** moves the clock on by `ms`, firing the deadlines it passes */
  advance(ms: number): void;
  /** resolves once `n` responses (their status and headers) have arrived, counting from the start */
  answered(n?: number): Promise<void>;
}

/**
 * A clock that moves only when something sleeps or the test moves it: retries, backoff and
 * deadlines take no real time. A deadline (`after`) fires only when the clock passes it, so a
 * request held by the server ends when the test says the time is up.
 */
export function fakeNet(start = Date.parse("2026-11-27T03:00:00Z")): FakeNet {
  let t = start;
  const sleeps: number[] = [];
  let timers: { at: number; fire: () => void }[] = [];
  let responses = 0;
  let waiting: { n: number; done: () => void }[] = [];
  const advance = (ms: number) => {
    t += ms;
    const due = timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at);
    timers = timers.filter((x) => x.at > t);
    for (const x of due) x.fire();
  };
  return {
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      responses++;
      for (const w of waiting.filter((x) => x.n <= responses)) w.done();
      waiting = waiting.filter((x) => x.n > responses);
      return res;
    },
    now: () => t,
    after: (ms, fire) => {
      const timer = { at: t + ms, fire };
      timers.push(timer);
      return () => {
        timers = timers.filter((x) => x !== timer);
      };
    },
    sleeps,
    advance,
    answered: (n = 1) => new Promise<void>((done) => (responses >= n ? done() : waiting.push({ n, done }))),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      advance(ms);
      await new Promise((r) => setImmediate(r));
    },
  };
}

export interface FakeAlert {
  id: string;
  alias: string;
  count: number;
  body: Record<string, unknown>;
}

/**
 * A fake Opsgenie alert API on 127.0.0.1: POST /v2/alerts answers 202 with a request id and,
 * like Opsgenie, folds an alert with the alias of an open one into it instead of creating (and
 * paging) again; GET /v2/alerts/requests/{id} answers 404 until processed, then the status.
 */
export class FakeOpsgenie {
  readonly alerts = new Map<string, FakeAlert>();
  readonly bodies: unknown[] = [];
  readonly requests: { method: string; url: string; authorization: string | undefined }[] = [];
  postFaults: Fault[] = [];
  statusFaults: Fault[] = [];
  /** how many status polls answer 404 before the request is processed */
  pendingPolls = 1;
  /** never process requests (a request that is never confirmed) */
  neverConfirm = false;
  /** the request status says isSuccess false with this status text */
  failStatus: string | null = null;
  validKey = "test-default-api-key-0000";
  /** the request id the next accepted POST is given (else a fresh UUID) */
  nextRequestId: string | null = null;
  /** bytes of "big" bodies made so far (before compression) */
  bytesProduced = 0;
  private readonly pending = new Map<
    string,
    { polls: number; result: Record<string, unknown> | null; body: Record<string, unknown> }
  >();
  private server: Server | null = null;
  private held: (() => void)[] = [];
  private holdWaiters: (() => void)[] = [];

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
  }

  /** resolves once a request is held ("hold") or its answer stalls ("stall") */
  whenHeld(): Promise<void> {
    return new Promise((seen) => (this.held.length > 0 ? seen() : this.holdWaiters.push(seen)));
  }

  /** drops the connections of held and stalled requests: the client sees a network error */
  release(): void {
    for (const release of this.held.splice(0)) release();
  }

  private hold(req: IncomingMessage): Promise<void> {
    const released = new Promise<void>((done) =>
      this.held.push(() => {
        req.socket.destroy();
        done();
      }),
    );
    for (const seen of this.holdWaiters.splice(0)) seen();
    return released;
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  reset(): void {
    this.release();
    this.alerts.clear();
    this.bodies.length = 0;
    this.requests.length = 0;
    this.postFaults = [];
    this.statusFaults = [];
    this.pendingPolls = 1;
    this.neverConfirm = false;
    this.failStatus = null;
    this.nextRequestId = null;
    this.bytesProduced = 0;
    this.pending.clear();
  }

  private async body(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  /** Applies a fault; true when it answered (or dropped) the request. */
  private async fault(list: Fault[], res: ServerResponse, req: IncomingMessage): Promise<boolean> {
    const f = list.shift();
    if (!f) return false;
    if (f.kind === "reset") {
      req.socket.destroy();
      return true;
    }
    if (f.kind === "hold") {
      // Held without a timer: the client's own deadline is what ends the exchange.
      await this.hold(req);
      return true;
    }
    if (f.kind === "raw") {
      res.writeHead(f.status, { "Content-Type": "application/json", ...f.headers });
      res.end(f.text);
      return true;
    }
    if (f.kind === "stall" || f.kind === "cut") {
      res.writeHead(f.status, { "Content-Type": "application/json", "Content-Length": "200" });
      // cut: dropped once the part is on its way, not after a while on the real clock
      if (f.kind === "cut")
        res.write('{"result":"Request will be processed","requestId":"', () => req.socket.destroy());
      else {
        res.write('{"result":"Request will be processed","requestId":"');
        void this.hold(req);
      }
      return true;
    }
    if (f.kind === "acceptThenReset") return false;
    if (f.kind === "big") {
      this.big(res, f.status, f.bytes, f.gzip ?? false);
      return true;
    }
    const body = typeof f.body === "function" ? f.body(req.headers.authorization ?? "") : f.body;
    this.send(
      res,
      f.status,
      body ?? { message: `fault ${f.status}`, took: 0, requestId: randomUUID() },
      f.headers,
    );
    return true;
  }

  /** Writes a huge body with backpressure, stopping when the client goes away. */
  private big(res: ServerResponse, status: number, bytes: number, gzip: boolean): void {
    res.writeHead(status, {
      "Content-Type": "application/json",
      ...(gzip ? { "Content-Encoding": "gzip" } : { "Content-Length": String(bytes) }),
    });
    const out = gzip ? createGzip() : res;
    if (gzip) out.pipe(res);
    const chunk = Buffer.alloc(64 * 1024, gzip ? 0 : "x");
    let gone = false;
    res.on("close", () => {
      gone = true;
    });
    const pump = () => {
      while (!gone && this.bytesProduced < bytes) {
        this.bytesProduced += chunk.length;
        if (!out.write(chunk)) return void out.once("drain", pump);
      }
      if (!gone) out.end();
    };
    pump();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await this.body(req);
    this.requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      authorization: req.headers.authorization,
    });
    if (req.method === "POST" && req.url === "/v2/alerts") {
      const dropAnswer = this.postFaults[0]?.kind === "acceptThenReset";
      if (await this.fault(this.postFaults, res, req)) return;
      if (req.headers.authorization !== `GenieKey ${this.validKey}`) {
        this.send(res, 401, { message: "Could not authenticate", took: 0, requestId: randomUUID() });
        return;
      }
      const body = JSON.parse(text) as Record<string, unknown>;
      this.bodies.push(body);
      const requestId = this.nextRequestId ?? randomUUID();
      this.nextRequestId = null;
      this.pending.set(requestId, { polls: 0, result: null, body });
      if (dropAnswer) {
        req.socket.destroy();
        return;
      }
      this.send(res, 202, { result: "Request will be processed", took: 0.1, requestId });
      return;
    }
    const m = /^\/v2\/alerts\/requests\/([^/]+)$/.exec(req.url ?? "");
    if (req.method === "GET" && m) {
      if (await this.fault(this.statusFaults, res, req)) return;
      const p = this.pending.get(decodeURIComponent(m[1]!));
      if (!p || this.neverConfirm || p.polls++ < this.pendingPolls) {
        this.send(res, 404, {
          message: "Request not found. It might not be processed, yet.",
          took: 0,
          requestId: randomUUID(),
        });
        return;
      }
      p.result ??= this.process(p.body);
      this.send(res, 200, { data: p.result, took: 0.01, requestId: randomUUID() });
      return;
    }
    this.send(res, 404, { message: "no such endpoint", took: 0 });
  }

  /** Creates the alert, or folds it into the open one with the same alias (Opsgenie's de-duplication). */
  private process(body: Record<string, unknown>): Record<string, unknown> {
    const base = {
      action: "Create",
      processedAt: new Date().toISOString(),
      integrationId: "integration-1",
      alias: body.alias,
    };
    if (this.failStatus) return { ...base, isSuccess: false, status: this.failStatus };
    const open = this.alerts.get(String(body.alias));
    if (open) {
      open.count++;
      return { ...base, isSuccess: true, status: "Alert is deduplicated", alertId: open.id };
    }
    const alert = { id: randomUUID(), alias: String(body.alias), count: 1, body };
    this.alerts.set(alert.alias, alert);
    return { ...base, isSuccess: true, status: "Created alert", alertId: alert.id };
  }
}

import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A fake Opsgenie (GET /v2/alerts) and JSM Operations (GET /jsm/ops/api/{cloudId}/v1/alerts and
 * …/alerts/{id}/logs) list API on 127.0.0.1, shaped after the published specs (Opsgenie's
 * swagger ListAlertsResponse; JSM's {values, count, links}). Alerts are made on demand from their
 * index, so tens of thousands cost nothing until a page asks for them. Like the real APIs it
 * refuses offset + size ≥ 20,000, filters by the `createdAt >= A AND createdAt < B` query and
 * sorts by createdAt ascending; its `next` links point where a client must not go.
 */
export type Fault =
  | { kind: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  /** status line and part of the body, then nothing until the server stops */
  | { kind: "stall" };

export interface FakeAlertsOptions {
  provider: "opsgenie" | "jsm";
  total: number;
  /** the first alert's creation (epoch ms) */
  start: number;
  /** milliseconds between creation times; `perMs` alerts share each */
  step: number;
  perMs?: number;
  /** alerts at these indexes carry createdAt outside any query: the server ignores its query for them */
  ignoresQueryFor?: number;
  /** JSM: each alert's description this long (JSM allows 15,000 characters) */
  descriptionChars?: number;
  /** every n-th alert is acknowledged (default 5) */
  ackEvery?: number;
  /**
   * JSM: the logs of these alert indexes never end: each page is one entry that names no
   * acknowledger, with a fresh `after` key in its `next` link (a hostile or broken server)
   */
  endlessLogsFor?: readonly number[];
}

export const OPSGENIE_KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
export const JSM_EMAIL = "alice@example.com";
export const JSM_TOKEN = "ATATT3xFfGF0-test-token-0123456789abcdef";
export const CLOUD_ID = "a436116f-02ce-4520-8fbb-7301462a1674";
/** who acknowledges alert i (JSM: a display name in the logs; Opsgenie: report.acknowledgedBy) */
export const ACKERS = ["alice@example.com", "bob@example.com", "carol@example.com"];

export class FakeAlertsApi {
  readonly requests: { path: string; query: URLSearchParams; authorization: string | undefined }[] = [];
  /** faults for the n-th list request (0-based), keyed by that number */
  listFaults = new Map<number, Fault>();
  /** served list pages count (faults included) */
  listRequests = 0;
  private server: Server | null = null;
  private held: ServerResponse[] = [];

  constructor(public o: FakeAlertsOptions) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
  }

  async stop(): Promise<void> {
    for (const r of this.held) r.destroy();
    this.held = [];
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  reset(o: FakeAlertsOptions): void {
    this.o = o;
    this.requests.length = 0;
    this.listFaults = new Map();
    this.listRequests = 0;
    for (const r of this.held) r.destroy();
    this.held = [];
  }

  createdAt(i: number): number {
    return this.o.start + Math.floor(i / (this.o.perMs ?? 1)) * this.o.step;
  }

  id(i: number): string {
    return `alert-${String(i).padStart(6, "0")}`;
  }

  /** The first index created at or after `ms`. */
  private firstAtOrAfter(ms: number): number {
    let lo = 0;
    let hi = this.o.total;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.createdAt(mid) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  alert(i: number): Record<string, unknown> {
    const created = this.createdAt(i);
    const acked = i % (this.o.ackEvery ?? 5) === 0;
    const ackMs = created + 90_000;
    const common = {
      id: this.id(i),
      tinyId: String(1000 + i),
      alias: `event_${i}`,
      message: `Disk filling on web-${i % 7}`,
      acknowledged: acked,
      tags: i % 2 ? ["OverwriteQuietHours"] : [],
      snoozed: false,
      count: 1 + (i % 3),
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(created + 600_000).toISOString(),
      source: "Zabbix",
      owner: this.o.provider === "jsm" ? "Alice Adams" : ACKERS[i % 3],
      priority: i % 4 === 0 ? "P1" : "P3",
      responders: [{ type: "team", id: "8418d193-2dab-4490-b331-8c02cdd196b7" }],
    };
    if (this.o.provider === "opsgenie")
      return {
        ...common,
        status: acked ? "closed" : "open",
        isSeen: true,
        lastOccurredAt: common.createdAt,
        teams: [{ id: "8418d193-2dab-4490-b331-8c02cdd196b7" }],
        integration: { id: "4513b7ea", name: "Zabbix", type: "Zabbix" },
        report: acked ? { ackTime: 90_000, closeTime: 600_000, acknowledgedBy: ACKERS[i % 3] } : {},
      };
    return {
      ...common,
      status: acked ? "acked" : "open",
      seen: true,
      lastOccuredAt: common.createdAt,
      integrationType: "Zabbix",
      integrationName: "Zabbix",
      ...(this.o.descriptionChars ? { description: "é".repeat(this.o.descriptionChars) } : {}),
      ...(acked ? { ackTime: new Date(ackMs).toISOString() } : {}),
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    this.requests.push({
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
    });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const jsm = this.o.provider === "jsm";
    const listPath = jsm ? `/jsm/ops/api/${CLOUD_ID}/v1/alerts` : "/v2/alerts";
    const expected = jsm
      ? `Basic ${Buffer.from(`${JSM_EMAIL}:${JSM_TOKEN}`).toString("base64")}`
      : `GenieKey ${OPSGENIE_KEY}`;
    if (req.headers.authorization !== expected)
      return json(401, {
        message: jsm ? "Client must be authenticated to access this resource." : "Could not authenticate",
        took: 0,
      });
    if (url.pathname === listPath) {
      const fault = this.listFaults.get(this.listRequests++);
      if (fault?.kind === "status")
        return json(fault.status, fault.body ?? { message: "fault" }, fault.headers);
      if (fault?.kind === "stall") {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.write('{"values":[');
        this.held.push(res);
        return;
      }
      return this.list(url.searchParams, res, json);
    }
    const logs = jsm && url.pathname.match(/^\/jsm\/ops\/api\/[^/]+\/v1\/alerts\/alert-(\d+)\/logs$/);
    if (logs) return this.logs(Number(logs[1]), url.searchParams, json);
    json(404, { message: `no such path ${url.pathname}` });
  }

  private list(q: URLSearchParams, _res: ServerResponse, json: (s: number, b: unknown) => void) {
    const jsm = this.o.provider === "jsm";
    const size = Number(q.get(jsm ? "size" : "limit") ?? 20);
    const offset = Number(q.get("offset") ?? 0);
    if (size > 100 || size < 1) return json(422, { message: "size must be between 1 and 100" });
    if (offset + size >= 20_000)
      return json(jsm ? 400 : 422, { message: "offset + size must be less than 20000" });
    if (q.get("sort") !== "createdAt" || q.get("order") !== "asc")
      return json(422, { message: "expected sort=createdAt&order=asc in this fake" });
    const m = (q.get("query") ?? "").match(/^createdAt >= (\d+) AND createdAt < (\d+)$/);
    if (!m) return json(jsm ? 400 : 422, { message: `Invalid query: ${q.get("query")}` });
    const first = this.firstAtOrAfter(Number(m[1]));
    const end = this.firstAtOrAfter(Number(m[2]));
    const items: Record<string, unknown>[] = [];
    for (let i = first + offset; i < Math.min(end, first + offset + size); i++) items.push(this.alert(i));
    // a server that does not honour its query for some rows: one from long before, on the first page
    if (offset === 0 && this.o.ignoresQueryFor !== undefined && items.length > 0)
      items.unshift({
        ...this.alert(this.o.ignoresQueryFor),
        id: "stray",
        createdAt: "2001-01-01T00:00:00.000Z",
      });
    const more = first + offset + size < end;
    if (jsm)
      return json(200, {
        values: items,
        count: end - first,
        links: more ? { next: `/elsewhere/v1/alerts?offset=${offset + size}&size=${size}` } : {},
      });
    json(200, {
      data: items,
      paging: more ? { next: `https://elsewhere.invalid/v2/alerts?offset=${offset + size}` } : {},
      took: 0.01,
      requestId: "9ae63dd7-ed00-4c81-86f0-c4ffd33142c9",
    });
  }

  /** Three entries an alert, two a page, continued by `after`: created, acknowledged, a note. */
  private logs(i: number, q: URLSearchParams, json: (s: number, b: unknown) => void) {
    const created = this.createdAt(i);
    if (this.o.endlessLogsFor?.includes(i)) {
      const n = Number(q.get("after") ?? 0) + 1;
      return json(200, {
        values: [
          { logTime: new Date(created).toISOString(), logType: "note", log: `note ${n}`, owner: "Bot" },
        ],
        links: { next: `/elsewhere/v1/alerts/x/logs?after=${n}` },
      });
    }
    const entries = [
      {
        logTime: new Date(created).toISOString(),
        logType: "system",
        log: "Alert created via Zabbix",
        owner: "System",
      },
      {
        logTime: new Date(created + 30_000).toISOString(),
        logType: "system",
        log: "Notified Alice Adams",
        owner: "System",
      },
      {
        logTime: new Date(created + 90_000).toISOString(),
        logType: "alertState",
        log: "Alert acknowledged via mobile",
        owner: `Person ${i % 3}`,
      },
    ];
    const start = Number((q.get("after") ?? "").split("_")[0] || -1) + 1;
    const page = entries.slice(start, start + 2);
    const last = start + page.length - 1;
    json(200, {
      values: page,
      links:
        last < entries.length - 1
          ? { next: `/elsewhere/v1/alerts/x/logs?after=${last}_1492000072838234593` }
          : {},
    });
  }
}

/** The JSM pull tests' fake: 40 alerts every 2 hours from Thu 1 Oct 2026 00:00 UTC (some in support hours, most out). */
export const jsmOptions = (o: Partial<FakeAlertsOptions> = {}): FakeAlertsOptions => ({
  provider: "jsm",
  total: 40,
  start: Date.parse("2026-10-01T00:00:00Z"),
  step: 2 * 3600_000,
  ...o,
});

/** A JSM site's team config (Alice alone) written in `dir`; `extra` follows `provider: jsm`. */
export function jsmConfig(dir: string, extra = `  cloudId: ${CLOUD_ID}\n`): string {
  const path = join(dir, "oncall.config.yaml");
  writeFileSync(
    path,
    `timezone: Europe/London
supportHours: { days: [mon, tue, wed, thu, fri], start: "10:00", end: "18:00", holidays: england-and-wales }
people:
  - { id: alice, name: Alice Adams, email: alice@example.com }
opsgenie:
  provider: jsm
${extra}`,
  );
  return path;
}

/** The environment of an `alerts pull` against a fake JSM: its URL, Alice's email and token, a data directory. */
export function jsmEnv(url: string, dir: string): NodeJS.ProcessEnv {
  return {
    ONCALL_OPSGENIE_URL: url,
    ONCALL_JSM_EMAIL: JSM_EMAIL,
    JSM_API_TOKEN: JSM_TOKEN,
    ONCALL_DATA_DIR: dir,
    XDG_CONFIG_HOME: join(dir, "xdg"),
  };
}

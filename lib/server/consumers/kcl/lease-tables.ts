import "server-only";
// A scope's KCL lease tables: found by listing tables and recognising the lease table's key schema
// (one HASH key `leaseKey` of type S), or exactly those named in SHARDSCOPE_KCL_LEASE_TABLES
// (discovery off). Each is scanned (paged, bounded) with its KCL 3.x companions
// `<app>-WorkerMetricStats` and `<app>-CoordinatorState`, which are never applications of their own.
// The KCL's default application name is the table name, so the table names the application.
// Scans are shared by every viewer of the scope for the refresh interval.
import { DescribeTableCommand, ListTablesCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { parseLeaseTable, type DdbItem, type ParsedLeaseTable } from "@/lib/consumers/kcl-leases";
import { rememberLease, type LeaseMemory } from "@/lib/consumers/consumer-health";
import { dynamodbClient } from "@/lib/server/aws/clients";
import type { Scope } from "@/lib/server/targets/scope";
import { TtlCache } from "@/lib/server/util/ttl-cache";
import type { UsageTally } from "@/lib/server/consumers/source";

export const WORKER_METRICS_SUFFIX = "-WorkerMetricStats";
export const COORDINATOR_STATE_SUFFIX = "-CoordinatorState";

/** Bounds: an account with thousands of tables is named in settings instead (discovery off). */
const MAX_LISTED_TABLES = 2_000;
const MAX_SCAN_PAGES = 25;
const DESCRIBE_CONCURRENCY = 8;

export interface LeaseTableSettings {
  /** From SHARDSCOPE_KCL_LEASE_TABLES; undefined: discover. */
  leaseTables?: { table: string; stream?: string }[];
  refreshMs: number;
}

export interface LeaseTableRead {
  table: string;
  /** The stream pinned in settings (`table=stream`). */
  pin?: string;
  parsed?: ParsedLeaseTable;
  /** Why the table could not be read. */
  error?: string;
  /** The scan stopped at its bound: some leases are not shown. */
  truncated: boolean;
  /** Since when each lease's checkpoint and counter stood still (as watched by this server). */
  memory: Map<string, LeaseMemory>;
  readAt: number;
}

export interface LeaseTablesResult {
  tables: LeaseTableRead[];
  readAt: number;
}

interface KclState {
  /** Table name → whether it has the lease table's key schema (schemas do not change). */
  schemas: Map<string, boolean>;
  tables: TtlCache<LeaseTablesResult>;
  /** Table name → lease key → memory. Kept across refreshes (what stood still since when). */
  memory: Map<string, Map<string, LeaseMemory>>;
}

function kclState(scope: Scope, refreshMs: number): KclState {
  return scope.state("consumers.kcl.tables", () => ({
    schemas: new Map<string, boolean>(),
    tables: new TtlCache<LeaseTablesResult>(refreshMs, 4),
    memory: new Map<string, Map<string, LeaseMemory>>(),
  }));
}

async function listTableNames(client: DynamoDBClient, usage: UsageTally): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    usage.otherCalls++;
    const out = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start, Limit: 100 }));
    names.push(...(out.TableNames ?? []));
    start = out.LastEvaluatedTableName;
  } while (start && names.length < MAX_LISTED_TABLES);
  return names;
}

async function isLeaseTable(client: DynamoDBClient, table: string, usage: UsageTally): Promise<boolean> {
  usage.otherCalls++;
  const out = await client.send(new DescribeTableCommand({ TableName: table }));
  const keys = out.Table?.KeySchema ?? [];
  const def = out.Table?.AttributeDefinitions?.find((d) => d.AttributeName === "leaseKey");
  return keys.length === 1 && keys[0]?.AttributeName === "leaseKey" && keys[0]?.KeyType === "HASH" && def?.AttributeType === "S";
}

async function mapBounded<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

async function scanAll(client: DynamoDBClient, table: string, usage: UsageTally): Promise<{ items: DdbItem[]; truncated: boolean }> {
  const items: DdbItem[] = [];
  let start: Record<string, AttributeValue> | undefined;
  for (let page = 0; page < MAX_SCAN_PAGES; page++) {
    usage.otherCalls++;
    const out = await client.send(new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...((out.Items ?? []) as DdbItem[]));
    start = out.LastEvaluatedKey;
    if (!start) return { items, truncated: false };
  }
  return { items, truncated: true };
}

/** A companion table's items, or undefined when it does not exist (KCL 1.x/2.x, or 3.5's single table). */
async function scanCompanion(client: DynamoDBClient, table: string, present: Set<string> | undefined, usage: UsageTally): Promise<DdbItem[] | undefined> {
  if (present && !present.has(table)) return undefined;
  try {
    return (await scanAll(client, table, usage)).items;
  } catch (e) {
    if ((e as { name?: string }).name === "ResourceNotFoundException") return undefined;
    throw e;
  }
}

const message = (scope: Scope, e: unknown) => scope.awsError("DynamoDB", e).message;

async function readTables(scope: Scope, settings: LeaseTableSettings, state: KclState, usage: UsageTally): Promise<LeaseTablesResult> {
  const client = dynamodbClient(scope);
  let wanted: { table: string; stream?: string }[];
  let present: Set<string> | undefined;
  if (settings.leaseTables) {
    wanted = settings.leaseTables;
  } else {
    const names = await listTableNames(client, usage);
    present = new Set(names);
    const candidates = names.filter((n) => !n.endsWith(WORKER_METRICS_SUFFIX) && !n.endsWith(COORDINATOR_STATE_SUFFIX));
    const unknown = candidates.filter((n) => !state.schemas.has(n));
    await mapBounded(unknown, DESCRIBE_CONCURRENCY, async (n) => {
      try {
        state.schemas.set(n, await isLeaseTable(client, n, usage));
      } catch {
        // Deleted meanwhile, or no DescribeTable on this one: not an application we can show.
      }
    });
    wanted = candidates.filter((n) => state.schemas.get(n)).map((table) => ({ table }));
  }
  const now = Date.now();
  // Tables gone (or no longer configured) take their memory with them.
  const names = new Set(wanted.map((w) => w.table));
  for (const t of [...state.memory.keys()]) if (!names.has(t)) state.memory.delete(t);
  const tables = await mapBounded(wanted, DESCRIBE_CONCURRENCY, async ({ table, stream }): Promise<LeaseTableRead> => {
    const memory = state.memory.get(table) ?? new Map<string, LeaseMemory>();
    state.memory.set(table, memory);
    const base = { table, ...(stream ? { pin: stream } : {}), memory, readAt: now };
    try {
      const [main, workerMetrics, coordinatorState] = await Promise.all([
        scanAll(client, table, usage),
        scanCompanion(client, table + WORKER_METRICS_SUFFIX, present, usage),
        scanCompanion(client, table + COORDINATOR_STATE_SUFFIX, present, usage),
      ]);
      const parsed = parseLeaseTable(main.items, {
        ...(workerMetrics ? { workerMetrics } : {}),
        ...(coordinatorState ? { coordinatorState } : {}),
      });
      const seen = new Set<string>();
      for (const lease of parsed.leases) {
        seen.add(lease.leaseKey);
        memory.set(lease.leaseKey, rememberLease(memory.get(lease.leaseKey), lease, now));
      }
      for (const key of [...memory.keys()]) if (!seen.has(key)) memory.delete(key);
      return { ...base, parsed, truncated: main.truncated };
    } catch (e) {
      return { ...base, error: message(scope, e), truncated: false };
    }
  });
  return { tables, readAt: now };
}

/**
 * Every lease table of the scope, read at most once per refresh interval however many viewers ask.
 * A failure to list tables throws (the source fails); a table that cannot be read says so in its entry.
 */
export async function leaseTables(scope: Scope, settings: LeaseTableSettings, usage: UsageTally): Promise<LeaseTablesResult> {
  const state = kclState(scope, settings.refreshMs);
  try {
    return await state.tables.get("all", () => readTables(scope, settings, state, usage));
  } catch (e) {
    throw scope.awsError("DynamoDB", e);
  }
}

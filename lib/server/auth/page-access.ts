import "server-only";
// What a page may show the person viewing it: pages render on the server, so they ask here (from
// the request's headers) and hide what the role cannot do. The server refuses it anyway.
import { headers } from "next/headers";
import { roleAtLeast, type PageAccess } from "@/lib/auth/types";
import { getConfig } from "@/lib/server/config";
import { identityFromHeaders } from "./identity";
import { recordRights } from "./record-access";
import { authSettings } from "./settings";

export async function pageAccess(): Promise<PageAccess> {
  const settings = await authSettings();
  const id = await identityFromHeaders(await headers(), settings);
  const role = id?.role;
  const readOnly = getConfig().readOnly;
  const roleWrites = role !== undefined && roleAtLeast(role, "writer");
  return {
    ...(id ? { user: id.user } : {}),
    ...(role ? { role } : {}),
    auth: settings.mode,
    canWrite: !readOnly && roleWrites,
    ...(readOnly ? { writeBlocked: "read_only" as const } : roleWrites ? {} : { writeBlocked: "role" as const }),
    canAudit: role !== undefined && roleAtLeast(role, "admin"),
    canExport: recordRights(settings, role).export,
    openOnNetwork: settings.openOnNetwork,
    listenHost: settings.listenHost,
  };
}

// Types for audit-prod.mjs.
export interface Advisory {
  package: string;
  advisory: string;
  severity: string;
  title: string;
}
export interface AuditException {
  package: string;
  advisory: string;
  reason: string;
}
export const EXCEPTIONS_FILE: string;
export function advisories(report: unknown): Advisory[];
export function judgeAudit(report: unknown, exceptions: AuditException[]): { unexplained: Advisory[]; stale: AuditException[] };
export function readExceptions(file?: string): AuditException[];

import type { ImportReportEntry } from '../api';

/**
 * The report of an import, kept for the editor that opens its draft next: the import answers it once, and the
 * canvas shows it until it is dismissed (for this browser tab's session).
 */
const key = (workflowId: string) => `webops.import-report.${workflowId}`;

export function keepImportReport(workflowId: string, report: ImportReportEntry[]): void {
  sessionStorage.setItem(key(workflowId), JSON.stringify(report));
}

export function importReportOf(workflowId: string | null | undefined): ImportReportEntry[] | null {
  if (!workflowId) return null;
  const kept = sessionStorage.getItem(key(workflowId));
  return kept ? (JSON.parse(kept) as ImportReportEntry[]) : null;
}

export function forgetImportReport(workflowId: string): void {
  sessionStorage.removeItem(key(workflowId));
}

import { useState } from 'react';
import { forgetImportReport, importReportOf } from '../editor/importReport';

/** The report of the import that made this draft: each source node, mapped or not, and why; shown until dismissed. */
export function ImportReport({ workflowId }: { workflowId: string | null }) {
  const [report, setReport] = useState(() => importReportOf(workflowId));
  if (!workflowId || !report) return null;
  const unsupported = report.filter((r) => r.status === 'unsupported').length;
  return (
    <section className="banner info import-report" aria-label="Import report">
      <strong>
        Imported: {report.length - unsupported} node{report.length - unsupported === 1 ? '' : 's'} mapped, {unsupported} not
      </strong>{' '}
      <button
        className="link"
        aria-label="Dismiss import report"
        onClick={() => {
          forgetImportReport(workflowId);
          setReport(null);
        }}
      >
        ×
      </button>
      <table className="list">
        <tbody>
          {report.map((r, i) => (
            <tr key={i} data-status={r.status}>
              <td>{r.node}</td>
              <td>
                <span className={`badge ${r.status === 'mapped' ? 'active' : 'failed'}`}>{r.status}</span>
              </td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

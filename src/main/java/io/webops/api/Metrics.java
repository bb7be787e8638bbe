package io.webops.api;

import io.webops.history.WorkflowRecord;
import java.util.List;

/** Prometheus text exposition of the per-workflow statistics. */
final class Metrics {

    private Metrics() {
    }

    static String prometheus(List<WorkflowRecord> workflows, int running) {
        StringBuilder b = new StringBuilder();
        b.append("# HELP webops_executions_running Executions in flight\n# TYPE webops_executions_running gauge\n")
                .append("webops_executions_running ").append(running).append('\n');
        b.append("# HELP webops_executions_total Executions per workflow and outcome\n# TYPE webops_executions_total counter\n");
        for (WorkflowRecord w : workflows) {
            String id = w.id().replace("\"", "");
            b.append("webops_executions_total{workflow=\"").append(id).append("\",status=\"success\"} ")
                    .append(w.stats().successfulExecutions()).append('\n');
            b.append("webops_executions_total{workflow=\"").append(id).append("\",status=\"failed\"} ")
                    .append(w.stats().failedExecutions()).append('\n');
        }
        b.append("# HELP webops_execution_duration_ms_avg Average execution duration\n# TYPE webops_execution_duration_ms_avg gauge\n");
        for (WorkflowRecord w : workflows) {
            b.append("webops_execution_duration_ms_avg{workflow=\"").append(w.id().replace("\"", "")).append("\"} ")
                    .append(w.stats().averageDurationMs()).append('\n');
        }
        return b.toString();
    }
}

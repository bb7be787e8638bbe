package io.webops.api;

import io.webops.history.WorkflowRecord;
import io.webops.runtime.Engine;
import java.util.List;

/**
 * The runtime's own series of {@code /observe/metrics}: per workflow from the history statistics (they outlive
 * restarts and redeploys), and each node's own time. A node's runs, failures and route time are Camel's route metrics
 * ({@code camel_exchanges_total} ... by {@code routeId}), which follow these.
 */
final class Metrics {

    private Metrics() {
    }

    /** A label value as the exposition format wants it: backslash, quote and newline escaped. */
    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String prometheus(List<WorkflowRecord> workflows, List<Engine.NodeMetrics> nodes, int running) {
        StringBuilder b = new StringBuilder();
        b.append("# HELP webops_executions_running Executions in flight\n# TYPE webops_executions_running gauge\n")
                .append("webops_executions_running ").append(running).append('\n');
        b.append("# HELP webops_executions_total Executions per workflow and outcome\n# TYPE webops_executions_total counter\n");
        for (WorkflowRecord w : workflows) {
            String id = label(w.id());
            b.append("webops_executions_total{workflow=\"").append(id).append("\",status=\"success\"} ")
                    .append(w.stats().successfulExecutions()).append('\n');
            b.append("webops_executions_total{workflow=\"").append(id).append("\",status=\"failed\"} ")
                    .append(w.stats().failedExecutions()).append('\n');
        }
        b.append("# HELP webops_execution_duration_ms_avg Average execution duration\n# TYPE webops_execution_duration_ms_avg gauge\n");
        for (WorkflowRecord w : workflows) {
            b.append("webops_execution_duration_ms_avg{workflow=\"").append(label(w.id())).append("\"} ")
                    .append(w.stats().averageDurationMs()).append('\n');
        }
        b.append("# HELP webops_node_seconds_total Time spent in the node's own work in successful runs, without the")
                .append(" successors it starts (camel_route_policy_seconds of a node route includes them)\n")
                .append("# TYPE webops_node_seconds_total counter\n");
        for (Engine.NodeMetrics n : nodes) {
            b.append("webops_node_seconds_total{workflow=\"").append(label(n.workflowId())).append("\",node=\"")
                    .append(label(n.nodeId())).append("\",type=\"").append(n.type()).append("\"} ").append(n.seconds()).append('\n');
        }
        return b.toString();
    }
}

package io.webops.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.Executions.Sample;
import io.webops.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The dashboard's numbers over the executions of a window: how many started in each hour by status, and per workflow
 * the counts and the p50/p95 duration of the finished ones (nearest rank), the workflows with failures first.
 */
final class ExecutionStats {

    static final List<String> STATUSES = List.of("success", "failed", "timeout", "cancelled", "running", "pending");

    private ExecutionStats() {
    }

    /**
     * {@code {from, to, per_hour: [{hour, success, failed, timeout, cancelled, running, pending}], workflows:
     * [{workflow_id, name, total, failed, success, p50_ms, p95_ms}]}}, every hour of the window present.
     */
    static ObjectNode of(List<Sample> samples, Instant now, int hours, Function<String, String> nameOf) {
        Instant from = windowStart(now, hours);
        Instant to = from.plus(hours, ChronoUnit.HOURS);
        Map<Instant, Map<String, Integer>> perHour = new TreeMap<>();
        for (Instant h = from; h.isBefore(to); h = h.plus(1, ChronoUnit.HOURS)) {
            perHour.put(h, new LinkedHashMap<>());
        }
        Map<String, List<Sample>> perWorkflow = new LinkedHashMap<>();
        for (Sample s : samples) {
            Map<String, Integer> hour = perHour.get(s.startedAt().truncatedTo(ChronoUnit.HOURS));
            if (hour != null) {
                hour.merge(s.status(), 1, Integer::sum);
            }
            perWorkflow.computeIfAbsent(s.workflowId(), k -> new ArrayList<>()).add(s);
        }
        ObjectNode out = Json.object().put("from", from.toString()).put("to", to.toString());
        ArrayNode hoursOut = out.putArray("per_hour");
        perHour.forEach((h, counts) -> {
            ObjectNode row = hoursOut.addObject().put("hour", h.toString());
            STATUSES.forEach(st -> row.put(st, counts.getOrDefault(st, 0)));
        });
        List<ObjectNode> workflows = new ArrayList<>();
        perWorkflow.forEach((id, list) -> {
            long failed = list.stream().filter(s -> s.status().equals("failed") || s.status().equals("timeout")).count();
            List<Long> durations = list.stream().map(Sample::durationMs).filter(d -> d != null).sorted().toList();
            ObjectNode w = Json.object().put("workflow_id", id).put("name", nameOf.apply(id))
                    .put("total", list.size()).put("failed", failed)
                    .put("success", list.stream().filter(s -> s.status().equals("success")).count());
            w.put("p50_ms", percentile(durations, 50));
            w.put("p95_ms", percentile(durations, 95));
            workflows.add(w);
        });
        workflows.sort(Comparator.<ObjectNode>comparingLong(w -> -w.get("failed").asLong())
                .thenComparingLong(w -> -w.get("total").asLong()));
        out.putArray("workflows").addAll(workflows);
        return out;
    }

    /** The start of a window of whole hours that ends with the current one. */
    static Instant windowStart(Instant now, int hours) {
        return now.truncatedTo(ChronoUnit.HOURS).minus(hours - 1L, ChronoUnit.HOURS);
    }

    /** The nearest-rank percentile of sorted values; null when there are none. */
    static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}

package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.NodeLog;
import io.webops.history.TruncatedValues;
import io.webops.json.Json;
import io.webops.model.Connection;
import io.webops.nodes.NodeResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A run of part of a workflow: which nodes run, and the outputs some nodes give without running. A replay reuses what
 * the nodes before its start node produced in an earlier execution; a test run gives pinned nodes their pinned value
 * and, up to a node, runs that node and its ancestors only. A node that does not run is skipped (its route does nothing,
 * as after a cancel); a node that gives a kept output completes with it, so the graph's own readiness, joins and skips
 * decide the rest. Conditions still test their input (the same input takes the same branch), splits iterate the items
 * they output, and nodes inside one split or loop reuse their output item by item.
 */
public final class PartialRun {

    /** Why a partial run cannot start; the message names the node and what to do. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The nodes that run (null: every node). */
    private final Set<String> runs;
    /** Outputs given at the top level, or for every item of a node inside a split (a pin). */
    private final Map<String, JsonNode> outputs = new HashMap<>();
    /** Outputs given per item, for nodes inside one split or loop (an execution's, item by item). */
    private final Map<String, Map<Integer, JsonNode>> itemOutputs = new HashMap<>();
    private final Map<String, JsonNode> details = new HashMap<>();
    /** The node a test run goes up to: its output is the execution's. */
    final String target;

    private PartialRun(Set<String> runs, String target) {
        this.runs = runs;
        this.target = target;
    }

    /**
     * Runs {@code from}'s workflow again from {@code fromNode}: the nodes that are neither it nor after it give what
     * they produced in {@code from}; the others run (also those {@code from} never reached).
     */
    static PartialRun replay(Plan plan, ExecutionRecord from, String fromNode) {
        NodePlan start = node(plan, fromNode, "from_node");
        Set<NodePlan> again = reachable(start, p -> p.outgoing.stream().map(c -> c.target).toList());
        PartialRun partial = new PartialRun(null, null);
        JsonNode reused = Json.object().put("reused_from", from.id());
        Map<String, java.util.List<NodeLog>> logs = logsByNode(from);
        for (NodePlan p : plan.nodes) {
            if (again.contains(p)) {
                continue;
            }
            for (NodeLog log : logs.getOrDefault(p.id(), java.util.List.of())) {
                switch (log.status()) {
                    case "success", "disabled" -> partial.keep(p, log, from, reused, "replay from it or from a node before it");
                    case "failed" -> throw new Refused("Node '" + p.id() + "' failed in execution " + from.id()
                            + " and its error is not kept: replay from '" + p.id() + "' or from a node before it");
                    default -> { } // skipped: the same input skips it again
                }
            }
        }
        return partial;
    }

    /**
     * A test run: pinned nodes give their pinned value ({@code pins}: node id to value). With {@code toNode}, only it and
     * its ancestors run; with {@code single}, only it runs and every ancestor gives its pin or, without one, what it
     * produced in {@code recorded} (refused when it has neither).
     */
    static PartialRun test(Plan plan, JsonNode pins, String toNode, boolean single, ExecutionRecord recorded) {
        NodePlan target = toNode == null ? null : node(plan, toNode, "to_node");
        Set<NodePlan> upTo = target == null ? null : reachable(target, p -> p.incoming.stream().map(c -> c.source).toList());
        Set<String> runs = null;
        if (upTo != null) {
            runs = new LinkedHashSet<>();
            for (NodePlan p : upTo) {
                runs.add(p.id());
            }
        }
        PartialRun partial = new PartialRun(runs, toNode);
        JsonNode pinned = Json.object().put("pinned", true);
        if (pins != null) {
            pins.fields().forEachRemaining(pin -> {
                NodePlan p = node(plan, pin.getKey(), "pin_data");
                if (p != target && (upTo == null || upTo.contains(p))) {
                    partial.outputs.put(p.id(), pin.getValue());
                    partial.details.put(p.id(), pinned);
                }
            });
        }
        if (single) {
            if (target == null) {
                throw new Refused("single needs to_node: the node to run");
            }
            Map<String, java.util.List<NodeLog>> logs = recorded == null ? Map.of() : logsByNode(recorded);
            JsonNode reused = recorded == null ? null : Json.object().put("reused_from", recorded.id());
            for (NodePlan p : upTo) {
                if (p == target || partial.outputs.containsKey(p.id())) {
                    continue;
                }
                boolean kept = false;
                for (NodeLog log : logs.getOrDefault(p.id(), java.util.List.of())) {
                    if ("success".equals(log.status()) || "disabled".equals(log.status())) {
                        partial.keep(p, log, recorded, reused, "pin data on '" + p.id() + "' instead");
                        kept = true;
                    }
                }
                if (!kept) {
                    throw new Refused("Node '" + toNode + "' needs the output of '" + p.id() + "': pin data on '" + p.id()
                            + "' or run the workflow up to '" + p.id() + "' first");
                }
            }
        }
        return partial;
    }

    /** Keeps what a node produced in an execution, at the top level or for its item. */
    private void keep(NodePlan p, NodeLog log, ExecutionRecord from, JsonNode reused, String instead) {
        if (TruncatedValues.isMarker(log.output())) {
            throw new Refused("Node '" + p.id() + "': its output in execution " + from.id() + " was larger than "
                    + "WEBOPS_HISTORY_MAX_VALUE_BYTES and only its start was kept; " + instead);
        }
        JsonNode output = log.output() == null ? Json.NODES.nullNode() : log.output();
        if (p.region == null) {
            outputs.put(p.id(), output);
        } else if (p.region.owner.region != null) {
            throw new Refused("Node '" + p.id() + "' runs inside nested splits or loops, whose items execution "
                    + from.id() + " does not tell apart; " + instead);
        } else if (log.item() != null) {
            itemOutputs.computeIfAbsent(p.id(), k -> new HashMap<>()).put(log.item(), output);
        }
        details.put(p.id(), reused);
    }

    /** Whether a node runs in this partial run. */
    boolean runs(NodePlan p) {
        return runs == null || runs.contains(p.id());
    }

    /** The output a node gives without running in this scope, or null when it runs. */
    NodeResult kept(NodePlan p, Scope scope) {
        JsonNode output = null;
        Map<Integer, JsonNode> items = itemOutputs.get(p.id());
        if (items != null && scope.region != null) {
            output = items.get(scope.index);
        }
        if (output == null) {
            output = outputs.get(p.id());
        }
        return output == null ? null : new NodeResult(output, Connection.OUTPUT, null, details.get(p.id()));
    }

    /** The nodes that do not run (logged skipped when the run starts). */
    java.util.List<NodePlan> notRun(Plan plan) {
        return runs == null ? java.util.List.of() : plan.nodes.stream().filter(p -> !runs(p)).toList();
    }

    private static NodePlan node(Plan plan, String id, String field) {
        NodePlan p = id == null ? null : plan.byId.get(id);
        if (p == null) {
            throw new IllegalArgumentException(field + " '" + id + "' is not a node of workflow '" + plan.workflowId + "'");
        }
        return p;
    }

    private static Set<NodePlan> reachable(NodePlan from, Function<NodePlan, java.util.List<NodePlan>> next) {
        Set<NodePlan> seen = new LinkedHashSet<>();
        Deque<NodePlan> todo = new ArrayDeque<>();
        todo.add(from);
        while (!todo.isEmpty()) {
            NodePlan p = todo.poll();
            if (seen.add(p)) {
                todo.addAll(next.apply(p));
            }
        }
        return seen;
    }

    private static Map<String, java.util.List<NodeLog>> logsByNode(ExecutionRecord from) {
        Map<String, java.util.List<NodeLog>> byNode = new HashMap<>();
        if (from.nodeLogs() != null) {
            for (NodeLog log : from.nodeLogs()) {
                byNode.computeIfAbsent(log.nodeId(), k -> new java.util.ArrayList<>()).add(log);
            }
        }
        return byNode;
    }
}

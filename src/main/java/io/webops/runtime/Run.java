package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.NodeLog;
import io.webops.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** One execution in flight: its plan, its state, and the record it becomes when it ends. */
final class Run {

    /** Why an execution stopped before its graph was done. */
    enum Stop { CANCELLED, TIMEOUT, INSTANCE_STOPPED }

    /** The first failure that ended the execution. */
    record Failure(String message, String traceback, ObjectNode error) {
    }

    /** A sink's output, with the item path it was produced for. */
    private record SinkOutput(NodePlan node, int[] itemPath, JsonNode output) {
    }

    final String id;
    final Deployment deployment;
    final Plan plan;
    final String triggerType;
    final JsonNode triggerData;
    final JsonNode input;
    /** What part of the workflow runs, for a replay or a test run; null for a whole run. */
    final PartialRun partial;
    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();
    final Scope root;
    /** When the workflow's timeout ends the execution (System.nanoTime()). */
    final long deadlineNanos;
    final CompletableFuture<ExecutionRecord> done = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<NodeLog> logs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<SinkOutput> sinkOutputs = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Stop stop;
    private volatile boolean catchAllPhase;
    private volatile Response response;
    private ObjectNode executionView;

    /** The HTTP answer a respond node set for a when_finished webhook. */
    record Response(int status, JsonNode headers, JsonNode body) {
    }

    private final ExecutionWatch watch;

    Run(String id, Deployment deployment, String triggerType, JsonNode triggerData, JsonNode input, ExecutionWatch watch) {
        this(id, deployment, triggerType, triggerData, input, watch, null);
    }

    Run(String id, Deployment deployment, String triggerType, JsonNode triggerData, JsonNode input, ExecutionWatch watch,
        PartialRun partial) {
        this.id = id;
        this.partial = partial;
        this.watch = watch;
        this.deployment = deployment;
        this.plan = deployment.plan;
        this.triggerType = triggerType;
        this.triggerData = triggerData;
        this.input = input;
        this.root = new Scope(this, null, null, null, -1);
        this.deadlineNanos = startNanos + plan.workflow.settings().timeoutSeconds() * 1_000_000_000L;
    }

    boolean mayRun(NodePlan node) {
        return stop == null && (failure.get() == null || catchAllPhase) && (partial == null || partial.runs(node));
    }

    boolean failed() {
        return failure.get() != null;
    }

    Failure failure() {
        return failure.get();
    }

    /** Records the first failure; later ones (from branches still finishing) are only logged per node. */
    void fail(Failure f) {
        failure.compareAndSet(null, f);
    }

    void enterCatchAllPhase() {
        catchAllPhase = true;
    }

    void respond(Response r) {
        response = r;
    }

    Response response() {
        return response;
    }

    void log(NodeLog log) {
        logs.add(log);
        watch.changed(id, () -> record("running", null, null, null, null));
    }

    void logSkipped(Scope scope, NodePlan node) {
        log(new NodeLog(node.id(), "skipped", 0, null, 0, null, null, null, scope.region == null ? null : scope.index));
    }

    void sinkOutput(Scope scope, NodePlan node, JsonNode output) {
        sinkOutputs.add(new SinkOutput(node, scope.itemPath(), output));
    }

    /** Marks the execution stopped (cancel or timeout); returns false if it had already ended. */
    boolean stop(Stop reason) {
        if (ended.get()) {
            return false;
        }
        stop = reason;
        return true;
    }

    Stop stopped() {
        return stop;
    }

    /** Claims the right to write the final record; only the first caller gets it. */
    boolean claimEnd() {
        return ended.compareAndSet(false, true);
    }

    boolean ended() {
        return ended.get();
    }

    synchronized ObjectNode executionView() {
        if (executionView == null) {
            executionView = Json.object()
                    .put("id", id)
                    .put("workflow_id", plan.workflowId)
                    .put("workflow_version", plan.version)
                    .put("trigger_type", triggerType)
                    .put("started_at", startedAt.toString());
        }
        return executionView;
    }

    /** The output of §4: one sink gives its output, several an object keyed by node id; a test run up to a node, its output. */
    JsonNode output() {
        if (partial != null && partial.target != null) {
            JsonNode target = root.outputOf(plan.byId.get(partial.target));
            return target == null ? Json.NODES.nullNode() : target;
        }
        List<SinkOutput> outs = new ArrayList<>(sinkOutputs);
        if (outs.isEmpty()) {
            return Json.NODES.nullNode();
        }
        outs.sort(Comparator.<SinkOutput>comparingInt(o -> o.node.index).thenComparing(o -> o.itemPath, Arrays::compare));
        ObjectNode byNode = Json.object();
        for (SinkOutput o : outs) {
            if (o.itemPath.length == 0) {
                byNode.set(o.node.id(), o.output);
            } else {
                JsonNode list = byNode.get(o.node.id());
                if (list == null) {
                    list = byNode.putArray(o.node.id());
                }
                ((com.fasterxml.jackson.databind.node.ArrayNode) list).add(o.output);
            }
        }
        return byNode.size() == 1 ? byNode.elements().next() : byNode;
    }

    List<NodeLog> logs() {
        return new ArrayList<>(logs);
    }

    ExecutionRecord record(String status, Instant completedAt, JsonNode output, String error, String traceback) {
        Long duration = completedAt == null ? null : Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
        return new ExecutionRecord(id, plan.workflowId, plan.version, status, triggerType, triggerData, input,
                output, error, traceback, startedAt, completedAt, duration, logs());
    }
}

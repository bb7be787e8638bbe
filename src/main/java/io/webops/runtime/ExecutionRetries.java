package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.ExecutionRecord;
import io.webops.json.Json;
import io.webops.model.Settings;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The workflow settings {@code retry_on_failure} and {@code max_retries}: an execution that ended {@code failed} is run
 * again with the same input, up to {@code max_retries} times, after a doubling delay ({@link EngineSettings.Reruns}).
 * Each re-run is an execution of its own whose trigger data says {@code retry_of} (the first, failed execution),
 * {@code retry_attempt} (1, 2, ...), {@code previous_execution} and {@code original_trigger}.
 *
 * <p>Only unattended runs are re-run: those a schedule, an event or a webhook answered at once (202) started. A run
 * from the editor has someone watching it, a sub-workflow's parent decides about its own failure, a run of the Retry
 * button is the user's one try, and the sender of a {@code when_finished} webhook got the failure as its answer (and
 * retries on its own, as GitHub and Stripe do). Executions that ended {@code timeout} or {@code cancelled} are not re-run: the first used its whole
 * time, the second was stopped on purpose. A re-run is waited for in memory: one pending when the server stops is
 * dropped, as is one whose workflow is no longer active by then.
 */
final class ExecutionRetries {

    /** Starts a re-run (in the background); false when the workflow is no longer active and deployed. */
    @FunctionalInterface
    interface Starter {
        boolean start(String workflowId, JsonNode input, String triggerType, JsonNode triggerData);
    }

    private static boolean unattended(Run run) {
        return ExecutionLifecycle.unattended(run.triggerType, run.plan.workflow.trigger());
    }

    private final EngineSettings.Reruns reruns;
    private final ScheduledExecutorService timer;
    private final Executor pool;

    /** {@code timer} waits out the delays; the re-runs start on {@code pool}. */
    ExecutionRetries(EngineSettings.Reruns reruns, ScheduledExecutorService timer, Executor pool) {
        this.reruns = reruns;
        this.timer = timer;
        this.pool = pool;
    }

    /**
     * Schedules the re-run of an execution that ended as recorded, when its workflow asks for one; {@code dropped} is
     * called when the re-run does not happen after all. Answers whether one was scheduled.
     */
    boolean afterEnd(Run run, ExecutionRecord record, Starter starter, Runnable dropped) {
        if (reruns == null || !"failed".equals(record.status()) || !unattended(run)) {
            return false;
        }
        Settings settings = run.plan.workflow.settings();
        JsonNode trigger = run.triggerData == null ? Json.NODES.nullNode() : run.triggerData;
        boolean chained = trigger.has("retry_attempt");
        if (!settings.retryOnFailure() || trigger.has("retry_of") && !chained) {
            return false;
        }
        int attempt = chained ? trigger.path("retry_attempt").asInt() + 1 : 1;
        if (attempt > settings.maxRetries()) {
            return false;
        }
        ObjectNode data = Json.object()
                .put("retry_of", chained ? trigger.path("retry_of").asText() : run.id)
                .put("retry_attempt", attempt)
                .put("previous_execution", run.id);
        data.set("original_trigger", chained ? trigger.path("original_trigger") : trigger);
        try {
            timer.schedule(() -> pool.execute(() -> {
                if (!starter.start(run.plan.workflowId, run.input, run.triggerType, data)) {
                    dropped.run();
                }
            }), reruns.delayMillis(attempt), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            return false;
        }
    }
}

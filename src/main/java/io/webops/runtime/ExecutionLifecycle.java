package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionIds;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.workers.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of executions: starts them on a deployed version, keeps those running, ends them (success, failure,
 * timeout from the watchdog's sweep, cancel), writes their final record and tells whoever waits or follows.
 */
final class ExecutionLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionLifecycle.class);

    private final CamelContext camel;
    private final Store store;
    private final EngineSettings settings;
    private final Function<String, Deployment> deployed;
    private final WorkflowRoutes routes;
    private final EventTriggers eventTriggers;
    private final ExecutorService background;
    /** Sub-workflows a parent waits for: a thread each, so nesting never waits for a pooled one. */
    private final ExecutorService children;
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final ExecutionWatch watch;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webops-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Worker overdueWorker = new Worker("webops-watchdog",
            Duration.ofSeconds(10));
    private final ExecutionRetries retries;
    /** When the drain of a stopping instance ends ({@link System#nanoTime()}); 0 while it runs normally. */
    private volatile long stoppingUntilNanos;

    ExecutionLifecycle(CamelContext camel, Store store, EngineSettings settings, Function<String, Deployment> deployed,
                       WorkflowRoutes routes, EventTriggers eventTriggers, ExecutorService background,
                       ExecutorService children) {
        this.camel = camel;
        this.store = store;
        this.watch = new ExecutionWatch(store.executions()::asStored);
        this.settings = settings;
        this.deployed = deployed;
        this.routes = routes;
        this.eventTriggers = eventTriggers;
        this.background = background;
        this.children = children;
        this.retries = new ExecutionRetries(settings.reruns(), watchdog, background);
        // one sweep for every execution's timeout, instead of a timer task per execution
        ScheduledFuture<?> sweep = watchdog.scheduleWithFixedDelay(overdueWorker.guard(this::endOverdue),
                200, 200, TimeUnit.MILLISECONDS);
        overdueWorker.runsWhile(() -> !sweep.isDone() && !watchdog.isShutdown(), "its schedule has ended");
    }

    /** The watchdog's sweep, for health. */
    Worker overdueWorker() {
        return overdueWorker;
    }

    /**
     * Starts an execution of the deployed version of a workflow and runs it on the calling
     * thread as far as it goes synchronously (a webhook's worker thread, a Quartz thread).
     */
    Engine.Started start(String workflowId, JsonNode input, String triggerType, JsonNode triggerData) {
        Engine.Started started = prepare(ExecutionIds.next(), workflowId, input, triggerType, triggerData, false);
        launch(started.run());
        return started;
    }

    /**
     * Starts an execution on a pool thread and returns at once (manual runs, retries, 202 webhooks). With
     * {@code durable}, the started record is written without lingering and {@link Engine.Started#recorded} completes
     * once it is committed.
     */
    Engine.Started startInBackground(String workflowId, JsonNode input, String triggerType, JsonNode triggerData,
                                     boolean durable) {
        Engine.Started started = prepare(ExecutionIds.next(), workflowId, input, triggerType, triggerData, durable);
        background.execute(() -> launch(started.run()));
        return started;
    }

    /**
     * Runs again, from its start and under its own id, an execution this instance left running when its process
     * died (a 202 webhook's, a schedule's, an event's: nobody waits for those). False when its workflow is no longer
     * deployed here; the caller ends it then.
     */
    boolean resume(ExecutionRecord interrupted) {
        if (deployed.apply(interrupted.workflowId()) == null) {
            return false;
        }
        Engine.Started started = prepare(interrupted.id(), interrupted.workflowId(), interrupted.input(),
                interrupted.triggerType(), interrupted.triggerData(), false);
        LOG.info("Execution {} of {} resumed from its start: the instance running it stopped before it finished",
                started.id(), interrupted.workflowId());
        background.execute(() -> launch(started.run()));
        return true;
    }

    /**
     * Records, without running it, an execution nobody waits for that a schedule or an event started while this
     * instance stops: whoever resumes this instance's executions (another instance, as soon as this one gives its
     * lease up, or this one's next start) runs it. Returns once the record is committed.
     */
    String leaveForResume(String workflowId, JsonNode input, String triggerType, JsonNode triggerData) {
        Deployment d = deployed.apply(workflowId);
        if (d == null) {
            throw new IllegalStateException("Workflow '" + workflowId + "' is not deployed");
        }
        Run run = new Run(ExecutionIds.next(), d, triggerType, triggerData, input, watch);
        store.executions().startedDurably(run.record("running", null, null, null, null)).join();
        LOG.info("Execution {} of {} ({}) recorded to run after this instance has stopped", run.id, workflowId, triggerType);
        return run.id;
    }

    /** Whether nobody waits for an execution of this trigger (schedule, event, a 202 webhook's): it may run again. */
    static boolean unattended(String triggerType, io.webops.model.Trigger trigger) {
        return switch (triggerType) {
            case "schedule", "event" -> true;
            case "webhook" -> trigger == null || trigger.respond() != io.webops.model.Trigger.Respond.WHEN_FINISHED;
            default -> false;
        };
    }

    /**
     * Starts, on a pool thread, a run of part of a workflow's deployed version (a replay, a test run): {@code partial}
     * says from the deployed plan which nodes run and what the others give, or refuses ({@link PartialRun.Refused}).
     */
    Engine.Started startPartial(String workflowId, JsonNode input, String triggerType, JsonNode triggerData,
                                Function<Plan, PartialRun> partial) {
        Engine.Started started = prepare(ExecutionIds.next(), workflowId, input, triggerType, triggerData, false, partial);
        background.execute(() -> launch(started.run()));
        return started;
    }

    /**
     * Starts a sub-workflow its parent will wait for, on a thread of its own: the parent's thread
     * is inside Camel's reactive loop, which would not run a nested execution while it waits.
     */
    Engine.Started startChild(String workflowId, JsonNode input, JsonNode triggerData) {
        Engine.Started started = prepare(ExecutionIds.next(), workflowId, input, "sub_workflow", triggerData, false);
        children.execute(() -> launch(started.run()));
        return started;
    }

    /** Creates the execution, records it as running and arms its timeout. */
    private Engine.Started prepare(String id, String workflowId, JsonNode input, String triggerType, JsonNode triggerData,
                                   boolean durable) {
        return prepare(id, workflowId, input, triggerType, triggerData, durable, d -> null);
    }

    /** {@link #prepare}, for a run of part of the workflow that {@code partial} makes from its deployed plan. */
    private Engine.Started prepare(String id, String workflowId, JsonNode input, String triggerType, JsonNode triggerData,
                                   boolean durable, Function<Plan, PartialRun> partial) {
        long stoppingUntil = this.stoppingUntilNanos;
        if (stoppingUntil != 0) {
            throw new Engine.Stopping(secondsLeft(stoppingUntil));
        }
        Deployment d = deployed.apply(workflowId);
        if (d == null) {
            throw new IllegalStateException("Workflow '" + workflowId + "' is not deployed");
        }
        Run run = new Run(id, d, triggerType, triggerData, input, watch, partial.apply(d.plan));
        d.inFlight.incrementAndGet();
        running.put(run.id, run);
        CompletableFuture<Void> recorded = CompletableFuture.completedFuture(null);
        try {
            ExecutionRecord started = run.record("running", null, null, null, null);
            if (durable) {
                recorded = store.executions().startedDurably(started);
            } else {
                store.executions().started(started);
            }
        } catch (RuntimeException | Error e) {
            // a value the store cannot write (its trigger data or input): the execution ends at once, never runs
            if (run.claimEnd()) {
                running.remove(run.id);
                ended(run, endUnstored(run, run.record("running", Instant.now(), null, null, null), e), true);
            }
        }
        return new Engine.Started(run.id, run.done, run, recorded);
    }

    /** Sends the execution into its start route: the roots get the input. */
    private void launch(Run run) {
        Deployment d = run.deployment;
        if (run.ended()) { // it could not be recorded, or was cancelled before it began
            released(d);
            return;
        }
        for (NodePlan root : d.plan.roots) {
            run.root.state(root).arrivals.set(0, run.input);
        }
        if (run.partial != null) {
            run.partial.notRun(d.plan).forEach(p -> run.logSkipped(run.root, p));
        }
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Exchanges.SCOPE, run.root);
        exchange.getMessage().setBody(run.input);
        try {
            d.start.process(exchange, doneSync -> {
                if (exchange.getException() != null || !run.ended()) {
                    finish(run, exchange.getException());
                }
                released(d);
            });
        } catch (RuntimeException | Error e) { // an Error too: the execution must end, whatever broke
            finish(run, e);
            released(d);
        }
    }

    private void released(Deployment d) {
        if (d.inFlight.decrementAndGet() == 0 && d.retired) {
            routes.removeLater(d);
        }
    }

    /** Ends an execution whose graph has run (or broke): success, or failed with its first failure. */
    void finish(Run run, Throwable unexpected) {
        if (unexpected != null) {
            run.fail(new Run.Failure("Execution failed: " + SharedBeans.message(unexpected), SharedBeans.traceback(unexpected), Json.object()));
        }
        if (!run.claimEnd()) {
            return;
        }
        Run.Failure f = run.failure();
        ExecutionRecord record = f == null
                ? run.record("success", Instant.now(), run.output(), null, null)
                : run.record("failed", Instant.now(), run.output(), f.message(), f.traceback());
        end(run, record);
    }

    /** The secret values of a plan's credentials (from the vault's short cache). */
    private List<String> secretsOf(Plan plan) {
        List<String> secrets = new ArrayList<>();
        for (String id : plan.credentialIds) {
            try {
                secrets.addAll(settings.credentials().open(id, null).secretValues());
            } catch (RuntimeException gone) {
                // a credential deleted meanwhile: nothing of it can be in this run's record
            }
        }
        return secrets;
    }

    private void endOverdue() {
        long now = System.nanoTime();
        for (Run run : running.values()) {
            if (now - run.deadlineNanos > 0) {
                stop(run, Run.Stop.TIMEOUT);
            }
        }
    }

    private void stop(Run run, Run.Stop reason) {
        if (!run.stop(reason) || !run.claimEnd()) {
            return;
        }
        String status = switch (reason) {
            case TIMEOUT -> "timeout";
            case CANCELLED -> "cancelled";
            case INSTANCE_STOPPED -> "failed";
        };
        String message = switch (reason) {
            case TIMEOUT -> "Execution exceeded the workflow timeout of " + run.plan.workflow.settings().timeoutSeconds() + " s";
            case CANCELLED -> "Execution was cancelled";
            case INSTANCE_STOPPED -> "Instance stopped before the execution finished (it had WEBOPS_DRAIN_SECONDS to finish)";
        };
        end(run, run.record(status, Instant.now(), null, message, null));
    }

    private void end(Run run, ExecutionRecord unscrubbed) {
        running.remove(run.id);
        ExecutionRecord record = stored(run, unscrubbed);
        // a failure that will be re-run is not the workflow's last word: its followers hear of the last attempt
        boolean rerun = retries.afterEnd(run, record, this::rerun, () -> eventTriggers.publish(record));
        ended(run, record, !rerun);
    }

    /** Starts a re-run of a failed execution, if its workflow is still deployed and active. */
    private boolean rerun(String workflowId, JsonNode input, String triggerType, JsonNode triggerData) {
        boolean active = store.workflows().get(workflowId).map(w -> "active".equals(w.status())).orElse(false);
        if (!active || deployed.apply(workflowId) == null) {
            LOG.info("Workflow {} is no longer active: its failed execution {} is not re-run", workflowId,
                    triggerData.path("previous_execution").asText());
            return false;
        }
        try {
            launch(prepare(ExecutionIds.next(), workflowId, input, triggerType, triggerData, false).run());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Workflow {}: the re-run of execution {} could not start: {}", workflowId,
                    triggerData.path("previous_execution").asText(), SharedBeans.message(e));
            return false;
        }
    }

    /** Tells whoever waits for the execution, and with {@code publish} whoever follows it, that it ended as recorded. */
    private void ended(Run run, ExecutionRecord record, boolean publish) {
        run.done.complete(record);
        watch.changed(run.id, () -> record);
        if (publish) {
            eventTriggers.publish(record);
        }
    }

    /** Writes the execution's final record and returns it as written. */
    private ExecutionRecord stored(Run run, ExecutionRecord unscrubbed) {
        try {
            ExecutionRecord record = run.plan.credentialIds.isEmpty() ? unscrubbed : Redaction.scrub(unscrubbed, secretsOf(run.plan));
            // the data stays in the record returned (a waiting caller, a when_finished webhook, followers get it)
            store.executions().finished(record, run.plan.workflow.settings().saveExecutionData().keeps(record.status()));
            return record;
        } catch (RuntimeException | Error e) {
            return endUnstored(run, unscrubbed, e);
        }
    }

    /**
     * The record of an execution could not be written (a value the store cannot take, a history store that broke):
     * it ends {@code failed} saying so, without the data, so that nothing waits for it and no row stays running.
     */
    private ExecutionRecord endUnstored(Run run, ExecutionRecord record, Throwable failure) {
        ExecutionRecord failed = record.unstorable(SharedBeans.message(failure));
        if (!run.plan.credentialIds.isEmpty()) {
            failed = Redaction.scrub(failed, secretsOf(run.plan));
        }
        LOG.warn("Execution {} of {}: {}", record.id(), record.workflowId(), failed.errorMessage());
        try {
            store.executions().finished(failed);
        } catch (RuntimeException | Error e) {
            LOG.error("Execution {} of {} could not be recorded at all: {}", record.id(), record.workflowId(),
                    SharedBeans.message(e));
        }
        return failed;
    }

    /** The record of an execution still running, as it stands, its large values as the history would store them. */
    Optional<ExecutionRecord> live(String executionId) {
        Run run = running.get(executionId);
        return run == null ? Optional.empty()
                : Optional.of(store.executions().asStored(run.record("running", null, null, null, null)));
    }

    boolean cancel(String executionId) {
        Run run = running.get(executionId);
        if (run == null) {
            return false;
        }
        stop(run, Run.Stop.CANCELLED);
        return true;
    }

    ExecutionWatch watch() {
        return watch;
    }

    /**
     * Stops starting executions and waits up to {@code drain} for the running ones to end. Of those still running
     * then, the ones nobody waits for (202 webhooks', schedules', events') are halted and left running in the history,
     * for this instance's next start to run again ({@link #resume}); the others end failed, saying the instance
     * stopped. Pending re-runs are not started any more.
     */
    void drain(Duration drain) {
        stoppingUntilNanos = System.nanoTime() + Math.max(1, drain.toNanos());
        long deadline = stoppingUntilNanos;
        while (!running.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = halt(running.values());
        if (left > 0) {
            LOG.info("{} execution(s) nobody waits for were still running: left to be resumed at the next start", left);
        }
    }

    /** The ids of the executions running here. */
    Set<String> runningIds() {
        return Set.copyOf(running.keySet());
    }

    /**
     * Halts the executions of {@code ids} that still run here, as {@link #drain} halts what is left: another instance
     * took them over. Answers how many were halted.
     */
    int halt(Set<String> ids) {
        List<Run> runs = new ArrayList<>();
        for (String id : ids) {
            Run run = running.get(id);
            if (run != null) {
                runs.add(run);
            }
        }
        halt(runs);
        return runs.size();
    }

    /**
     * Stops {@code runs}: those nobody waits for keep their record as it is (running, for a later start or another
     * instance to run again), the others end failed, saying the instance stopped. Answers how many kept their record.
     */
    private int halt(Collection<Run> runs) {
        int left = 0;
        for (Run run : runs) {
            if (unattended(run.triggerType, run.plan.workflow.trigger()) && run.stop(Run.Stop.INSTANCE_STOPPED)
                    && run.claimEnd()) {
                // its nodes stop here and its record stays as it is
                running.remove(run.id);
                left++;
            } else {
                stop(run, Run.Stop.INSTANCE_STOPPED);
            }
        }
        return left;
    }

    /** Seconds until a stopping instance is gone, at least 1: what a webhook caller is told to wait. */
    long stoppingRetryAfter() {
        long until = stoppingUntilNanos;
        return until == 0 ? 0 : secondsLeft(until);
    }

    private static long secondsLeft(long untilNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(untilNanos - System.nanoTime() + 999_999_999L));
    }

    int runningCount() {
        return running.size();
    }

    /** Stops the watchdog and the execution pools. */
    void close() {
        watchdog.shutdownNow();
        background.shutdown();
        children.shutdown();
    }
}

package io.webops.history;

import io.webops.model.Settings;
import io.webops.model.WorkflowParser;
import io.webops.workers.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps the execution history within its limits: every interval it deletes the finished executions older than the
 * age limit and, per workflow, the oldest ones beyond the count limit, each workflow by its own
 * {@code settings.history_max_age_days} / {@code history_max_executions} or else the instance's defaults. Pending
 * and running executions are never deleted; workflow statistics are never touched.
 *
 * <p>It deletes at most {@value #BATCH} rows per transaction and pauses between batches, so the history writer, which
 * commits beside it, is never kept waiting for long. Several instances sharing one database may prune at the same
 * time: deleting is idempotent. Executions of workflows that are not stored (the command line's runs) are held to the
 * default age only.
 */
public final class HistoryPruner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryPruner.class);
    static final int BATCH = 500;
    private static final Duration PAUSE = Duration.ofMillis(20);

    /** What one pass deleted, and in how many transactions. */
    record Pass(int deleted, int batches) {
    }

    /** What one pass holds a stored workflow to. */
    private record Limits(Retention retention, boolean ownAge, boolean maybeTooMany) {
    }

    /** Executions of workflows that are not stored are held to the default age. */
    private static final Limits UNSTORED = new Limits(null, false, false);

    /** A workflow's limits as its settings say (null: the default) and its version they were read from. */
    private record Overrides(int version, Integer maxAgeDays, Integer maxExecutions) {
    }

    private final Store store;
    private final ExpiredExecutions expired;
    private final Retention defaults;
    private final Map<String, Overrides> overrides = new HashMap<>();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webops-history-pruner");
        t.setDaemon(true);
        return t;
    });
    private final Worker worker;
    private volatile boolean closed;

    HistoryPruner(Store store, Retention defaults, Duration every) {
        this.store = store;
        this.expired = new ExpiredExecutions(store.dataSource());
        this.defaults = defaults;
        // a pass may take a while on a large backlog; health only says so when turns stop altogether
        this.worker = new Worker("webops-history-pruner", every.multipliedBy(2).plusMinutes(10));
    }

    /** Starts pruning {@code store}'s history every {@code every}, the first pass one interval after start. */
    public static HistoryPruner start(Store store, Retention defaults, Duration every) {
        HistoryPruner pruner = new HistoryPruner(store, defaults, every);
        ScheduledFuture<?> turns = pruner.schedule.scheduleWithFixedDelay(
                pruner.worker.guard(() -> pruner.prune(Instant.now())), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        pruner.worker.runsWhile(() -> !turns.isDone() && !pruner.schedule.isShutdown(), "its schedule has ended");
        return pruner;
    }

    /** The pruner's loop, for health. */
    public Worker worker() {
        return worker;
    }

    /** One pass as of {@code now}. Runs on the pruner's thread (tests call it directly). */
    Pass prune(Instant now) {
        Map<String, Limits> limits = readLimits();
        Counter counter = new Counter();
        limits.forEach((workflowId, l) -> {
            if (l.ownAge()) {
                Instant cutoff = now.minus(Duration.ofDays(l.retention().maxAgeDays()));
                deleteAll(() -> expired.startedBefore(workflowId, cutoff, BATCH), counter);
            }
        });
        if (defaults.maxAgeDays() > 0) {
            pruneByDefaultAge(now.minus(Duration.ofDays(defaults.maxAgeDays())), limits, counter);
        }
        limits.forEach((workflowId, l) -> {
            ExpiredExecutions.Row kept = l.maybeTooMany() ? expired.oldestKept(workflowId, l.retention().maxExecutions())
                    : null;
            if (kept != null) {
                deleteAll(() -> expired.olderThan(kept, BATCH), counter);
            }
        });
        return counter.pass();
    }

    /** Deletes batch after batch until a batch comes back short (nothing more) or the pruner is closed. */
    private void deleteAll(Supplier<List<String>> nextBatch, Counter counter) {
        List<String> ids;
        do {
            ids = nextBatch.get();
            counter.delete(ids);
        } while (ids.size() == BATCH && !closed);
    }

    /** Every execution older than the default age, except those of workflows with an age limit of their own. */
    private void pruneByDefaultAge(Instant cutoff, Map<String, Limits> limits, Counter counter) {
        ExpiredExecutions.Row after = null;
        List<ExpiredExecutions.Row> page;
        do {
            page = expired.startedBefore(cutoff, after, BATCH);
            counter.delete(page.stream()
                    .filter(r -> !limits.getOrDefault(r.workflowId(), UNSTORED).ownAge())
                    .map(ExpiredExecutions.Row::id).toList());
            after = page.isEmpty() ? null : page.get(page.size() - 1);
        } while (page.size() == BATCH && !closed);
    }

    /**
     * Each stored workflow's limits, whether it has an age limit of its own, and whether it may hold more executions
     * than it keeps (a workflow never ran more times than its statistics count, so most need no look).
     */
    private Map<String, Limits> readLimits() {
        Map<String, Limits> limits = new HashMap<>();
        for (ExpiredExecutions.StoredWorkflow w : expired.workflows()) {
            Overrides o = overrides.get(w.id());
            if (o == null || o.version() != w.version()) {
                o = overrides(w);
                overrides.put(w.id(), o);
            }
            Retention r = new Retention(o.maxAgeDays() == null ? defaults.maxAgeDays() : o.maxAgeDays(),
                    o.maxExecutions() == null ? defaults.maxExecutions() : o.maxExecutions());
            limits.put(w.id(), new Limits(r, o.maxAgeDays() != null,
                    r.maxExecutions() > 0 && w.totalExecutions() > r.maxExecutions()));
        }
        overrides.keySet().retainAll(limits.keySet());
        return limits;
    }

    /**
     * Reads the workflow's settings, once per version. A document that does not read (saved by hand into the
     * database) is held to the defaults rather than stopping every pass.
     */
    private Overrides overrides(ExpiredExecutions.StoredWorkflow w) {
        Settings s;
        try {
            s = store.workflows().get(w.id())
                    .map(r -> WorkflowParser.parse(JsonCodec.read(r.document())).workflow().settings())
                    .orElse(Settings.DEFAULTS);
        } catch (StoreException e) {
            LOG.warn("Workflow {}: its document does not read, its history is kept by the default limits: {}", w.id(),
                    e.getMessage());
            s = Settings.DEFAULTS;
        }
        return new Overrides(w.version(), s.historyMaxAgeDays(), s.historyMaxExecutions());
    }

    /** Deletes batch by batch, pausing between them so that writers get their turn. */
    private final class Counter {
        private int deleted;
        private int batches;

        void delete(List<String> ids) {
            if (ids.isEmpty()) {
                return;
            }
            if (batches > 0) {
                pause();
            }
            deleted += expired.delete(ids);
            batches++;
        }

        Pass pass() {
            return new Pass(deleted, batches);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the schedule; a pass under way ends after its current batch. Not by interrupting it: an interrupt landing
     * in H2's file I/O would close the database under everyone else.
     */
    @Override
    public void close() {
        closed = true;
        schedule.shutdown();
        try {
            schedule.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.webops.history;

import io.webops.workers.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The single background writer of execution history.
 *
 * <h2>Submission (caller threads)</h2>
 * {@link #submit} is lock-free: the record (already serialised to JSON text on the caller's thread) is put into the
 * {@code inFlight} map (so {@code get(id)} sees it before it is committed), appended to a
 * {@link ConcurrentLinkedQueue}, and the writer is unparked if it sleeps. No I/O, no global lock.
 *
 * <h2>Backpressure</h2>
 * The number of queued records is bounded by {@code maxBacklog} (default {@value #DEFAULT_MAX_BACKLOG}). When the
 * backlog is at the limit, {@code submit} waits on a monitor that the writer notifies after every batch (slow path
 * only; the fast path takes no lock) until the backlog is below the limit: callers slow down to the database's pace instead of the JVM running out of memory. If the database is
 * unreachable for long, callers therefore block (a warning is logged every 10 s) until it comes back.
 *
 * <h2>Batches</h2>
 * The writer drains up to {@value #MAX_BATCH} queue entries (after a short linger when the queue is nearly empty,
 * so that {@code started} and {@code finished} of short executions land in the same batch), coalesces them per
 * execution id (a finished record supersedes a started one, otherwise the later one wins), and writes them in ONE
 * transaction: one JDBC batch of plain INSERTs into {@code executions} for executions whose row this writer has not
 * written before (usually all: started and finished meet in the batch), one JDBC batch of upserts for the others
 * (all JSON values are one binary {@code payload} column of the row; if an INSERT hits an existing row the batch is
 * rolled back and written again with upserts only), then one atomic increment {@code UPDATE workflows SET total_executions = total_executions + ? ...} per
 * workflow of the batch (in workflow-id order, so concurrent instances cannot deadlock). The upsert never
 * overwrites an already finished row; a finished record whose upsert changed nothing (duplicate
 * {@code finished()}) is not counted again.
 *
 * <h2>Failures</h2>
 * A failed batch is rolled back and retried ({@value #RETRIES} attempts with backoff; transient errors such as a lost
 * connection, lock timeout or deadlock are retried until they succeed, while the store is open). A batch that keeps
 * failing for a non-transient reason, or fails with a data error (SQLState class 22/23, e.g. a value too long: no
 * point in retrying), is written record by record; a record that still fails is dropped with an ERROR
 * log; the end of an execution is then written once more as {@code failed} without its data ("History write failed:
 * ..."), or, if even that fails, its statistics increment is applied on its own (if even that fails the lost
 * increment is logged at ERROR).
 * The writer thread catches everything and never dies: a failure costs the turn it happened in ({@link Worker}).
 */
final class HistoryWriter {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);

    static final int DEFAULT_MAX_BACKLOG = 50_000;
    static final int MAX_BATCH = 1_000;
    static final int RETRIES = 4;
    private static final int LINGER_BELOW = 64;
    /**
     * Long enough that most executions' started and finished writes meet in one batch (one INSERT instead of an INSERT
     * and an upsert) and the batches under load are tens of rows per commit; reads see queued writes meanwhile.
     */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** A writer without a turn this long is stuck (usually on a database that does not answer): health says so. */
    private static final Duration STALLED_AFTER = Duration.ofSeconds(60);

    // H2's GREATEST is NULL if any argument is NULL (PostgreSQL ignores NULLs), hence the COALESCE
    static final String STATS_SQL = "UPDATE workflows SET total_executions = total_executions + ?, "
            + "successful_executions = successful_executions + ?, failed_executions = failed_executions + ?, "
            + "total_duration_ms = total_duration_ms + ?, last_executed_at = COALESCE(GREATEST(last_executed_at, ?), ?, last_executed_at) "
            + "WHERE id = ?";

    /** One queued write: the record plus its {@link PayloadCodec payload} serialised on the submitting thread. */
    record Pending(ExecutionRecord record, boolean finish, byte[] payload) {
        String id() {
            return record.id();
        }

        /** Merge rule for two writes of the same execution: a finished one is never replaced by a started one. */
        static Pending supersede(Pending older, Pending newer) {
            return older.finish && !newer.finish ? older : newer;
        }
    }

    /** {@code durable}: the caller waits until the writes before it survive this process being killed. */
    private record FlushMarker(CompletableFuture<Void> done, boolean durable) {
    }

    /** Statistics delta of one workflow within one batch. */
    static final class Delta {
        final String workflowId;
        long total;
        long successful;
        long failed;
        long durationMs;
        Instant lastExecutedAt;

        Delta(String workflowId) {
            this.workflowId = workflowId;
        }

        void add(String status, Long duration, Instant startedAt) {
            total++;
            if ("success".equals(status)) {
                successful++;
            } else if ("failed".equals(status) || "timeout".equals(status)) {
                failed++;
            }
            if (duration != null) {
                durationMs += duration;
            }
            if (startedAt != null && (lastExecutedAt == null || startedAt.isAfter(lastExecutedAt))) {
                lastExecutedAt = startedAt;
            }
        }
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String instanceId;
    private final String upsertSql;
    private final int maxBacklog;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final ConcurrentHashMap<String, Pending> inFlight = new ConcurrentHashMap<>();
    /**
     * Writer thread only: ids of executions whose row this writer committed as pending/running and whose finished
     * write has not been committed yet. Their next write must be an upsert; every other execution is presumed to have
     * no row yet and is INSERTed (see {@link #writeBatch}). As big as the number of running executions.
     */
    private final Set<String> openRows = new HashSet<>();
    private final Thread thread;
    private final Worker worker;
    private volatile boolean parked;
    /** Writer thread only: a flush of this turn asked for its writes to survive a kill. */
    private boolean durableFlush;
    /** Monitor for producers blocked by backpressure; never touched on the fast path. */
    private final Object capacity = new Object();
    private volatile int blockedProducers;
    private volatile boolean closing;
    private volatile boolean stopped;
    // written by the writer thread only; read by tests/metrics
    private volatile long batchesWritten;
    private volatile long rowsWritten;

    /** Writes every execution row with {@code instanceId}, the runtime instance that runs it. */
    HistoryWriter(DataSource dataSource, Dialect dialect, String instanceId, int maxBacklog) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.instanceId = instanceId;
        this.upsertSql = dialect.upsertExecution();
        this.maxBacklog = maxBacklog;
        this.worker = new Worker("webops-history-writer", STALLED_AFTER);
        this.thread = new Thread(this::run, "webops-history-writer");
        this.worker.runsWhile(thread::isAlive, "its thread has ended");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void submit(Pending p) {
        if (closing) {
            throw new IllegalStateException("history store is closed");
        }
        if (backlog.get() >= maxBacklog) {
            awaitCapacity();
        }
        inFlight.merge(p.id(), p, Pending::supersede);
        backlog.incrementAndGet();
        queue.offer(p);
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    private void awaitCapacity() {
        long since = System.nanoTime();
        long nextWarning = since + TimeUnit.SECONDS.toNanos(10);
        boolean interrupted = false;
        synchronized (capacity) {
            blockedProducers++;
            try {
                while (backlog.get() >= maxBacklog && !stopped) {
                    LockSupport.unpark(thread);
                    try {
                        capacity.wait(100);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                    if (System.nanoTime() - nextWarning > 0) {
                        LOG.warn("history write backlog full ({} records) for {} s: callers are blocked until the "
                                        + "database catches up", backlog.get(),
                                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since));
                        nextWarning += TimeUnit.SECONDS.toNanos(10);
                    }
                }
            } finally {
                blockedProducers--;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called by the writer after each batch: wakes producers blocked by backpressure (slow path only). */
    private void releaseCapacity() {
        if (blockedProducers > 0) {
            synchronized (capacity) {
                capacity.notifyAll();
            }
        }
    }

    /** The latest queued, not yet committed write of this execution, or {@code null}. */
    ExecutionRecord queued(String id) {
        Pending p = inFlight.get(id);
        return p == null ? null : p.record();
    }

    int backlog() {
        return backlog.get();
    }

    Worker worker() {
        return worker;
    }

    long batchesWritten() {
        return batchesWritten;
    }

    long rowsWritten() {
        return rowsWritten;
    }

    /**
     * Completes once everything submitted before this call has been committed (or dropped after logging) and will
     * survive this process being killed, without waiting: the writer takes it at once, without lingering for more.
     */
    CompletableFuture<Void> flushLater() {
        if (stopped) {
            return CompletableFuture.failedFuture(new IllegalStateException("history writer is stopped"));
        }
        return mark(true);
    }

    /** Queues a flush marker and wakes the writer: the future completes once the writes before it are done. */
    private CompletableFuture<Void> mark(boolean durable) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.offer(new FlushMarker(done, durable));
        LockSupport.unpark(thread);
        return done;
    }

    /** Blocks until everything submitted before this call has been committed (or dropped after logging). */
    void flush() {
        if (Thread.currentThread() == thread) {
            return;
        }
        if (stopped) {
            if (queue.isEmpty()) {
                return;
            }
            throw new IllegalStateException("history writer is stopped");
        }
        CompletableFuture<Void> done = mark(false);
        boolean interrupted = false;
        while (true) {
            try {
                done.get(1, TimeUnit.SECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.TimeoutException e) {
                if (stopped && !done.isDone()) {
                    throw new IllegalStateException("history writer stopped before flush completed");
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new StoreException("flush failed", e.getCause());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting writes, drains the queue (waiting at most {@code timeoutMillis}) and stops the thread. */
    void close(long timeoutMillis) {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("history writer did not drain within {} ms; {} queued records are lost", timeoutMillis,
                    backlog.get());
            stopped = true;
            thread.interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------ writer thread

    private void run() {
        List<Pending> rows = new ArrayList<>();
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        try {
            while (!stopped) {
                try {
                    if (!turn(rows, flushes)) {
                        break;
                    }
                } catch (Throwable t) { // costs this turn only: whatever lands on this thread, the writer goes on
                    worker.failed(t);
                }
                worker.turned();
            }
        } finally {
            stopped = true;
            // anything left (only when forcibly stopped): release flush() callers
            Object o;
            while ((o = queue.poll()) != null) {
                if (o instanceof FlushMarker m) {
                    m.done().completeExceptionally(new IllegalStateException("history writer stopped"));
                }
            }
        }
    }

    /** Waits for writes and writes one batch; false once it is closing and nothing is left. */
    private boolean turn(List<Pending> rows, List<CompletableFuture<Void>> flushes) {
        drain(rows, flushes);
        if (rows.isEmpty() && flushes.isEmpty()) {
            if (closing) {
                return false;
            }
            parked = true;
            if (queue.isEmpty() && !closing) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
            parked = false;
            return true;
        }
        if (flushes.isEmpty() && rows.size() < LINGER_BELOW && !closing) {
            LockSupport.parkNanos(this, LINGER_NANOS); // let started/finished pairs meet; flush() unparks
            drain(rows, flushes);
        }
        Throwable unsaved = null;
        try {
            process(rows);
            if (durableFlush) {
                persistCommitted();
            }
        } catch (Throwable t) {
            unsaved = t;
            worker.failed(t);
            LOG.error("history writer dropped {} records after that failure", rows.size());
        } finally {
            for (Pending p : rows) {
                inFlight.remove(p.id(), p);
            }
            backlog.addAndGet(-rows.size());
            releaseCapacity();
            Throwable failure = unsaved;
            flushes.forEach(f -> {
                if (failure == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(failure);
                }
            });
            rows.clear();
            flushes.clear();
            durableFlush = false;
        }
        return true;
    }

    private void drain(List<Pending> rows, List<CompletableFuture<Void>> flushes) {
        Object o;
        while (rows.size() < MAX_BATCH && (o = queue.poll()) != null) {
            if (o instanceof Pending p) {
                rows.add(p);
            } else {
                FlushMarker marker = (FlushMarker) o;
                flushes.add(marker.done());
                durableFlush |= marker.durable();
            }
        }
    }

    static Collection<Pending> coalesce(List<Pending> rows) {
        Map<String, Pending> byId = new LinkedHashMap<>(rows.size() * 2);
        for (Pending p : rows) {
            byId.merge(p.id(), p, Pending::supersede);
        }
        return byId.values();
    }

    private void process(List<Pending> rows) {
        Collection<Pending> batch = coalesce(rows);
        try {
            writeBatch(batch, true);
            return;
        } catch (Exception e) {
            // a duplicate key (an id written by someone else, a late write of a finished execution) or any other
            // failure: the batch was rolled back; write it again with upserts only (and the usual retries)
            LOG.debug("history batch of {} executions: insert fast path failed, upserting: {}", batch.size(),
                    describe(e));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                writeBatch(batch, false);
                if (attempt > 1) {
                    LOG.info("history batch of {} executions written after {} attempts", batch.size(), attempt);
                }
                return;
            } catch (Exception e) {
                SQLException sql = e instanceof SQLException s ? s : null;
                boolean transientError = sql != null && dialect.isTransient(sql);
                boolean dataError = sql != null && Dialect.isDataError(sql);
                if (!dataError && (attempt < RETRIES || (transientError && !closing && !stopped))) {
                    LOG.warn("history batch of {} executions failed (attempt {}, {}), retrying: {}", batch.size(),
                            attempt, transientError ? "transient" : "permanent", describe(e));
                    sleep(Math.min(5_000L, 50L << Math.min(attempt - 1, 7)));
                    continue;
                }
                LOG.error("history batch of {} executions failed ({} attempt(s)): {}; writing them one by one",
                        batch.size(), attempt, describe(e));
                isolate(batch);
                return;
            }
        }
    }

    /**
     * A one-line description of a failure. Deliberately not the driver's whole message: PostgreSQL's
     * BatchUpdateException renders the statement with all its parameter values (execution payloads) into it.
     */
    static String describe(Exception e) {
        if (e instanceof SQLException s) {
            SQLException root = s.getNextException() != null ? s.getNextException() : s;
            String message = String.valueOf(root.getMessage());
            int cut = message.indexOf('\n');
            message = cut > 0 ? message.substring(0, cut) : message;
            if (message.length() > 300) {
                message = message.substring(0, 300) + "...";
            }
            return root.getClass().getSimpleName() + " [SQLState " + root.getSQLState() + "] " + message;
        }
        return e.toString();
    }

    private void isolate(Collection<Pending> batch) {
        for (Pending p : batch) {
            try {
                writeBatch(List.of(p), false);
            } catch (Exception e) {
                ExecutionRecord r = p.record();
                LOG.error("dropping history record of execution {} (workflow {}, status {}): {}", r.id(),
                        r.workflowId(), r.status(), describe(e));
                if (p.finish() && writeUnstorable(r, e)) {
                    continue;
                }
                if (p.finish()) {
                    Delta d = new Delta(r.workflowId());
                    d.add(r.status(), r.durationMs(), r.startedAt());
                    try (Connection c = dataSource.getConnection()) {
                        applyStats(c, Map.of(r.workflowId(), d));
                    } catch (Exception e2) {
                        LOG.error("LOST statistics increment of workflow {}: +1 {} execution ({} ms) of execution {}: {}",
                                r.workflowId(), r.status(), r.durationMs(), r.id(), describe(e2));
                    }
                }
            }
        }
    }

    /**
     * The end of an execution whose record the database refused: writes it {@code failed}, saying so, without its data
     * (its statistics are counted with it), so its row does not stay running. Returns whether that was written.
     */
    private boolean writeUnstorable(ExecutionRecord r, Exception failure) {
        ExecutionRecord failed = r.unstorable(describe(failure));
        try {
            writeBatch(List.of(new Pending(failed, true, PayloadCodec.write(failed))), false);
            return true;
        } catch (Exception e) {
            LOG.error("history record of execution {} could not be written as failed either: {}", r.id(), describe(e));
            return false;
        }
    }

    /**
     * Writes the batch in one transaction. With {@code insertFast}, rows of executions that this writer has not
     * written as pending/running before ({@link #openRows}) are plain INSERTs (started and finished of an execution
     * usually meet in one batch, so its row is new), the others upserts; a plain INSERT of an existing row fails
     * the whole batch, which the caller then writes again with upserts only.
     */
    private void writeBatch(Collection<Pending> batch, boolean insertFast) throws SQLException {
        List<Pending> inserts = new ArrayList<>(insertFast ? batch.size() : 0);
        List<Pending> upserts = new ArrayList<>(insertFast ? 4 : batch.size());
        for (Pending p : batch) {
            (insertFast && !openRows.contains(p.id()) ? inserts : upserts).add(p);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int[] insertCounts = execute(c, Dialect.INSERT_EXECUTION, inserts);
                int[] upsertCounts = execute(c, upsertSql, upserts);
                Map<String, Delta> deltas = new TreeMap<>();
                countFinished(inserts, insertCounts, deltas);
                countFinished(upserts, upsertCounts, deltas);
                applyStats(c, deltas);
                c.commit();
                batchesWritten++;
                rowsWritten += batch.size();
                track(inserts, insertCounts);
                track(upserts, upsertCounts);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    private int[] execute(Connection c, String sql, List<Pending> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Pending p : rows) {
                bind(ps, p);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /** A finished record whose write changed nothing (the row was already finished) is not counted again. */
    private static void countFinished(List<Pending> rows, int[] counts, Map<String, Delta> deltas) {
        for (int i = 0; i < rows.size(); i++) {
            Pending p = rows.get(i);
            if (p.finish() && counts[i] != 0) {
                ExecutionRecord r = p.record();
                deltas.computeIfAbsent(r.workflowId(), Delta::new).add(r.status(), r.durationMs(), r.startedAt());
            }
        }
    }

    /** After the commit: remembers which committed rows are pending/running (their next write must upsert). */
    private void track(List<Pending> rows, int[] counts) {
        for (int i = 0; i < rows.size(); i++) {
            Pending p = rows.get(i);
            if (p.finish()) {
                openRows.remove(p.id());
            } else if (counts[i] != 0) {
                openRows.add(p.id());
            }
        }
    }

    /** One atomic increment statement per workflow, as one JDBC batch, on the caller's connection/transaction. */
    static void applyStats(Connection c, Map<String, Delta> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(STATS_SQL)) {
            for (Delta d : deltas.values()) {
                ps.setLong(1, d.total);
                ps.setLong(2, d.successful);
                ps.setLong(3, d.failed);
                ps.setLong(4, d.durationMs);
                Jdbc.setInstant(ps, 5, d.lastExecutedAt);
                Jdbc.setInstant(ps, 6, d.lastExecutedAt);
                ps.setString(7, d.workflowId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Parameters in {@link Dialect#WRITTEN_COLUMNS} order. */
    private void bind(PreparedStatement ps, Pending p) throws SQLException {
        ExecutionRecord r = p.record();
        ps.setString(1, r.id());
        ps.setString(2, r.workflowId());
        ps.setInt(3, r.workflowVersion());
        ps.setString(4, r.status());
        Jdbc.setText(ps, 5, r.triggerType());
        Jdbc.setText(ps, 6, r.errorMessage());
        Jdbc.setText(ps, 7, r.errorTraceback());
        Jdbc.setInstant(ps, 8, r.startedAt());
        Jdbc.setInstant(ps, 9, r.completedAt());
        Jdbc.setLong(ps, 10, r.durationMs());
        if (p.payload() == null) {
            ps.setNull(11, java.sql.Types.VARBINARY);
        } else {
            ps.setBytes(11, p.payload());
        }
        ps.setBoolean(12, r.dataSaved());
        ps.setString(13, instanceId);
    }

    /**
     * Makes committed transactions survive this process being killed, where a commit alone does not (H2 writes them to
     * its file in the background, up to a second later).
     */
    private void persistCommitted() throws SQLException {
        String sql = dialect.persistCommitted();
        if (sql == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

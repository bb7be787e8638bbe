package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Execution history. Writes are asynchronous (see {@link HistoryWriter} for queueing, batching, coalescing,
 * backpressure and failure handling); reads go to the database, except that {@link #get} answers from the write
 * queue when the execution has not been committed yet and {@link #list} flushes first.
 *
 * <p>Contract: {@code finished()} is called once per execution (a repeated call for an already finished execution is
 * ignored, so statistics stay exact); a finished execution row is never overwritten.
 */
public final class Executions {
    static final String COLUMNS = Dialect.EXECUTION_COLUMNS;

    private final DataSource dataSource;
    private final HistoryWriter writer;
    private final String instanceId;
    private volatile TruncatedValues truncated = new TruncatedValues(DEFAULT_MAX_VALUE_BYTES);
    /** Where the whole inputs of durable starts cut in the history are kept until they end; null: not kept. */
    private volatile LargeInputs largeInputs;

    /** The default of {@code webops.history.max.value.bytes}: 1 MiB. */
    private static final long DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

    Executions(DataSource dataSource, HistoryWriter writer, String instanceId) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.instanceId = instanceId;
    }

    /**
     * Records that an execution was created/started ({@code status} pending or running). Non-blocking: serialises the
     * JSON values and enqueues (blocks only under backpressure, see {@link HistoryWriter}). A missing
     * {@code startedAt} is set to now.
     */
    public void started(ExecutionRecord r) {
        start(r, false);
    }

    /**
     * As {@link #started}, and completes once the record is committed: what a 202 answer waits for, so that an
     * execution it announced is found (and resumed) after a crash. An input too large for the history is kept whole
     * in a file of its own ({@link #keepLargeInputsIn}) before the record is written.
     */
    public java.util.concurrent.CompletableFuture<Void> startedDurably(ExecutionRecord r) {
        start(r, true);
        return writer.flushLater();
    }

    private void start(ExecutionRecord r, boolean durable) {
        validate(r);
        if (r.finished()) {
            throw new IllegalArgumentException("started() needs status pending or running, got " + r.status());
        }
        ExecutionRecord stored = truncated.apply(r);
        LargeInputs kept = largeInputs;
        if (durable && kept != null && stored.input() != r.input() && TruncatedValues.isMarker(stored.input())) {
            kept.keep(r.id(), r.input());
        }
        writer.submit(pending(normalise(stored), false));
    }

    /**
     * Keeps the whole inputs of durable starts that the history cuts ({@link #keepValuesUpTo}) in {@code folder}, one
     * file each until the execution ends, so that they can be run again after a crash ({@link #largeInput}).
     */
    public void keepLargeInputsIn(java.nio.file.Path folder) {
        largeInputs = new LargeInputs(folder);
    }

    /** The whole input of an execution whose stored input is a marker, if this instance kept it. */
    public Optional<JsonNode> largeInput(String executionId) {
        LargeInputs kept = largeInputs;
        return kept == null ? Optional.empty() : kept.read(executionId);
    }

    /**
     * Records the end of an execution ({@code status} success, failed, cancelled or timeout) and, in the same
     * database transaction as the row write, increments the workflow's statistics. Non-blocking like
     * {@link #started}. Inputs and outputs over {@link #keepValuesUpTo the limit} are stored truncated, at the start as
     * at the end: an execution whose input was cut is not resumed after a crash (its whole input would have to be
     * written and held a second time while it runs).
     */
    public void finished(ExecutionRecord r) {
        finished(r, true);
    }

    /**
     * As {@link #finished(ExecutionRecord)}; without {@code keepData} only the record is kept ({@link
     * ExecutionRecord#withoutData()}), dropped before it is serialised so that the work is saved as well.
     */
    public void finished(ExecutionRecord r, boolean keepData) {
        validate(r);
        if (!ExecutionRecord.FINAL_STATUSES.contains(r.status())) {
            throw new IllegalArgumentException("finished() needs a final status " + ExecutionRecord.FINAL_STATUSES
                    + ", got " + r.status());
        }
        ExecutionRecord stored = keepData ? truncated.apply(r) : r.withoutData();
        LargeInputs kept = largeInputs;
        if (kept != null && (!keepData || TruncatedValues.isMarker(stored.input()))) {
            kept.forget(r.id());
        }
        writer.submit(pending(normalise(stored), true));
    }

    /**
     * The history keeps inputs and outputs up to this many bytes of JSON; larger ones are stored as a
     * {@link TruncatedValues marker} ({@code webops.history.max.value.bytes}).
     */
    public void keepValuesUpTo(long maxBytes) {
        truncated = new TruncatedValues(maxBytes);
    }

    /**
     * The record as the history stores it, inputs and outputs over the limit as markers: what the API shows of an
     * execution that is still running, so that a look at it never serialises its large values.
     */
    public ExecutionRecord asStored(ExecutionRecord r) {
        return truncated.apply(r);
    }

    /** The execution, answered from the write queue if it is not committed yet. */
    public Optional<ExecutionRecord> get(String id) {
        ExecutionRecord queued = writer.queued(id);
        if (queued != null) {
            return Optional.of(queued);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM executions WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read execution " + id, e);
        }
        // committed between the two look-ups? the queue entry is only removed after the commit, so look again
        return Optional.ofNullable(writer.queued(id));
    }

    /**
     * Executions newest first ({@code started_at DESC, id DESC}) with an opaque keyset cursor. Flushes pending writes
     * first, so everything submitted before the call is visible.
     */
    public Page<ExecutionRecord> list(ExecutionFilter f) {
        return list(f, null);
    }

    /** As {@link #list(ExecutionFilter)}; with {@code visibleTo} (a user id) only executions of workflows they see. */
    public Page<ExecutionRecord> list(ExecutionFilter f, String visibleTo) {
        ExecutionFilter filter = f == null ? ExecutionFilter.all() : f;
        int limit = filter.effectiveLimit();
        Cursors.Key after = filter.cursor() == null || filter.cursor().isEmpty() ? null
                : Cursors.decode(filter.cursor());
        writer.flush();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM executions WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (filter.workflowId() != null) {
            sql.append(" AND workflow_id = ?");
            params.add(filter.workflowId());
        }
        if (visibleTo != null) {
            sql.append(" AND workflow_id IN (SELECT id FROM workflows WHERE ").append(Workflows.VISIBLE_TO).append(")");
            params.add(visibleTo);
            params.add(visibleTo);
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            params.add(filter.status());
        }
        if (after != null) {
            // same as (started_at, id) < (?, ?), written so that both databases use the started_at index range
            sql.append(" AND started_at <= ? AND (started_at < ? OR id < ?)");
            params.add(after.at());
            params.add(after.at());
            params.add(after.id());
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        params.add(limit + 1);
        List<ExecutionRecord> items = new ArrayList<>(limit + 1);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bindAll(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list executions", e);
        }
        String next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            ExecutionRecord last = items.get(limit - 1);
            next = Cursors.encode(last.startedAt(), last.id());
        }
        return new Page<>(items, next);
    }

    /** What the dashboard needs of one execution: its workflow, status, start and duration (null while running). */
    public record Sample(String workflowId, String status, Instant startedAt, Long durationMs) {
    }

    /**
     * The executions started at or after {@code from}, at most {@code max} of them (the newest); with
     * {@code visibleTo} (a user id) only those of workflows they see. Flushes pending writes first.
     */
    public List<Sample> since(Instant from, String visibleTo, int max) {
        writer.flush();
        StringBuilder sql = new StringBuilder("SELECT workflow_id, status, started_at, duration_ms FROM executions WHERE started_at >= ?");
        List<Object> params = new ArrayList<>();
        params.add(from);
        if (visibleTo != null) {
            sql.append(" AND workflow_id IN (SELECT id FROM workflows WHERE ").append(Workflows.VISIBLE_TO).append(")");
            params.add(visibleTo);
            params.add(visibleTo);
        }
        sql.append(" ORDER BY started_at DESC LIMIT ?");
        params.add(max);
        List<Sample> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bindAll(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant started = Jdbc.getInstant(rs, "started_at");
                    long d = rs.getLong(4);
                    out.add(new Sample(rs.getString(1), rs.getString(2), started, rs.wasNull() ? null : d));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read execution statistics", e);
        }
        return out;
    }

    /**
     * At start-up: every execution this instance left pending/running (its process died) becomes
     * {@code failed} with error message {@link #INTERRUPTED} and {@code completed_at} now; its workflow's statistics
     * count it as a failed execution (duration unknown: contributes 0 ms). Returns the number of executions ended.
     * Executions of other instances sharing the database are left alone; rows without an instance (written before
     * instances were recorded) are ended too, as before.
     */
    /** The error message of an execution its instance left running and did not resume. */
    public static final String INTERRUPTED = "interrupted: the instance stopped before the execution finished";

    public int endInterrupted() {
        return endInterrupted(Set.of());
    }

    /**
     * The executions this instance left pending/running (its process died), with their input: read at start-up,
     * before {@link #endInterrupted(Set)} ends those that are not resumed.
     */
    public List<ExecutionRecord> interrupted() {
        writer.flush();
        List<ExecutionRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM executions"
                     + " WHERE status IN ('pending', 'running') AND (instance_id = ? OR instance_id IS NULL)"
                     + " ORDER BY started_at, id")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read interrupted executions", e);
        }
        return out;
    }

    /** As {@link #endInterrupted()}, leaving the executions of {@code resumed} (ids) as they are: they run again. */
    public int endInterrupted(Set<String> resumed) {
        return endInterrupted("(instance_id = ? OR instance_id IS NULL)", instanceId, id -> !resumed.contains(id));
    }

    /**
     * Ends as {@link #INTERRUPTED} those of {@code ids} that are still pending/running on this instance: executions it
     * took over from an instance that died ({@link Instances#claim}) and did not resume.
     */
    public int endTakenOver(Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        Set<String> chosen = Set.copyOf(ids);
        return endInterrupted("instance_id = ?", instanceId, chosen::contains);
    }

    private int endInterrupted(String whose, String instance, java.util.function.Predicate<String> chosen) {
        writer.flush();
        Instant now = Jdbc.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String[]> rows = new ArrayList<>();
                List<Instant> startedAts = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, workflow_id, started_at FROM executions"
                        + " WHERE status IN ('pending', 'running') AND " + whose + " FOR UPDATE")) {
                    ps.setString(1, instance);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (chosen.test(rs.getString("id"))) {
                                rows.add(new String[] {rs.getString("id"), rs.getString("workflow_id")});
                                startedAts.add(Jdbc.getInstant(rs, "started_at"));
                            }
                        }
                    }
                }
                if (rows.isEmpty()) {
                    c.commit();
                    return 0;
                }
                int[] counts;
                try (PreparedStatement ps = c.prepareStatement("UPDATE executions SET status = 'failed', "
                        + "error_message = ?, completed_at = ? "
                        + "WHERE id = ? AND status IN ('pending', 'running')")) {
                    for (String[] row : rows) {
                        ps.setString(1, INTERRUPTED);
                        Jdbc.setInstant(ps, 2, now);
                        ps.setString(3, row[0]);
                        ps.addBatch();
                    }
                    counts = ps.executeBatch();
                }
                Map<String, HistoryWriter.Delta> deltas = new TreeMap<>();
                int ended = 0;
                for (int i = 0; i < rows.size(); i++) {
                    if (counts[i] != 0) {
                        ended++;
                        if (largeInputs != null) {
                            largeInputs.forget(rows.get(i)[0]);
                        }
                        deltas.computeIfAbsent(rows.get(i)[1], HistoryWriter.Delta::new)
                                .add("failed", null, startedAts.get(i));
                    }
                }
                HistoryWriter.applyStats(c, deltas);
                c.commit();
                return ended;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot end interrupted executions", e);
        }
    }

    /** Blocks until everything submitted before this call is committed. */
    public void flush() {
        writer.flush();
    }

    HistoryWriter writer() {
        return writer;
    }

    /** The background writer's loop, for health. */
    public io.webops.workers.Worker writerWorker() {
        return writer.worker();
    }

    /** Number of submitted writes not yet processed by the writer (for metrics). */
    public int backlog() {
        return writer.backlog();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void validate(ExecutionRecord r) {
        Objects.requireNonNull(r, "record");
        Objects.requireNonNull(r.id(), "id");
        Objects.requireNonNull(r.workflowId(), "workflowId");
        Objects.requireNonNull(r.status(), "status");
    }

    private static ExecutionRecord normalise(ExecutionRecord r) {
        Instant started = r.startedAt() == null ? Jdbc.now() : Jdbc.micros(r.startedAt());
        Instant completed = Jdbc.micros(r.completedAt());
        if (started == r.startedAt() && completed == r.completedAt()) {
            return r;
        }
        return new ExecutionRecord(r.id(), r.workflowId(), r.workflowVersion(), r.status(), r.triggerType(),
                r.triggerData(), r.input(), r.output(), r.errorMessage(), r.errorTraceback(), started, completed,
                r.durationMs(), r.nodeLogs(), r.dataSaved());
    }

    /**
     * JSON is serialised here, on the caller's thread: a snapshot, and in parallel rather than in the writer. A record
     * without its data has no payload at all.
     */
    private static HistoryWriter.Pending pending(ExecutionRecord r, boolean finish) {
        return new HistoryWriter.Pending(r, finish, r.dataSaved() ? PayloadCodec.write(r) : null);
    }

    static ExecutionRecord read(ResultSet rs) throws SQLException {
        byte[] bytes = rs.getBytes("payload");
        boolean dataSaved = rs.getBoolean("data_saved");
        JsonNode triggerData;
        JsonNode input;
        JsonNode output;
        List<NodeLog> nodeLogs;
        if (!dataSaved) {
            triggerData = null;
            input = null;
            output = null;
            nodeLogs = List.of();
        } else if (bytes != null) {
            PayloadCodec.Payload p = PayloadCodec.read(bytes);
            triggerData = p.triggerData();
            input = p.input();
            output = p.output();
            nodeLogs = p.nodeLogs();
        } else { // written before the payload column existed (V3)
            triggerData = JsonCodec.read(rs.getString("trigger_data"));
            input = JsonCodec.read(rs.getString("input"));
            output = JsonCodec.read(rs.getString("output"));
            nodeLogs = JsonCodec.readNodeLogs(rs.getString("node_logs"));
        }
        return new ExecutionRecord(
                rs.getString("id"),
                rs.getString("workflow_id"),
                rs.getInt("workflow_version"),
                rs.getString("status"),
                rs.getString("trigger_type"),
                triggerData,
                input,
                output,
                rs.getString("error_message"),
                rs.getString("error_traceback"),
                Jdbc.getInstant(rs, "started_at"),
                Jdbc.getInstant(rs, "completed_at"),
                Jdbc.getLong(rs, "duration_ms"),
                nodeLogs,
                dataSaved);
    }

    static void bindAll(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Instant t) {
                Jdbc.setInstant(ps, i + 1, t);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof Long n) {
                ps.setLong(i + 1, n);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (p == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }
}

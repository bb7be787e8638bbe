package io.webops.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.webops.history.AbstractStoreTest.done;
import static io.webops.history.AbstractStoreTest.running;
import static org.assertj.core.api.Assertions.assertThat;

/** Retention of the execution history ({@link HistoryPruner}), run against every supported database by the subclasses. */
abstract class AbstractHistoryPrunerTest {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    Store store;

    /** A fresh, empty, migrated store. */
    abstract Store openStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void deletesFinishedExecutionsOlderThanTheAgeLimit() throws SQLException {
        store.workflows().create("wf-1", "One", "{}");
        finish("old", "wf-1", NOW.minus(DAY.multipliedBy(31)), "success");
        finish("old-failed", "wf-1", NOW.minus(DAY.multipliedBy(40)), "failed");
        finish("recent", "wf-1", NOW.minus(DAY.multipliedBy(29)), "success");
        finish("orphan-old", "wf-unsaved", NOW.minus(DAY.multipliedBy(31)), "success");

        HistoryPruner.Pass pass = pruner(new Retention(30, 0)).prune(NOW);

        assertThat(pass.deleted()).isEqualTo(3);
        assertThat(ids("wf-1")).containsExactly("recent");
        assertThat(ids("wf-unsaved")).isEmpty();
    }

    @Test
    void aWorkflowsOwnAgeLimitWinsOverTheDefaultEitherWay() throws SQLException {
        store.workflows().create("short", "Short", "{\"settings\": {\"history_max_age_days\": 2}}");
        store.workflows().create("long", "Long", "{\"settings\": {\"history_max_age_days\": 100}}");
        store.workflows().create("plain", "Plain", "{}");
        for (String wf : List.of("short", "long", "plain")) {
            finish(wf + "-1d", wf, NOW.minus(DAY), "success");
            finish(wf + "-5d", wf, NOW.minus(DAY.multipliedBy(5)), "success");
            finish(wf + "-50d", wf, NOW.minus(DAY.multipliedBy(50)), "success");
            finish(wf + "-200d", wf, NOW.minus(DAY.multipliedBy(200)), "success");
        }

        pruner(new Retention(30, 0)).prune(NOW);

        assertThat(ids("short")).containsExactly("short-1d");
        assertThat(ids("long")).containsExactly("long-1d", "long-5d", "long-50d");
        assertThat(ids("plain")).containsExactly("plain-1d", "plain-5d");
    }

    @Test
    void keepsTheNewestExecutionsPerWorkflowByItsOwnLimitOrTheDefault() throws SQLException {
        store.workflows().create("own", "Own", "{\"settings\": {\"history_max_executions\": 3}}");
        store.workflows().create("default", "Default", "{}");
        for (int i = 0; i < 8; i++) {
            finish("own-" + i, "own", NOW.minusSeconds(100 - i), i % 2 == 0 ? "success" : "failed");
            finish("default-" + i, "default", NOW.minusSeconds(100 - i), "success");
        }

        HistoryPruner.Pass pass = pruner(new Retention(0, 5)).prune(NOW);

        assertThat(pass.deleted()).isEqualTo(5 + 3);
        assertThat(ids("own")).containsExactly("own-7", "own-6", "own-5");
        assertThat(ids("default")).containsExactly("default-7", "default-6", "default-5", "default-4", "default-3");
        assertThat(pruner(new Retention(0, 5)).prune(NOW).deleted()).as("nothing more to do").isZero();
    }

    @Test
    void executionsWithTheSameStartTimeAreCountedOneByOne() throws SQLException {
        store.workflows().create("wf-1", "One", "{\"settings\": {\"history_max_executions\": 2}}");
        for (String id : List.of("a", "b", "c", "d")) {
            finish(id, "wf-1", NOW.minusSeconds(10), "success");
        }

        pruner(new Retention(0, 0)).prune(NOW);

        assertThat(ids("wf-1")).containsExactly("d", "c");
    }

    @Test
    void runningAndPendingExecutionsAreNeverDeleted() throws SQLException {
        store.workflows().create("wf-1", "One", "{\"settings\": {\"history_max_executions\": 1}}");
        store.executions().started(running("running-old", "wf-1", NOW.minus(DAY.multipliedBy(90))));
        store.executions().started(new ExecutionRecord("pending-old", "wf-1", 1, "pending", "manual", null, null,
                null, null, null, NOW.minus(DAY.multipliedBy(90)), null, null, null));
        finish("done-old", "wf-1", NOW.minus(DAY.multipliedBy(80)), "cancelled");
        finish("done-new", "wf-1", NOW.minusSeconds(5), "timeout");
        finish("done-newer", "wf-1", NOW.minusSeconds(1), "success");
        store.executions().flush();

        pruner(new Retention(30, 0)).prune(NOW);

        assertThat(ids("wf-1")).containsExactly("done-newer", "running-old", "pending-old");
    }

    @Test
    void moreExecutionsThanOneBatchAreAllDeletedInSeveralTransactions() throws SQLException {
        store.workflows().create("wf-1", "One", "{}");
        for (int i = 0; i < 1_200; i++) {
            store.executions().finished(done(running("old-" + i, "wf-1", NOW.minus(DAY.multipliedBy(60)).plusMillis(i)),
                    "success", 1));
        }
        finish("new", "wf-1", NOW.minusSeconds(1), "success");
        store.executions().flush();

        HistoryPruner.Pass pass = pruner(new Retention(30, 0)).prune(NOW);

        assertThat(pass.deleted()).isEqualTo(1_200);
        assertThat(pass.batches()).isEqualTo(3);
        assertThat(ids("wf-1")).containsExactly("new");
    }

    @Test
    void countPruningOfMoreThanOneBatchLeavesExactlyTheLimit() throws SQLException {
        store.workflows().create("wf-1", "One", "{\"settings\": {\"history_max_executions\": 100}}");
        for (int i = 0; i < 1_200; i++) {
            store.executions().finished(done(running(String.format("e%04d", i), "wf-1", NOW.minusSeconds(5_000 - i)),
                    "success", 1));
        }
        store.executions().flush();

        HistoryPruner.Pass pass = pruner(new Retention(0, 0)).prune(NOW);

        assertThat(pass.deleted()).isEqualTo(1_100);
        assertThat(pass.batches()).isEqualTo(3);
        assertThat(ids("wf-1")).hasSize(100).startsWith("e1199").endsWith("e1100");
    }

    @Test
    void statisticsAreNotChangedByPruning() {
        store.workflows().create("wf-1", "One", "{\"settings\": {\"history_max_executions\": 1}}");
        finish("a", "wf-1", NOW.minus(DAY.multipliedBy(90)), "failed");
        finish("b", "wf-1", NOW.minusSeconds(20), "success");
        finish("c", "wf-1", NOW.minusSeconds(10), "success");
        WorkflowStats before = store.workflows().get("wf-1").orElseThrow().stats();

        assertThat(pruner(new Retention(30, 0)).prune(NOW).deleted()).isEqualTo(2);

        assertThat(store.workflows().get("wf-1").orElseThrow().stats()).isEqualTo(before)
                .extracting(WorkflowStats::totalExecutions).isEqualTo(3L);
    }

    @Test
    void aChangedLimitIsReadAtTheNextPass() throws SQLException {
        store.workflows().create("wf-1", "One", "{\"settings\": {\"history_max_executions\": 3}}");
        for (int i = 0; i < 3; i++) {
            finish("e" + i, "wf-1", NOW.minusSeconds(10 - i), "success");
        }
        HistoryPruner pruner = pruner(new Retention(0, 0));
        assertThat(pruner.prune(NOW).deleted()).isZero();

        store.workflows().update("wf-1", "One", "{\"settings\": {\"history_max_executions\": 1}}");

        assertThat(pruner.prune(NOW).deleted()).isEqualTo(2);
        assertThat(ids("wf-1")).containsExactly("e2");
    }

    @Test
    void noLimitsKeepEverything() throws SQLException {
        store.workflows().create("wf-1", "One", "{}");
        finish("ancient", "wf-1", NOW.minus(DAY.multipliedBy(3_000)), "success");

        assertThat(pruner(new Retention(0, 0)).prune(NOW).deleted()).isZero();
        assertThat(ids("wf-1")).containsExactly("ancient");
    }

    // ------------------------------------------------------------------------------------------ helpers

    HistoryPruner pruner(Retention defaults) {
        return new HistoryPruner(store, defaults, Duration.ofHours(1));
    }

    void finish(String id, String workflowId, Instant startedAt, String status) {
        store.executions().finished(done(running(id, workflowId, startedAt), status, 1));
        store.executions().flush();
    }

    /** The ids of a workflow's stored executions, newest first. */
    List<String> ids(String workflowId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM executions WHERE workflow_id = ? ORDER BY started_at DESC, id DESC")) {
            ps.setString(1, workflowId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}

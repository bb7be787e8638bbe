package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour of {@link Store}, run against every supported database by the subclasses. */
abstract class AbstractStoreTest {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");

    Store store;

    /** A fresh, empty, migrated store. */
    abstract Store openStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------------------------------------ workflows

    @Test
    void createdWorkflowIsDraftVersionOneWithEmptyStatistics() {
        WorkflowRecord w = store.workflows().create("wf-1", "First", "{\"nodes\":[]}");

        assertThat(w.status()).isEqualTo("draft");
        assertThat(w.version()).isEqualTo(1);
        assertThat(w.stats()).isEqualTo(new WorkflowStats(0, 0, 0, null, 0));
        assertThat(store.workflows().get("wf-1")).contains(w);
    }

    @Test
    void updateBumpsVersionAndKeepsCreationTime() throws Exception {
        WorkflowRecord created = store.workflows().create("wf-1", "First", "{\"v\":1}");
        Thread.sleep(2);

        WorkflowRecord updated = store.workflows().update("wf-1", "Renamed", "{\"v\":2}");

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.name()).isEqualTo("Renamed");
        assertThat(updated.document()).isEqualTo("{\"v\":2}");
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isAfter(created.updatedAt());
        assertThat(store.workflows().update("wf-1", "Again", "{}").version()).isEqualTo(3);
        assertThat(store.workflows().get("wf-1")).get().extracting(WorkflowRecord::version).isEqualTo(3);
    }

    @Test
    void documentIsStoredExactlyAsSaved() {
        String doc = "{ \"z\" : 1,\n  \"a\": [1.50, \"é\u2603\"], \"n\": null }  ";
        store.workflows().create("wf-1", "Doc", doc);

        assertThat(store.workflows().get("wf-1").orElseThrow().document()).isEqualTo(doc);
    }

    @Test
    void duplicateIdAndUnknownIdsAreRejected() {
        store.workflows().create("wf-1", "First", "{}");

        assertThatThrownBy(() -> store.workflows().create("wf-1", "Again", "{}"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.workflows().update("nope", "x", "{}"))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> store.workflows().setStatus("nope", "active"))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> store.workflows().setStatus("wf-1", "bogus"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.workflows().get("nope")).isEmpty();
    }

    @Test
    void statusChangesAndListByStatusFindsThem() {
        store.workflows().create("a", "A", "{}");
        store.workflows().create("b", "B", "{}");
        store.workflows().create("c", "C", "{}");
        store.workflows().create("d", "D", "{}");

        store.workflows().setStatus("a", "active");
        store.workflows().setStatus("c", "paused");
        store.workflows().setStatus("d", "disabled");

        assertThat(store.workflows().get("a").orElseThrow().status()).isEqualTo("active");
        assertThat(store.workflows().listByStatus("active", "paused"))
                .extracting(WorkflowRecord::id).containsExactly("a", "c");
        assertThat(store.workflows().listByStatus("draft")).extracting(WorkflowRecord::id).containsExactly("b");
        assertThat(store.workflows().listByStatus()).isEmpty();
    }

    @Test
    void statesGiveEveryWorkflowsStatusAndVersion() {
        store.workflows().create("a", "A", "{}");
        store.workflows().create("b", "B", "{}");
        store.workflows().update("b", "B", "{\"v\":2}");
        store.workflows().setStatus("b", "active");

        assertThat(store.workflows().states())
                .containsExactlyInAnyOrder(new WorkflowState("a", "draft", 1), new WorkflowState("b", "active", 2));
    }

    @Test
    void workflowListPagesInCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = "wf-" + (char) ('z' - i); // creation order differs from id order
            store.workflows().create(id, "W" + i, "{}");
            ids.add(id);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<WorkflowRecord> page = store.workflows().list(10, cursor);
            page.items().forEach(w -> seen.add(w.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void deleteRemovesWorkflowAndItsExecutionsOnly() {
        store.workflows().create("wf-1", "One", "{}");
        store.workflows().create("wf-2", "Two", "{}");
        store.executions().finished(done(running("e1", "wf-1", T0), "success", 10));
        store.executions().started(running("e2", "wf-1", T0.plusSeconds(1)));
        store.executions().finished(done(running("e3", "wf-2", T0), "success", 10));

        assertThat(store.workflows().delete("wf-1")).isTrue();

        assertThat(store.workflows().get("wf-1")).isEmpty();
        assertThat(store.executions().get("e1")).isEmpty();
        assertThat(store.executions().get("e2")).isEmpty();
        assertThat(store.executions().get("e3")).isPresent();
        assertThat(store.workflows().get("wf-2")).isPresent();
        assertThat(store.workflows().delete("wf-1")).isFalse();
    }

    // ------------------------------------------------------------------------------------------ workflow versions

    @Test
    void everySaveWritesAVersionWithItsDocumentAuthorTimeAndMessage() {
        WorkflowRecord created = store.workflows().create("wf-1", "First", "{\"v\":1}", "owner-1", "first cut");
        WorkflowRecord updated = store.workflows().update("wf-1", "First", "{\"v\":2}", "editor-2", "second cut");
        store.workflows().update("wf-1", "First", "{\"v\":3}", "editor-2", null);

        assertThat(store.workflowVersions().get("wf-1", 1)).contains(
                new WorkflowVersion("wf-1", 1, "{\"v\":1}", "owner-1", created.createdAt(), "first cut"));
        assertThat(store.workflowVersions().get("wf-1", 2)).contains(
                new WorkflowVersion("wf-1", 2, "{\"v\":2}", "editor-2", updated.updatedAt(), "second cut"));
        assertThat(store.workflowVersions().get("wf-1", 3)).get().extracting(WorkflowVersion::document, WorkflowVersion::message)
                .containsExactly("{\"v\":3}", null);
        assertThat(store.workflowVersions().get("wf-1", 4)).isEmpty();
        assertThat(store.workflowVersions().get("nope", 1)).isEmpty();
    }

    @Test
    void versionsListNewestFirstInPages() {
        store.workflows().create("wf-1", "W", "{\"v\":1}", "owner-1");
        for (int v = 2; v <= 25; v++) {
            store.workflows().update("wf-1", "W", "{\"v\":" + v + "}", "owner-1", "save " + v);
        }
        store.workflows().create("wf-other", "O", "{}", "owner-1");

        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<WorkflowVersion> page = store.workflowVersions().list("wf-1", 10, cursor);
            page.items().forEach(v -> seen.add(v.version()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).isSortedAccordingTo(Comparator.reverseOrder()).startsWith(25).endsWith(1);
        assertThatThrownBy(() -> store.workflowVersions().list("wf-1", 10, "not-a-cursor"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedSaveWritesNoVersionAndDeletingTheWorkflowDeletesItsVersions() {
        store.workflows().create("wf-1", "W", "{}", "owner-1");
        assertThatThrownBy(() -> store.workflows().create("wf-1", "Again", "{\"again\":true}", "owner-2"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.workflows().update("nope", "x", "{}", "owner-1", null))
                .isInstanceOf(NoSuchElementException.class);

        assertThat(store.workflowVersions().get("wf-1", 1)).get().extracting(WorkflowVersion::document).isEqualTo("{}");
        assertThat(store.workflowVersions().list("nope", 10, null).items()).isEmpty();

        store.workflows().delete("wf-1");
        assertThat(store.workflowVersions().list("wf-1", 10, null).items()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ executions

    @Test
    void startedThenFinishedIsReadBackIdentically() {
        store.workflows().create("wf-1", "One", "{}");
        ExecutionRecord started = running("e1", "wf-1", T0);
        ExecutionRecord finished = new ExecutionRecord("e1", "wf-1", 3, "failed", "webhook",
                richJson(), JSON.arrayNode().add(1).add("two").add(JSON.nullNode()), JSON.nullNode(),
                "boom", "java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)", T0,
                T0.plusMillis(1234), 1234L, List.of(
                new NodeLog("trigger", "success", 1, T0.plusNanos(1), 0, null, richJson(), null, null),
                new NodeLog("split", "success", 1, T0.plusMillis(1), 5, JSON.arrayNode(), JSON.nullNode(), null, 0),
                new NodeLog("http", "failed", 3, T0.plusMillis(7), 1200, JSON.textNode("in"), null,
                        "HTTP 500 ünïcödé", 1),
                new NodeLog("never", "skipped", 0, null, 0, null, null, null, null)));

        store.executions().started(started);
        store.executions().finished(finished);
        store.executions().flush();

        ExecutionRecord read = store.executions().get("e1").orElseThrow();
        assertThat(read).isEqualTo(finished);
        assertThat(read.output()).isEqualTo(JSON.nullNode());
        assertThat(read.nodeLogs().get(0).output().get("big").isBigInteger()).isTrue();
        assertThat(read.nodeLogs().get(0).output().get("double").isDouble()).isTrue();
        assertThat(read.nodeLogs().get(0).output().get("long").isLong()).isTrue();
        assertThat(read.finished()).isTrue();
        assertThat(store.executions().list(ExecutionFilter.all()).items()).containsExactly(finished);
    }

    @Test
    void aFinishedExecutionWithoutItsDataKeepsItsRecordAndCounts() {
        store.workflows().create("wf-1", "One", "{}");
        ExecutionRecord started = running("e1", "wf-1", T0);
        store.executions().started(started);
        store.executions().flush();
        ExecutionRecord finished = done(started, "failed", 40);

        store.executions().finished(finished, false);
        ExecutionRecord queued = store.executions().get("e1").orElseThrow();
        store.executions().flush();

        ExecutionRecord read = store.executions().get("e1").orElseThrow();
        assertThat(read).isEqualTo(queued).isEqualTo(finished.withoutData());
        assertThat(read.dataSaved()).isFalse();
        assertThat(read.input()).isNull();
        assertThat(read.triggerData()).isNull();
        assertThat(read.output()).isNull();
        assertThat(read.nodeLogs()).isEmpty();
        assertThat(read.errorMessage()).isEqualTo("it failed");
        assertThat(read.completedAt()).isEqualTo(T0.plusMillis(40));
        assertThat(store.workflows().get("wf-1").orElseThrow().stats())
                .isEqualTo(new WorkflowStats(1, 0, 1, T0, 40));
        assertThat(store.executions().list(ExecutionFilter.all()).items()).containsExactly(read);
    }

    @Test
    void largeValuesAndSharedNodeLogValuesAreReadBack() {
        JsonNode big = JSON.objectNode().put("body", "é".repeat(3_000_000)); // ~6 MB of UTF-8
        JsonNode small = JSON.objectNode().put("n", 1);
        ExecutionRecord r = new ExecutionRecord("e1", "wf-1", 1, "success", "webhook", null, small, big, null, null,
                T0, T0.plusMillis(5), 5L, List.of(
                new NodeLog("a", "success", 1, T0, 1, small, big, null, null),
                new NodeLog("b", "success", 1, T0, 1, big, big, null, null)));
        store.executions().keepValuesUpTo(8_000_000); // the store carries what the history's value limit lets through
        store.executions().finished(r);
        store.executions().flush();

        ExecutionRecord read = store.executions().get("e1").orElseThrow();
        assertThat(read).isEqualTo(r);
        assertThat(read.nodeLogs().get(1).input()).isSameAs(read.output());
    }

    @Test
    void startedOnlyExecutionKeepsNullOptionalFields() {
        ExecutionRecord r = new ExecutionRecord("e1", "wf-x", 1, "pending", null, null, null, null, null, null,
                T0, null, null, null);
        store.executions().started(r);
        store.executions().flush();

        assertThat(store.executions().get("e1")).contains(r);
        assertThat(r.finished()).isFalse();
    }

    @Test
    void nanosecondTimestampsAreTruncatedToMicrosecondsOnSubmission() {
        Instant withNanos = Instant.parse("2025-03-01T10:00:00.123456789Z");
        store.executions().started(running("e1", "wf-1", withNanos));

        Instant queued = store.executions().get("e1").orElseThrow().startedAt();
        store.executions().flush();
        Instant stored = store.executions().get("e1").orElseThrow().startedAt();

        assertThat(queued).isEqualTo(stored).isEqualTo(Instant.parse("2025-03-01T10:00:00.123456Z"));
    }

    @Test
    void getSeesWritesThatAreStillQueued() throws Exception {
        store.workflows().create("wf-1", "One", "{}");
        // hold the workflow row lock so the writer's statistics increment (and so its whole batch) waits
        try (Connection blocker = store.dataSource().getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.executeQuery("SELECT id FROM workflows WHERE id = 'wf-1' FOR UPDATE").close();
            }
            ExecutionRecord first = done(running("e1", "wf-1", T0), "success", 5);
            store.executions().finished(first);
            awaitWriterBusy();
            ExecutionRecord second = running("e2", "wf-1", T0.plusSeconds(1));
            store.executions().started(second);

            assertThat(countRows("e1")).isZero();
            assertThat(countRows("e2")).isZero();
            assertThat(store.executions().get("e1")).contains(first);
            assertThat(store.executions().get("e2")).contains(second);
            blocker.rollback();
        }
        store.executions().flush();
        assertThat(countRows("e1")).isEqualTo(1);
        assertThat(countRows("e2")).isEqualTo(1);
        assertThat(store.executions().get("e2").orElseThrow().status()).isEqualTo("running");
    }

    @Test
    void listPagesNewestFirstWithoutDuplicatesOrGaps() {
        List<ExecutionRecord> all = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            // groups of three share a start time, so the id tie-break is exercised across page boundaries
            ExecutionRecord r = running(String.format("e%02d", i), i % 2 == 0 ? "wf-a" : "wf-b",
                    T0.plusSeconds(i / 3));
            r = i % 5 == 0 ? r : done(r, i % 3 == 0 ? "failed" : "success", i);
            all.add(r);
            if (r.finished()) {
                store.executions().finished(r);
            } else {
                store.executions().started(r);
            }
        }
        List<ExecutionRecord> expected = all.stream()
                .sorted(Comparator.comparing(ExecutionRecord::startedAt).thenComparing(ExecutionRecord::id)
                        .reversed()).toList();

        List<ExecutionRecord> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            Page<ExecutionRecord> page = store.executions().list(new ExecutionFilter(null, null, 20, cursor));
            sizes.add(page.items().size());
            seen.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(sizes).containsExactly(20, 20, 5);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(new HashSet<>(seen)).hasSize(45);

        assertThat(pageThrough(new ExecutionFilter("wf-a", null, 7, null)))
                .containsExactlyElementsOf(expected.stream().filter(r -> r.workflowId().equals("wf-a")).toList());
        assertThat(pageThrough(new ExecutionFilter(null, "running", 4, null)))
                .containsExactlyElementsOf(expected.stream().filter(r -> r.status().equals("running")).toList());
        assertThat(pageThrough(new ExecutionFilter("wf-b", "failed", 2, null)))
                .containsExactlyElementsOf(expected.stream()
                        .filter(r -> r.workflowId().equals("wf-b") && r.status().equals("failed")).toList())
                .isNotEmpty();
        assertThat(store.executions().list(new ExecutionFilter(null, null, 0, null)).items()).hasSize(20);
        assertThatThrownBy(() -> store.executions().list(new ExecutionFilter(null, null, 5, "garbage!")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statisticsAreExactUnderConcurrentFinishes() throws Exception {
        store.workflows().create("wf-a", "A", "{}");
        store.workflows().create("wf-b", "B", "{}");
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    int n = thread * perThread + i;
                    String wf = n % 4 == 0 ? "wf-b" : "wf-a";
                    String status = n % 3 == 0 ? "failed" : "success";
                    ExecutionRecord r = running("e-" + n, wf, T0.plusMillis(n));
                    store.executions().started(r);
                    store.executions().finished(done(r, status, n % 100));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        store.executions().flush();

        long[] a = new long[4];
        long[] b = new long[4];
        for (int n = 0; n < threads * perThread; n++) {
            long[] s = n % 4 == 0 ? b : a;
            s[0]++;
            s[n % 3 == 0 ? 2 : 1]++;
            s[3] += n % 100;
        }
        WorkflowStats sa = store.workflows().get("wf-a").orElseThrow().stats();
        WorkflowStats sb = store.workflows().get("wf-b").orElseThrow().stats();
        assertThat(sa).isEqualTo(new WorkflowStats(a[0], a[1], a[2], T0.plusMillis(1999), a[3] / a[0]));
        assertThat(sb).isEqualTo(new WorkflowStats(b[0], b[1], b[2], T0.plusMillis(1996), b[3] / b[0]));
        assertThat(sa.totalExecutions() + sb.totalExecutions()).isEqualTo(2000);
        assertThat(countAllRows()).isEqualTo(2000);
    }

    @Test
    void repeatedOrLateWritesDoNotChangeAFinishedExecution() {
        store.workflows().create("wf-1", "One", "{}");
        ExecutionRecord r = running("e1", "wf-1", T0);
        ExecutionRecord ok = done(r, "success", 40);
        store.executions().finished(ok);
        store.executions().flush();
        store.executions().finished(done(r, "failed", 99));
        store.executions().flush();
        store.executions().started(r);
        store.executions().flush();

        assertThat(store.executions().get("e1")).contains(ok);
        assertThat(store.workflows().get("wf-1").orElseThrow().stats())
                .isEqualTo(new WorkflowStats(1, 1, 0, T0, 40));
    }

    @Test
    void cancelledCountsOnlyInTotalAndTimeoutAsFailed() {
        store.workflows().create("wf-1", "One", "{}");
        store.executions().finished(done(running("e1", "wf-1", T0), "cancelled", 10));
        store.executions().finished(done(running("e2", "wf-1", T0.plusSeconds(2)), "timeout", 30));
        store.executions().finished(done(running("e3", "wf-1", T0.plusSeconds(1)), "success", 20));
        store.executions().flush();

        assertThat(store.workflows().get("wf-1").orElseThrow().stats())
                .isEqualTo(new WorkflowStats(3, 1, 1, T0.plusSeconds(2), 20));
    }

    @Test
    void endInterruptedFailsRunningExecutionsAndCountsThem() {
        store.workflows().create("wf-1", "One", "{}");
        store.executions().finished(done(running("e1", "wf-1", T0), "success", 100));
        store.executions().started(running("e2", "wf-1", T0.plusSeconds(5)));
        store.executions().started(new ExecutionRecord("e3", "wf-1", 1, "pending", "manual", null, null, null,
                null, null, T0.plusSeconds(1), null, null, null));
        store.executions().started(running("e4", "wf-gone", T0));
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        assertThat(store.executions().endInterrupted()).isEqualTo(3);

        for (String id : List.of("e2", "e3", "e4")) {
            ExecutionRecord r = store.executions().get(id).orElseThrow();
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.errorMessage()).isEqualTo(Executions.INTERRUPTED);
            assertThat(r.completedAt()).isAfterOrEqualTo(before);
        }
        assertThat(store.executions().get("e1").orElseThrow().status()).isEqualTo("success");
        assertThat(store.workflows().get("wf-1").orElseThrow().stats())
                .isEqualTo(new WorkflowStats(3, 1, 2, T0.plusSeconds(5), 33));
        assertThat(store.executions().endInterrupted()).isZero();
    }

    @Test
    void flushWaitsUntilEverythingSubmittedIsCommitted() throws Exception {
        for (int i = 0; i < 500; i++) {
            store.executions().finished(done(running("e" + i, "wf-1", T0.plusMillis(i)), "success", 1));
        }
        store.executions().flush();

        assertThat(countAllRows()).isEqualTo(500);
        assertThat(store.executions().backlog()).isZero();
        store.executions().flush(); // idle flush returns
    }

    @Test
    void writerSurvivesARecordTheDatabaseRejects() throws Exception {
        store.workflows().create("wf-1", "One", "{}");
        String tooLong = "x".repeat(300); // id column is VARCHAR(255)
        store.executions().finished(done(running("good-1", "wf-1", T0), "success", 10));
        store.executions().finished(done(running(tooLong, "wf-1", T0.plusSeconds(1)), "failed", 20));
        store.executions().finished(done(running("good-2", "wf-1", T0.plusSeconds(2)), "success", 30));
        store.executions().flush();

        assertThat(store.executions().get("good-1")).isPresent();
        assertThat(store.executions().get("good-2")).isPresent();
        assertThat(store.executions().get(tooLong)).isEmpty();
        // the rejected execution still ran: its statistics increment is not lost
        assertThat(store.workflows().get("wf-1").orElseThrow().stats())
                .isEqualTo(new WorkflowStats(3, 2, 1, T0.plusSeconds(2), 20));

        store.executions().finished(done(running("after", "wf-1", T0.plusSeconds(3)), "success", 1));
        store.executions().flush();
        assertThat(store.executions().get("after")).isPresent();
    }

    @Test
    void executionsOfUnknownWorkflowsAreStoredWithoutStatistics() {
        ExecutionRecord r = done(running("e1", "not-saved", T0), "success", 10);
        store.executions().finished(r);
        store.executions().flush();

        assertThat(store.executions().get("e1")).contains(r);
        assertThat(store.workflows().get("not-saved")).isEmpty();
    }

    @Test
    void invalidSubmissionsAreRejectedSynchronously() {
        ExecutionRecord r = running("e1", "wf-1", T0);
        assertThatThrownBy(() -> store.executions().finished(r)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.executions().started(done(r, "success", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.executions().started(new ExecutionRecord(null, "wf", 1, "running", null,
                null, null, null, null, null, T0, null, null, null))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void closeDrainsQueuedWritesAndRejectsLaterOnes() {
        store.workflows().create("wf-1", "One", "{}");
        for (int i = 0; i < 100; i++) {
            store.executions().finished(done(running("e" + i, "wf-1", T0.plusMillis(i)), "success", 1));
        }
        store.close();

        assertThatThrownBy(() -> store.executions().started(running("late", "wf-1", T0)))
                .isInstanceOf(IllegalStateException.class);
        store.close(); // idempotent
        store = reopenStore();
        if (store != null) {
            assertThat(store.workflows().get("wf-1").orElseThrow().stats().totalExecutions()).isEqualTo(100);
            assertThat(store.executions().list(new ExecutionFilter("wf-1", null, 200, null)).items()).hasSize(100);
        }
    }

    @Test
    void executionsLeftRunningByAClosedStoreAreEndedAfterReopening() {
        store.workflows().create("wf-1", "One", "{}");
        store.executions().started(running("e1", "wf-1", T0));
        store.close();
        store = reopenStore();
        if (store != null) {
            assertThat(store.executions().get("e1").orElseThrow().status()).isEqualTo("running");
            assertThat(store.executions().endInterrupted()).isEqualTo(1);
            assertThat(store.workflows().get("wf-1").orElseThrow().stats().failedExecutions()).isEqualTo(1);
        }
    }

    @Test
    void endInterruptedLeavesTheRunningExecutionsOfAnotherInstanceAlone() {
        Store other = openOtherInstance();
        if (other == null) {
            return;
        }
        try (other) {
            store.workflows().create("wf-1", "One", "{}");
            store.executions().started(running("mine", "wf-1", T0));
            other.executions().started(running("theirs", "wf-1", T0));
            other.executions().flush();

            assertThat(store.executions().endInterrupted()).isEqualTo(1);

            assertThat(store.executions().get("mine").orElseThrow().status()).isEqualTo("failed");
            assertThat(store.executions().get("theirs").orElseThrow().status()).isEqualTo("running");
            other.executions().finished(done(running("theirs", "wf-1", T0), "success", 10));
            other.executions().flush();
            assertThat(store.workflows().get("wf-1").orElseThrow().stats())
                    .isEqualTo(new WorkflowStats(2, 1, 1, T0, 5));
        }
    }

    @Test
    void endInterruptedEndsRunningExecutionsWrittenBeforeInstancesWereRecorded() throws SQLException {
        store.executions().started(running("old", "wf-1", T0));
        store.executions().flush();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE executions SET instance_id = NULL WHERE id = 'old'");
        }

        assertThat(store.executions().endInterrupted()).isEqualTo(1);
        assertThat(store.executions().get("old").orElseThrow().status()).isEqualTo("failed");
    }

    @Test
    void anExpiredInstancesRunningExecutionsAreTakenOverByOneInstanceOnly() {
        Store dead = openOtherInstance("dead-instance");
        Store third = openOtherInstance("third-instance");
        if (dead == null) {
            return;
        }
        try (dead; third) {
            store.workflows().create("wf-1", "One", "{}");
            assertThat(dead.instances().beat()).as("a first beat registers").isFalse();
            assertThat(dead.instances().beat()).isTrue();
            dead.executions().started(running("left-1", "wf-1", T0));
            dead.executions().started(running("left-2", "wf-1", T0.plusMillis(1)));
            dead.executions().finished(done(running("done", "wf-1", T0), "success", 5));
            dead.executions().flush();
            store.instances().beat();
            third.instances().beat();

            Instant beforeTheBeats = Instant.now().minusSeconds(60);
            assertThat(store.instances().expired(beforeTheBeats)).as("nobody is silent for a minute yet").isEmpty();
            Instant afterTheBeats = Instant.now().plusSeconds(1);
            assertThat(store.instances().expired(afterTheBeats))
                    .containsExactlyInAnyOrder(dead.instances().instanceId(), third.instances().instanceId());

            List<ExecutionRecord> claimed = store.instances().claim(dead.instances().instanceId(), afterTheBeats);
            assertThat(claimed).extracting(ExecutionRecord::id).containsExactly("left-1", "left-2");
            assertThat(claimed.get(0).input()).isEqualTo(running("left-1", "wf-1", T0).input());
            assertThat(third.instances().claim(dead.instances().instanceId(), afterTheBeats))
                    .as("claimed once: the second claimer finds the dead instance's row gone").isEmpty();
            assertThat(store.instances().takenOver(Set.of("left-1", "left-2"))).isEmpty();
            assertThat(dead.instances().takenOver(Set.of("left-1", "left-2", "done")))
                    .containsExactlyInAnyOrder("left-1", "left-2");
            assertThat(dead.instances().beat()).as("the dead instance's row is gone").isFalse();
        }
    }

    @Test
    void anInstanceThatWasTakenOverNoLongerWritesTheExecutionsItLost() {
        Store paused = openOtherInstance();
        if (paused == null) {
            return;
        }
        try (paused) {
            store.workflows().create("wf-1", "One", "{}");
            paused.instances().beat();
            paused.executions().started(running("e1", "wf-1", T0));
            paused.executions().flush();
            assertThat(store.instances().claim(paused.instances().instanceId(), Instant.now().plusSeconds(1)))
                    .hasSize(1);

            paused.executions().finished(done(running("e1", "wf-1", T0), "failed", 10));
            paused.executions().flush();
            assertThat(store.executions().get("e1").orElseThrow().status()).as("still the claimer's").isEqualTo("running");

            store.executions().finished(done(running("e1", "wf-1", T0), "success", 20));
            store.executions().flush();
            assertThat(store.executions().get("e1").orElseThrow().status()).isEqualTo("success");
            assertThat(store.workflows().get("wf-1").orElseThrow().stats().totalExecutions()).isEqualTo(1);
        }
    }

    @Test
    void aReleasedLeaseIsExpiredAtOnceAndTakenOverExecutionsCanBeEnded() {
        Store stopping = openOtherInstance();
        if (stopping == null) {
            return;
        }
        try (stopping) {
            store.workflows().create("wf-1", "One", "{}");
            stopping.instances().beat();
            stopping.executions().started(running("e1", "wf-1", T0));
            stopping.executions().started(running("e2", "wf-1", T0));
            stopping.executions().flush();
            Instant leaseAgo = Instant.now().minusSeconds(15);
            assertThat(store.instances().expired(leaseAgo)).isEmpty();

            stopping.instances().release();
            assertThat(store.instances().expired(leaseAgo)).containsExactly(stopping.instances().instanceId());
            assertThat(store.instances().claim(stopping.instances().instanceId(), leaseAgo)).hasSize(2);
            assertThat(store.executions().endTakenOver(List.of("e2"))).isEqualTo(1);
            assertThat(store.executions().get("e1").orElseThrow().status()).isEqualTo("running");
            assertThat(store.executions().get("e2").orElseThrow().errorMessage()).isEqualTo(Executions.INTERRUPTED);
        }
    }

    /** The same database opened again after {@link Store#close()}, or {@code null} if it does not survive close. */
    Store reopenStore() {
        return null;
    }

    /** The same database opened by another instance while this one is open, or {@code null} if it cannot be shared. */
    Store openOtherInstance() {
        return openOtherInstance("other-instance");
    }

    /** As {@link #openOtherInstance()}, as the instance {@code instanceId}. */
    Store openOtherInstance(String instanceId) {
        return null;
    }

    // ------------------------------------------------------------------------------------------ workflow state

    @Test
    void stateKeysAreSetReplacedReadAndDeletedPerScope() {
        assertThat(store.state().put("workflow", "wf-a", "health", "\"down\"", 10)).isTrue();
        assertThat(store.state().put("workflow", "wf-a", "health", "\"up\"", 10)).isTrue();
        assertThat(store.state().put("workflow", "wf-b", "health", "{\"n\": 1}", 10)).isTrue();
        assertThat(store.state().put("owner", "wf-a", "health", "42", 10)).isTrue();

        assertThat(store.state().get("workflow", "wf-a", "health")).contains("\"up\"");
        assertThat(store.state().get("workflow", "wf-b", "health")).contains("{\"n\": 1}");
        assertThat(store.state().get("owner", "wf-a", "health")).contains("42");
        assertThat(store.state().get("workflow", "wf-c", "health")).isEmpty();

        assertThat(store.state().delete("workflow", "wf-a", "health")).isTrue();
        assertThat(store.state().delete("workflow", "wf-a", "health")).isFalse();
        assertThat(store.state().get("workflow", "wf-a", "health")).isEmpty();
        assertThat(store.state().get("workflow", "wf-b", "health")).isPresent();
    }

    @Test
    void aFullStateScopeTakesNoNewKeyButStillUpdatesItsOwn() {
        assertThat(store.state().put("workflow", "wf-a", "k1", "1", 2)).isTrue();
        assertThat(store.state().put("workflow", "wf-a", "k2", "2", 2)).isTrue();

        assertThat(store.state().put("workflow", "wf-a", "k3", "3", 2)).isFalse();
        assertThat(store.state().put("workflow", "wf-a", "k2", "22", 2)).isTrue();
        assertThat(store.state().put("workflow", "wf-other", "k3", "3", 2)).isTrue();

        assertThat(store.state().get("workflow", "wf-a", "k3")).isEmpty();
        assertThat(store.state().get("workflow", "wf-a", "k2")).contains("22");
    }

    @Test
    void deletingAWorkflowDeletesItsOwnStateOnly() {
        store.workflows().create("wf-gone", "Gone", "{\"nodes\":[]}");
        store.state().put("workflow", "wf-gone", "health", "\"down\"", 10);
        store.state().put("workflow", "wf-kept", "health", "\"down\"", 10);
        store.state().put("owner", "wf-gone", "health", "\"down\"", 10);

        assertThat(store.workflows().delete("wf-gone")).isTrue();

        assertThat(store.state().get("workflow", "wf-gone", "health")).isEmpty();
        assertThat(store.state().get("workflow", "wf-kept", "health")).isPresent();
        assertThat(store.state().get("owner", "wf-gone", "health")).as("an owner's keys are not the workflow's").isPresent();
    }

    // ------------------------------------------------------------------------------------------ helpers

    static ExecutionRecord running(String id, String workflowId, Instant startedAt) {
        return new ExecutionRecord(id, workflowId, 1, "running", "manual", JSON.objectNode().put("by", "test"),
                JSON.objectNode().put("n", 1), null, null, null, startedAt, null, null, List.of());
    }

    static ExecutionRecord done(ExecutionRecord r, String status, long durationMs) {
        return new ExecutionRecord(r.id(), r.workflowId(), r.workflowVersion(), status, r.triggerType(),
                r.triggerData(), r.input(), JSON.objectNode().put("ok", status.equals("success")),
                status.equals("success") ? null : "it " + status, null, r.startedAt(),
                r.startedAt().plusMillis(durationMs), durationMs,
                List.of(new NodeLog("n1", status.equals("success") ? "success" : "failed", 1, r.startedAt(),
                        durationMs, r.input(), JSON.objectNode().put("x", 1), null, null)));
    }

    static JsonNode richJson() {
        ObjectNode o = JSON.objectNode();
        o.put("string", "héllo \"quoted\" \n newline");
        o.put("int", 42);
        o.put("long", 1L << 40);
        o.put("big", new BigInteger("123456789012345678901234567890"));
        o.put("double", 3.25);
        o.put("bool", true);
        o.putNull("null");
        o.putArray("array").add(1).add(2.5).add("three").addObject().put("deep", false);
        o.putObject("object").putObject("nested").put("k", "v");
        return o;
    }

    List<ExecutionRecord> pageThrough(ExecutionFilter first) {
        List<ExecutionRecord> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            Page<ExecutionRecord> page = store.executions().list(
                    new ExecutionFilter(first.workflowId(), first.status(), first.limit(), cursor));
            assertThat(page.items().size()).isLessThanOrEqualTo(first.limit());
            for (ExecutionRecord r : page.items()) {
                assertThat(ids.add(r.id())).as("duplicate %s", r.id()).isTrue();
            }
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    void awaitWriterBusy() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // the writer has drained the queue (backlog stays 1 until the blocked batch completes)
        while (store.executions().backlog() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(20); // past the linger: the batch is now inside its transaction
    }

    int countRows(String id) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM executions WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    int countAllRows() throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM executions")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

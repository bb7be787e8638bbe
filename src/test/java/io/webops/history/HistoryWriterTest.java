package io.webops.history;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.webops.history.AbstractStoreTest.done;
import static io.webops.history.AbstractStoreTest.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writer internals that do not depend on the database flavour. */
class HistoryWriterTest {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    static HistoryWriter.Pending pending(ExecutionRecord r, boolean finish) {
        return new HistoryWriter.Pending(r, finish, PayloadCodec.write(r));
    }

    @Test
    void coalescingKeepsOneWritePerExecutionAndPrefersTheFinishedOne() {
        ExecutionRecord s1 = running("e1", "wf", T0);
        ExecutionRecord f1 = done(s1, "success", 5);
        ExecutionRecord s2 = running("e2", "wf", T0);
        var batch = HistoryWriter.coalesce(List.of(pending(s1, false), pending(s2, false), pending(f1, true),
                pending(s1, false) /* late duplicate start */));

        assertThat(batch).extracting(HistoryWriter.Pending::record).containsExactly(f1, s2);
    }

    @Test
    void cursorsRoundTripAndRejectGarbage() {
        Instant at = Instant.parse("2025-03-01T10:00:00.123456Z");
        Cursors.Key key = Cursors.decode(Cursors.encode(at, "id:with:colons"));

        assertThat(key).isEqualTo(new Cursors.Key(at, "id:with:colons"));
        assertThat(Cursors.fromMicros(Cursors.toMicros(Instant.parse("1960-01-01T00:00:00.000001Z"))))
                .isEqualTo(Instant.parse("1960-01-01T00:00:00.000001Z"));
        assertThatThrownBy(() -> Cursors.decode("%%%")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backpressureBlocksCallersWhileTheBacklogIsFullAndReleasesThem() throws Exception {
        try (Store store = Store.inMemory()) {
            store.workflows().create("wf", "W", "{}");
            HistoryWriter writer = new HistoryWriter(store.dataSource(), new Dialect.H2(), "test-instance", 5);
            Thread producer;
            try (Connection blocker = store.dataSource().getConnection()) {
                blocker.setAutoCommit(false);
                try (Statement s = blocker.createStatement()) {
                    s.executeQuery("SELECT id FROM workflows WHERE id = 'wf' FOR UPDATE").close();
                }
                producer = new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        writer.submit(pending(done(running("e" + i, "wf", T0.plusMillis(i)), "success", 1), true));
                    }
                });
                producer.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (producer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Thread.sleep(50);
                assertThat(producer.isAlive()).isTrue();
                assertThat(writer.backlog()).isLessThanOrEqualTo(5);
                blocker.rollback();
            }
            producer.join(10_000);
            assertThat(producer.isAlive()).isFalse();
            writer.flush();
            writer.close(5_000);
            assertThat(store.workflows().get("wf").orElseThrow().stats().totalExecutions()).isEqualTo(50);
        }
    }
}

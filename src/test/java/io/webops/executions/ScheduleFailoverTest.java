package io.webops.executions;

import static io.webops.executions.ServerProcesses.post;
import static io.webops.executions.ServerProcesses.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.json.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Failover of a schedule: two instances share one PostgreSQL (and Quartz's clustered job store in it); a
 * once-a-second schedule posts each tick it fired for to a receiver here. The instance that ran the last tick is
 * killed with SIGKILL halfway. Every second from the first tick to the last is run, once. Its length in seconds is
 * {@code -Dfailover.seconds} (30; bench/README.md gives a 60 s run).
 */
@EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
class ScheduleFailoverTest {

    private static final int SECONDS = Integer.getInteger("failover.seconds", 30);

    /** Per execution id, the tick it ran for and when its post arrived; a resumed execution posts again. */
    private final Map<String, Tick> received = new ConcurrentHashMap<>();
    private final List<Process> servers = new ArrayList<>();
    private HttpServer receiver;
    private SharedDatabase database;

    private record Tick(Instant scheduledAt, long arrivedNanos) {
    }

    @AfterEach
    void stop() throws Exception {
        servers.forEach(Process::destroyForcibly);
        if (receiver != null) {
            receiver.stop(0);
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aOnceASecondScheduleLosesNoTickAndDoublesNoneWhenTheInstanceRunningItIsKilled() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/tick", exchange -> {
            JsonNode body = Json.parse(exchange.getRequestBody().readAllBytes());
            received.putIfAbsent(body.get("execution").asText(),
                    new Tick(Instant.parse(body.get("scheduled_at").asText()), System.nanoTime()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(2));
        receiver.start();
        database = new SharedDatabase("webops_schedule");
        Map<String, Process> byInstance = new TreeMap<>();
        int[] ports = {TestServer.freePort(), TestServer.freePort()};
        for (int port : ports) {
            Path data = Files.createTempDirectory("webops-schedule");
            Process p = start(data, port, database.settings());
            servers.add(p);
            byInstance.put(Files.readString(data.resolve("instance-id")).strip(), p);
        }
        String base = "http://127.0.0.1:" + ports[0];
        String workflow = post(base + "/api/workflows", """
                {"name": "every second", "trigger": {"type": "schedule", "cron": "* * * * * ?"},
                 "nodes": [{"id": "tell", "type": "webhook_output", "config": {"url": "http://127.0.0.1:%d/tick",
                   "payload": {"execution": "{{ execution.id }}", "scheduled_at": "{{ trigger.scheduled_at }}"}}}],
                 "connections": []}""".formatted(receiver.getAddress().getPort())).body().get("id").asText();
        assertThat(post(base + "/api/workflows/" + workflow + "/activate", "{}").status()).isEqualTo(200);

        Thread.sleep(SECONDS * 500L);
        Process holder = byInstance.get(lastRunBy());
        assertThat(holder).as("the instance that ran the last tick").isNotNull();
        holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(SECONDS * 500L);
        // the survivor takes the killed one's unfinished execution over after the lease (15 s), if there was one
        Thread.sleep(20_000);

        List<Tick> ticks = new ArrayList<>(received.values());
        ticks.sort((a, b) -> a.scheduledAt().compareTo(b.scheduledAt()));
        Instant first = ticks.get(0).scheduledAt();
        Instant last = ticks.get(ticks.size() - 1).scheduledAt();
        long expected = Duration.between(first, last).toSeconds() + 1;
        assertThat(expected).as("ticks from %s to %s", first, last).isGreaterThanOrEqualTo(SECONDS + 15);
        assertThat(ticks.stream().map(Tick::scheduledAt).distinct().count()).as("no tick lost").isEqualTo(expected);
        assertThat(ticks).as("none doubled: one execution per tick").hasSize((int) expected);

        ticks.sort((a, b) -> Long.compare(a.arrivedNanos(), b.arrivedNanos()));
        long longestGapMillis = 0;
        for (int i = 1; i < ticks.size(); i++) {
            longestGapMillis = Math.max(longestGapMillis,
                    TimeUnit.NANOSECONDS.toMillis(ticks.get(i).arrivedNanos() - ticks.get(i - 1).arrivedNanos()));
        }
        System.out.printf("schedule failover: %d ticks over %d s, none lost or doubled; longest wait between two: %d ms%n",
                ticks.size(), expected, longestGapMillis);
        // about a second on an idle machine (bench/README.md); the bound leaves room for a loaded CI machine
        assertThat(longestGapMillis).as("the survivor recovers the dead instance's trigger at once").isLessThan(3_000);
    }

    /** The instance that started the newest execution. */
    private String lastRunBy() throws Exception {
        try (Connection c = SharedDatabase.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT instance_id FROM " + database.schema() + ".executions ORDER BY started_at DESC LIMIT 1")) {
            assertThat(rs.next()).as("a tick has run").isTrue();
            return rs.getString(1);
        }
    }
}

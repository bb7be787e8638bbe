package io.webops.executions;

import static io.webops.executions.ServerProcesses.await;
import static io.webops.executions.ServerProcesses.finished;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A 202 means durable: servers run in JVMs of their own, take 200 webhooks answered 202 (respond: immediately) into a
 * workflow that waits 5 s and then posts its input to a receiver here (webhook_output), and are killed with SIGKILL
 * during the wait. Whoever runs them on (the same server restarted on its data, or another instance sharing its
 * PostgreSQL) runs every one of them to its end exactly once, under its own id.
 */
class CrashRecoveryTest {

    private static final int REQUESTS = 200;

    private final Map<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong firstCallNanos = new java.util.concurrent.atomic.AtomicLong();
    private final List<Process> servers = new ArrayList<>();
    private HttpServer receiver;
    private SharedDatabase database;

    @BeforeEach
    void receive() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/after-crash", exchange -> {
            JsonNode body = Json.parse(exchange.getRequestBody().readAllBytes());
            received.computeIfAbsent(body.get("n").asInt(), n -> new AtomicInteger()).incrementAndGet();
            firstCallNanos.compareAndSet(0, System.nanoTime());
            byte[] ok = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        servers.forEach(Process::destroyForcibly);
        receiver.stop(0);
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyExecutionAnswered202RunsToItsEndExactlyOnceAfterAKill() throws Exception {
        Path data = Files.createTempDirectory("webops-crash");
        int port = TestServer.freePort();
        String base = "http://127.0.0.1:" + port;
        Process server = started(start(data, port));
        String workflow = waitThenCall(base);

        Map<String, Integer> announced = fire(base);
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(received).as("the kill came before any execution got past its wait").isEmpty();

        started(start(data, port));
        await(() -> received.size() == REQUESTS && finished(base, workflow).size() == REQUESTS, Duration.ofSeconds(60));
        assertEachRanOnce(base, workflow, announced);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
    void anotherInstanceTakesOverTheExecutionsOfAKilledOneWithinThirtySeconds() throws Exception {
        database = new SharedDatabase("webops_failover");
        int portA = TestServer.freePort();
        int portB = TestServer.freePort();
        String a = "http://127.0.0.1:" + portA;
        String b = "http://127.0.0.1:" + portB;
        Path dataB = Files.createTempDirectory("webops-failover-b");
        Process killed = started(start(Files.createTempDirectory("webops-failover-a"), portA, database.settings()));
        started(start(dataB, portB, database.settings())); // the default lease: 15 s
        String workflow = waitThenCall(a);

        Map<String, Integer> announced = fire(a);
        killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long killedAt = System.nanoTime();
        assertThat(received).as("the kill came before any execution got past its wait").isEmpty();

        // taken over within 30 s, then each waits its 5 s again
        await(() -> received.size() == REQUESTS && finished(b, workflow).size() == REQUESTS, Duration.ofSeconds(45));
        Duration allDone = Duration.ofNanos(System.nanoTime() - killedAt);
        Duration firstCall = Duration.ofNanos(firstCallNanos.get() - killedAt);
        System.out.printf("takeover: the first resumed execution called %d ms after the kill (its 5 s wait included),"
                + " all %d done after %d ms%n", firstCall.toMillis(), REQUESTS, allDone.toMillis());
        assertThat(firstCall).as("taken over within 30 s, then a 5 s wait").isLessThan(Duration.ofSeconds(35));
        assertEachRanOnce(b, workflow, announced);
        assertThat(Files.readString(dataB.resolve("server.log"))).contains("took over its 200 execution(s), 200 resumed");
    }

    private Process started(Process server) {
        servers.add(server);
        return server;
    }

    /** A workflow that waits 5 s and then posts its input to the receiver, activated; answers its id. */
    private String waitThenCall(String base) throws Exception {
        String workflow = post(base + "/api/workflows", """
                {"name": "wait then call", "trigger": {"type": "webhook", "path": "crash", "respond": "immediately"},
                 "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "wait", "type": "delay", "config": {"seconds": 5}},
                  {"id": "call", "type": "webhook_output", "config": {"url": "http://127.0.0.1:%d/after-crash"}}],
                 "connections": [{"source": "in", "target": "wait"}, {"source": "wait", "target": "call"}]}"""
                .formatted(receiver.getAddress().getPort())).body().get("id").asText();
        assertThat(post(base + "/api/workflows/" + workflow + "/activate", "{}").status()).isEqualTo(200);
        return workflow;
    }

    private void assertEachRanOnce(String base, String workflow, Map<String, Integer> announced) throws Exception {
        Thread.sleep(500); // a second call of any of them would arrive now
        assertThat(received.keySet()).hasSize(REQUESTS);
        assertThat(received.values()).allMatch(calls -> calls.get() == 1);
        Map<String, String> statuses = finished(base, workflow);
        assertThat(statuses.keySet()).isEqualTo(announced.keySet());
        assertThat(Set.copyOf(statuses.values())).containsExactly("success");
    }

    /** Posts the webhooks from 16 threads; answers the announced execution ids with the n each carried. */
    private static Map<String, Integer> fire(String base) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<ServerProcesses.Response>> answers = new ArrayList<>();
            for (int n = 0; n < REQUESTS; n++) {
                String body = "{\"n\": " + n + "}";
                answers.add(pool.submit(() -> post(base + "/webhooks/crash", body)));
            }
            Map<String, Integer> announced = new TreeMap<>();
            for (int n = 0; n < REQUESTS; n++) {
                ServerProcesses.Response r = answers.get(n).get(30, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
                announced.put(r.body().get("execution_id").asText(), n);
            }
            return announced;
        } finally {
            pool.shutdownNow();
        }
    }
}

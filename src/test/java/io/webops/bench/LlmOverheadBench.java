package io.webops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.llm.AgentFiles;
import io.webops.llm.AgentMemory;
import io.webops.llm.FakeOpenAi;
import io.webops.llm.LlmDefaults;
import io.webops.llm.LlmRuntime;
import io.webops.llm.WorkflowCatalog;
import io.webops.model.WorkflowParser;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The overhead the product adds around one LLM call (bench/llm-overhead.sh): a one-node workflow
 * run by the engine (an {@code agent_query} whose agent has 10,000 stored memories, 200 feedback
 * entries and a 10-message conversation, so each run renders the prompt, recalls by similarity,
 * reads the conversation, calls the model through LangChain4j and the SSRF-guarded client, stores
 * the turn and writes the node log) against the fake server's own latency for a request of the same
 * size sent by a plain JDK HttpClient. Also the {@code llm} node alone (no memory) and the recall
 * alone. Medians over the measured repetitions. Not a test.
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat target/bench-cp.txt) io.webops.bench.LlmOverheadBench [warmup] [reps]</pre>
 */
public final class LlmOverheadBench {

    private static final String[] TOPICS = {"billing", "invoice", "deploy", "kubernetes", "latency", "database", "backup",
            "login", "password", "certificate", "dns", "cache", "queue", "email", "webhook", "report", "dashboard", "alert"};

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path data = Files.createTempDirectory("webops-llm-bench");
        try (FakeOpenAi fake = new FakeOpenAi(); DefaultCamelContext camel = new DefaultCamelContext();
             Store store = Store.openH2(data, "bench")) {
            fake.otherwise(r -> "Deploys happen on Tuesdays at 10:00 UTC; the next one is in two days.");
            camel.start();
            AgentFiles agents = new AgentFiles(data.resolve("agents"));
            AgentMemory memory = new AgentMemory(store.dataSource());
            new LlmRuntime(new LlmDefaults(fake.baseUrl(), "sk-bench-key", "bench-model"), agents, memory, WorkflowCatalog.NONE).bindTo(camel);
            agents.put("ops", Json.parse("{\"name\": \"Ops\", \"system_prompt\": \"You are the ops assistant of a small SaaS team.\","
                    + " \"tools\": [], \"memory_size\": 10}"));
            long t0 = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                memory.store("ops", AgentMemory.MEMORY, "note-" + i, "Ticket " + i + " about " + TOPICS[i % TOPICS.length]
                        + " and " + TOPICS[(i * 7 + 3) % TOPICS.length] + " was closed by the on-call engineer", null);
            }
            for (int i = 0; i < 200; i++) {
                memory.store("ops", AgentMemory.FEEDBACK, "correction", "When answering about " + TOPICS[i % TOPICS.length]
                        + ", name the owner team", null);
            }
            System.out.printf(Locale.ROOT, "stored 10,000 memories + 200 feedback in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            try (Engine engine = new Engine(camel, store, NodeTypes.standard(),
                    new EngineSettings(data, SsrfGuard.fromSetting("127.0.0.0/8"), RetryPolicy.DEFAULT))) {
                deploy(engine, "agent", "{\"name\": \"agent\", \"nodes\": [{\"id\": \"q\", \"type\": \"agent_query\","
                        + " \"config\": {\"agent\": \"ops\", \"query\": \"When is the next {{ data.what }} for {{ data.team }}?\"}}], \"connections\": []}");
                deploy(engine, "llm", "{\"name\": \"llm\", \"nodes\": [{\"id\": \"l\", \"type\": \"llm\","
                        + " \"config\": {\"system\": \"You are terse.\", \"prompt\": \"Summarize: {content}\"}}], \"connections\": []}");
                JsonNode agentInput = Json.parse("{\"what\": \"deploy window\", \"team\": \"payments\"}");
                JsonNode llmInput = Json.parse("{\"content\": \"The quarterly report shows revenue up 12% and churn down 2%.\"}");

                run(engine, "agent", agentInput);
                String agentBody = Json.write(fake.requests().get(fake.requests().size() - 1).body());
                run(engine, "llm", llmInput);
                String llmBody = Json.write(fake.requests().get(fake.requests().size() - 1).body());
                System.out.printf(Locale.ROOT, "request sizes: agent_query %d bytes, llm %d bytes%n", agentBody.length(), llmBody.length());

                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest agentRaw = raw(fake.baseUrl(), agentBody);
                HttpRequest llmRaw = raw(fake.baseUrl(), llmBody);

                for (int i = 0; i < warmup; i++) {
                    run(engine, "agent", agentInput);
                    run(engine, "llm", llmInput);
                    client.send(agentRaw, HttpResponse.BodyHandlers.ofString());
                    memory.similar("ops", AgentMemory.MEMORY, "When is the next deploy window for payments?", 5);
                }
                long[] agent = new long[reps];
                long[] llm = new long[reps];
                long[] rawAgent = new long[reps];
                long[] rawLlm = new long[reps];
                long[] recall = new long[reps];
                for (int i = 0; i < reps; i++) {
                    // interleaved, so drifts of the shared machine hit every series alike
                    rawAgent[i] = time(() -> client.send(agentRaw, HttpResponse.BodyHandlers.ofString()));
                    agent[i] = time(() -> run(engine, "agent", agentInput));
                    rawLlm[i] = time(() -> client.send(llmRaw, HttpResponse.BodyHandlers.ofString()));
                    llm[i] = time(() -> run(engine, "llm", llmInput));
                    recall[i] = time(() -> memory.similar("ops", AgentMemory.MEMORY, "When is the next deploy window for payments?", 5));
                }
                System.out.printf(Locale.ROOT, "%d warm-up + %d measured runs each (medians, p90 in brackets)%n", warmup, reps);
                row("fake server alone, agent-sized request (JDK HttpClient)", rawAgent);
                row("agent_query workflow run (engine, 10k memories)", agent);
                row("fake server alone, llm-sized request (JDK HttpClient)", rawLlm);
                row("llm workflow run (engine)", llm);
                row("similarity recall over 10,000 memories alone", recall);
                System.out.printf(Locale.ROOT, "OVERHEAD agent_query: %.2f ms median (run %.2f - fake %.2f)%n",
                        (median(agent) - median(rawAgent)) / 1e6, median(agent) / 1e6, median(rawAgent) / 1e6);
                System.out.printf(Locale.ROOT, "OVERHEAD llm: %.2f ms median (run %.2f - fake %.2f)%n",
                        (median(llm) - median(rawLlm)) / 1e6, median(llm) / 1e6, median(rawLlm) / 1e6);
            }
        }
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static long time(Timed t) throws Exception {
        long start = System.nanoTime();
        t.run();
        return System.nanoTime() - start;
    }

    private static void deploy(Engine engine, String id, String document) {
        WorkflowParser.Parsed parsed = WorkflowParser.parse(Json.parse(document));
        engine.deploy(id, 1, parsed.workflow(), false);
    }

    private static void run(Engine engine, String id, JsonNode input) {
        ExecutionRecord r = engine.startInBackground(id, input, "manual", Json.object()).done().join();
        if (!"success".equals(r.status())) {
            throw new IllegalStateException("bench run failed: " + r.errorMessage());
        }
    }

    private static HttpRequest raw(String base, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sk-bench-key")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void row(String what, long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "  %-60s %7.2f ms  [%7.2f]%n", what, s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6);
    }
}

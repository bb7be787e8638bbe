package io.webops.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.webops.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local OpenAI-compatible server on loopback speaking {@code POST /v1/chat/completions}: it
 * answers scripted replies in order (text, {@code tool_calls}, error statuses with headers),
 * checks the protocol as the real one does (a {@code tool} message must answer a tool call of an
 * earlier assistant message; JSON mode needs the word JSON in the messages) and records every
 * request so tests assert what was sent.
 */
public final class FakeOpenAi implements AutoCloseable {

    /** One request as received. */
    public record Recorded(String method, String path, Map<String, String> headers, JsonNode body, long receivedNanos) {

        public String header(String name) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        public ArrayNode messages() {
            return (ArrayNode) body.path("messages");
        }

        /** The text of every message of a role, joined by newlines. */
        public String text(String role) {
            StringBuilder b = new StringBuilder();
            for (JsonNode m : messages()) {
                if (role.equals(m.path("role").asText())) {
                    b.append(m.path("content").asText()).append('\n');
                }
            }
            return b.toString();
        }

        /** Everything sent in the messages, whatever the role. */
        public String allText() {
            return messages().toString();
        }
    }

    private record Scripted(int status, String body, Map<String, String> headers, Function<Recorded, ObjectNode> message) {
    }

    static {
        // answer headers and body without waiting on Nagle + the client's delayed ACK (40 ms a call)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<Recorded, String> fallback;

    public FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The base URL as an operator gives it: {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Next answer: an assistant message with this text. */
    public synchronized FakeOpenAi reply(String text) {
        script.add(new Scripted(200, null, Map.of(), r -> assistant(text)));
        return this;
    }

    /** Next answer: an assistant message calling one tool with these JSON arguments. */
    public synchronized FakeOpenAi toolCall(String name, String arguments) {
        script.add(new Scripted(200, null, Map.of(), r -> {
            ObjectNode m = assistant(null);
            ObjectNode call = m.putArray("tool_calls").addObject();
            call.put("id", "call_" + ids.incrementAndGet());
            call.put("type", "function");
            call.putObject("function").put("name", name).put("arguments", arguments);
            return m;
        }));
        return this;
    }

    /** Next answer: an assistant message with this text, sent only after {@code millis}. */
    public synchronized FakeOpenAi slowReply(long millis, String text) {
        script.add(new Scripted(200, null, Map.of(), r -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return assistant(text);
        }));
        return this;
    }

    /** Next answer: an error status with this body and headers. */
    public synchronized FakeOpenAi status(int status, String body, Map<String, String> headers) {
        script.add(new Scripted(status, body, headers, null));
        return this;
    }

    /** What to answer once the script is used up (default: a 500 saying the script is empty). */
    public FakeOpenAi otherwise(Function<Recorded, String> text) {
        this.fallback = text;
        return this;
    }

    public List<Recorded> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public Recorded request(int i) {
        return requests().get(i);
    }

    private static ObjectNode assistant(String text) {
        ObjectNode m = Json.object();
        m.put("role", "assistant");
        if (text == null) {
            m.putNull("content");
        } else {
            m.put("content", text);
        }
        return m;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(", ", v)));
            JsonNode body;
            try {
                body = Json.parse(raw);
            } catch (IllegalArgumentException e) {
                send(exchange, 400, error("request body is not JSON"), Map.of());
                return;
            }
            Recorded r = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body, System.nanoTime());
            requests.add(r);
            if (!r.method().equals("POST") || !r.path().equals("/v1/chat/completions")) {
                send(exchange, 404, error("no route " + r.method() + " " + r.path()), Map.of());
                return;
            }
            String problem = protocolProblem(body);
            if (problem != null) {
                send(exchange, 400, error(problem), Map.of());
                return;
            }
            Scripted next;
            synchronized (this) {
                next = script.poll();
            }
            if (next == null) {
                Function<Recorded, String> f = fallback;
                if (f == null) {
                    send(exchange, 500, error("the fake's script is used up"), Map.of());
                    return;
                }
                next = new Scripted(200, null, Map.of(), rec -> assistant(f.apply(rec)));
            }
            if (next.message() == null) {
                send(exchange, next.status(), next.body(), next.headers());
                return;
            }
            ObjectNode message = next.message().apply(r);
            ObjectNode answer = Json.object();
            answer.put("id", "chatcmpl-" + ids.incrementAndGet());
            answer.put("object", "chat.completion");
            answer.put("created", System.currentTimeMillis() / 1000);
            answer.put("model", body.path("model").asText());
            ObjectNode choice = answer.putArray("choices").addObject();
            choice.put("index", 0);
            choice.set("message", message);
            choice.put("finish_reason", message.has("tool_calls") ? "tool_calls" : "stop");
            int prompt = words(body.path("messages").toString());
            int completion = words(message.path("content").asText("")) + 1;
            answer.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                    .put("total_tokens", prompt + completion);
            send(exchange, 200, Json.write(answer), Map.of("Content-Type", "application/json"));
        }
    }

    /** What the real server refuses: tool messages answering no call, JSON mode without the word JSON. */
    private static String protocolProblem(JsonNode body) {
        if (!body.path("model").isTextual() || body.path("model").asText().isBlank()) {
            return "you must provide a model parameter";
        }
        Set<String> calls = new HashSet<>();
        for (JsonNode m : body.path("messages")) {
            String role = m.path("role").asText();
            if (role.equals("assistant")) {
                m.path("tool_calls").forEach(c -> calls.add(c.path("id").asText()));
            } else if (role.equals("tool") && !calls.contains(m.path("tool_call_id").asText())) {
                return "messages with role 'tool' must be a response to a preceding message with 'tool_calls'";
            }
        }
        if ("json_object".equals(body.path("response_format").path("type").asText())
                && !body.path("messages").toString().toLowerCase(Locale.ROOT).contains("json")) {
            return "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'";
        }
        return null;
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }

    private static String error(String message) {
        ObjectNode e = Json.object();
        e.putObject("error").put("message", message).put("type", "invalid_request_error");
        return Json.write(e);
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (!headers.containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.webops.templates;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server standing in for the APIs a template talks to (a status page, Slack, Google, a release feed):
 * it records each request and answers each path with its scripted responses in turn, the last one repeating.
 */
final class LoopbackApi implements AutoCloseable {

    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Response(int status, String json) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Response>> scripted = new ConcurrentHashMap<>();

    LoopbackApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers {@code path} with these responses in turn, the last one repeating (unscripted paths: 404). */
    LoopbackApi on(String path, Response... responses) {
        scripted.put(path, new ArrayDeque<>(List.of(responses)));
        return this;
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()), body));
        Response r = next(path);
        byte[] bytes = r.json().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private synchronized Response next(String path) {
        Deque<Response> queue = scripted.get(path);
        if (queue == null || queue.isEmpty()) {
            return new Response(404, "{\"error\": \"not scripted: " + path + "\"}");
        }
        return queue.size() > 1 ? queue.poll() : queue.peek();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

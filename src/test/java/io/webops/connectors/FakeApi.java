package io.webops.connectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback HTTP server standing in for a SaaS API: it records every request (method, path with
 * query, headers, body) and answers with scripted responses per path (the last one repeats),
 * or with a handler.
 */
final class FakeApi implements AutoCloseable {

    record Request(String method, String path, Map<String, List<String>> headers, String body, long receivedNanos) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    record Response(int status, String contentType, String body, Map<String, String> headers) {
        static Response json(int status, String body) {
            return new Response(status, "application/json; charset=utf-8", body, Map.of());
        }

        static Response text(int status, String body) {
            return new Response(status, "text/html", body, Map.of());
        }

        Response withHeader(String name, String value) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, contentType, body, h);
        }
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Response>> scripted = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Function<Request, Response>> handlers = new java.util.concurrent.ConcurrentHashMap<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers requests to {@code path} (without query) with these responses in turn, the last one repeating. */
    FakeApi on(String path, Response... responses) {
        scripted.put(path, new ArrayDeque<>(List.of(responses)));
        return this;
    }

    FakeApi on(String path, Function<Request, Response> handler) {
        handlers.put(path, handler);
        return this;
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path) || r.path().startsWith(path + "?")).toList();
    }

    void reset() {
        requests.clear();
        scripted.clear();
        handlers.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            Request request = new Request(exchange.getRequestMethod(), query == null ? path : path + "?" + query,
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.nanoTime());
            requests.add(request);
            Response response;
            Function<Request, Response> handler = handlers.get(path);
            Deque<Response> queue = scripted.get(path);
            if (handler != null) {
                response = handler.apply(request);
            } else if (queue != null && !queue.isEmpty()) {
                response = queue.size() > 1 ? queue.poll() : queue.peek();
            } else {
                response = Response.json(404, "{\"error\": \"no fake for " + path + "\"}");
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

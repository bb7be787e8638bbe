package io.webops.api;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.webops.history.ExecutionRecord;
import io.webops.json.Json;
import io.webops.runtime.Engine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * {@code GET /api/executions/{id}/events}: the execution as server-sent events, one {@code execution} event with
 * the whole execution (the shape of {@code GET /api/executions/{id}}) when the stream opens and each time a node
 * finishes, the last one when it ends; then the stream closes.
 *
 * <p>A Camel route answers once, so this is a raw Vert.x route on platform-http's router; nothing here blocks the
 * event loop. So that it is exactly as protected as the rest of the API, whatever sign-in the API enforces, the
 * stream opens only after the request's own credentials (cookie, authorization, CSRF headers) have fetched
 * {@code GET /api/executions/{id}} over loopback; that answer is the first event, or, when it is not a 200, the
 * answer to this request.
 */
public final class ExecutionEvents {

    private static final Set<String> FORWARDED = Set.of("cookie", "authorization", "x-csrf-token");
    private static final Set<String> FINISHED = Set.of("success", "failed", "cancelled", "timeout");
    private static final long KEEP_ALIVE_MS = 15_000;
    private static final com.fasterxml.jackson.databind.ObjectMapper ANSWERS = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Engine engine;
    private final Vertx vertx;
    private final HttpClient loopback;

    private ExecutionEvents(Engine engine, Vertx vertx) {
        this.engine = engine;
        this.vertx = vertx;
        this.loopback = vertx.createHttpClient();
    }

    /** Adds the route to the platform-http server; call once Camel has started. */
    public static void register(CamelContext camel, int port, Engine engine) {
        VertxPlatformHttpRouter router = PortRouter.of(camel, port);
        ExecutionEvents events = new ExecutionEvents(engine, router.vertx());
        router.get("/api/executions/:id/events").handler(events::handle);
    }

    private void handle(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Stream stream = new Stream(ctx.response());
        Context loop = vertx.getOrCreateContext();
        AutoCloseable watching = engine.watch().watch(id, record -> loop.runOnContext(v -> stream.send(record)));
        ctx.response().closeHandler(v -> stream.close(watching));
        int port = ctx.request().localAddress().port();
        loopback.request(HttpMethod.GET, port, "127.0.0.1", "/api/executions/" + encode(id))
                .compose(req -> {
                    ctx.request().headers().forEach(h -> {
                        if (FORWARDED.contains(h.getKey().toLowerCase())) {
                            req.putHeader(h.getKey(), h.getValue());
                        }
                    });
                    return req.send();
                })
                .compose(resp -> resp.body().map(body -> new Answer(resp, body)))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        stream.refuse(500, "application/json", Json.bytes(ApiJson.error(new ApiException(ErrorCode.INTERNAL,
                                "Internal error: " + ar.cause().getMessage()))), watching);
                    } else if (ar.result().response.statusCode() != 200) {
                        HttpClientResponse r = ar.result().response;
                        stream.refuse(r.statusCode(), r.getHeader("Content-Type"), ar.result().body.getBytes(), watching);
                    } else {
                        String status = status(ar.result().body.getBytes());
                        stream.open(ar.result().body.getBytes(), FINISHED.contains(status), watching);
                    }
                });
    }

    private record Answer(HttpClientResponse response, Buffer body) {
    }

    /**
     * The status of the runtime's own execution answer. Not {@link Json#parse}: the answer nests node outputs a few
     * levels deeper than the input limit it applies.
     */
    private static String status(byte[] execution) {
        try {
            return ANSWERS.readTree(execution).path("status").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable execution answer", e);
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One client's stream; every method runs on the request's event loop. */
    private final class Stream {
        private final HttpServerResponse response;
        private final List<ExecutionRecord> early = new ArrayList<>();
        private boolean open;
        private boolean closed;
        private long keepAlive = -1;

        Stream(HttpServerResponse response) {
            this.response = response;
        }

        void refuse(int status, String contentType, byte[] body, AutoCloseable watching) {
            close(watching);
            if (!response.ended() && !response.closed()) {
                response.setStatusCode(status);
                if (contentType != null) {
                    response.putHeader("Content-Type", contentType);
                }
                response.end(Buffer.buffer(body));
            }
        }

        void open(byte[] snapshot, boolean finished, AutoCloseable watching) {
            if (closed) {
                return;
            }
            response.setStatusCode(200);
            response.setChunked(true);
            response.putHeader("Content-Type", "text/event-stream");
            response.putHeader("Cache-Control", "no-cache");
            response.putHeader("X-Accel-Buffering", "no");
            open = true;
            if (early.isEmpty()) {
                write(snapshot);
            }
            List<ExecutionRecord> pending = new ArrayList<>(early);
            early.clear();
            pending.forEach(this::send);
            if (finished && !closed) {
                end(watching);
                return;
            }
            keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, t -> {
                if (!closed) {
                    response.write(": keep-alive\n\n");
                }
            });
        }

        void send(ExecutionRecord record) {
            if (closed) {
                return;
            }
            if (!open) {
                early.add(record);
                return;
            }
            write(Json.bytes(ApiJson.execution(record)));
            if (FINISHED.contains(record.status())) {
                response.end();
                closed = true;
                cancelKeepAlive();
            }
        }

        private void write(byte[] json) {
            response.write("event: execution\ndata: " + new String(json, StandardCharsets.UTF_8) + "\n\n");
        }

        private void end(AutoCloseable watching) {
            close(watching);
            response.end();
        }

        void close(AutoCloseable watching) {
            closed = true;
            cancelKeepAlive();
            try {
                watching.close();
            } catch (Exception ignored) {
                // removing a watcher does not fail
            }
        }

        private void cancelKeepAlive() {
            if (keepAlive >= 0) {
                vertx.cancelTimer(keepAlive);
                keepAlive = -1;
            }
        }
    }
}

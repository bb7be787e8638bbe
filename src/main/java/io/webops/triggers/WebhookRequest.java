package io.webops.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.webops.history.ExecutionRecord;
import io.webops.json.Json;
import io.webops.model.Trigger;
import io.webops.nodes.control.ResponseHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A webhook request turned into an execution: rate limit, the body read within the webhook's limit
 * ({@link WebhookBody}), the trigger's auth, the body parsed as JSON, a form or text, then either 202 with the
 * execution id at once or, for {@code respond: when_finished}, the execution's answer.
 */
final class WebhookRequest {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRequest.class);
    /** How long a webhook's body may take to arrive once its headers have. */
    private static final long BODY_WAIT_SECONDS = 120;

    private WebhookRequest() {
    }

    static boolean start(TriggerCall call, AsyncCallback callback) {
        Exchange exchange = call.exchange();
        String workflowId = call.workflowId();
        long stopping = call.stoppingRetryAfter();
        if (stopping > 0) {
            unavailable(exchange, stopping);
            callback.done(true);
            return true;
        }
        long wait = call.webhookRate().acquire(workflowId); // one webhook path per workflow
        if (wait > 0) {
            reply(exchange, 429, Json.object().set("error", Json.object().put("code", "too_many_requests")
                    .put("message", "Too many requests to this webhook: try again in " + wait + " s")));
            exchange.getMessage().setHeader("Retry-After", String.valueOf(wait));
            callback.done(true);
            return true;
        }
        if (exchange.getMessage().getBody() instanceof HttpServerRequest request) {
            // The event loop reads the body while this thread waits for it, then the execution goes on here. This route
            // runs on a Vert.x worker that platform-http holds until the exchange is done anyway; going on on another
            // worker would wait for a free one, and with as many webhooks in flight as workers none would ever come.
            if (io.vertx.core.Context.isOnEventLoopThread()) { // it would wait for itself: platform-http never does this
                throw new IllegalStateException("A webhook route ran on the Vert.x event loop, which reads its body");
            }
            Throwable unread;
            try {
                return received(call, WebhookBody.read(request, call.maxBodyBytes()).toCompletionStage()
                        .toCompletableFuture().get(BODY_WAIT_SECONDS, TimeUnit.SECONDS), callback);
            } catch (ExecutionException e) {
                unread = e.getCause();
            } catch (TimeoutException e) {
                unread = new java.io.IOException("it did not arrive within " + BODY_WAIT_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unread = new java.io.IOException("the instance is stopping");
            }
            refused(call, unread);
            callback.done(true);
            return true;
        }
        // another HTTP engine read the body already
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        ByteBuffer raw = ByteBuffer.wrap(bytes == null ? new byte[0] : bytes);
        if (raw.remaining() > call.maxBodyBytes()) {
            refused(call, new WebhookBody.TooLarge());
            callback.done(true);
            return true;
        }
        return received(call, raw, callback);
    }

    /**
     * The body could not be read: too large (413, in the API's error shape, as the port's own limit answers), or the
     * connection failed while it came (400).
     */
    private static void refused(TriggerCall call, Throwable why) {
        if (why instanceof WebhookBody.TooLarge) {
            Long own = call.trigger().maxBodyBytes();
            ObjectNode error = Json.object().put("code", "payload_too_large").put("message", own != null
                    ? "The request body is larger than this webhook's limit of " + own + " bytes (its trigger.max_body_bytes)"
                    : "The request body is larger than the limit of " + call.maxBodyBytes() + " bytes (WEBOPS_WEBHOOK_MAX_BODY_BYTES)");
            error.putArray("details");
            reply(call.exchange(), 413, Json.object().set("error", error));
        } else {
            reply(call.exchange(), 400, Json.object().set("error", Json.object().put("code", "invalid_body")
                    .put("message", "The request body could not be read: " + why.getMessage())));
        }
    }

    /** The body is in: the trigger's auth, then the execution. */
    private static boolean received(TriggerCall call, ByteBuffer raw, AsyncCallback callback) {
        Trigger trigger = call.trigger();
        Exchange exchange = call.exchange();
        String workflowId = call.workflowId();
        Message in = exchange.getMessage();
        String refusal = WebhookAuth.check(trigger.auth(), in, raw, call.webhookReplays(), workflowId);
        if (refusal != null) {
            reply(exchange, 401, Json.object().set("error", Json.object()
                    .put("code", "unauthorized").put("message", refusal)));
            callback.done(true);
            return true;
        }
        JsonNode input;
        try {
            input = body(in, raw);
        } catch (Unsupported e) {
            reply(exchange, 415, Json.object().set("error", Json.object()
                    .put("code", "unsupported_media_type").put("message", e.getMessage())));
            callback.done(true);
            return true;
        } catch (IllegalArgumentException e) {
            reply(exchange, 400, Json.object().set("error", Json.object()
                    .put("code", "invalid_body").put("message", e.getMessage())));
            callback.done(true);
            return true;
        }
        ObjectNode triggerData = triggerData(in, trigger.auth());
        if (trigger.respond() == Trigger.Respond.WHEN_FINISHED) {
            call.start(input, triggerData).whenComplete((ended, error) -> {
                answer(exchange, ended.record(), ended.answer(), workflowId);
                callback.done(false);
            });
            return false;
        }
        // 202 only once the execution is committed: after a crash, the restarted instance finds it and runs it
        call.startDurably(input, triggerData).whenComplete((id, error) -> {
            if (error == null) {
                reply(exchange, 202, Json.object().put("execution_id", id).put("status", "running"));
            } else {
                LOG.error("Workflow {}: a webhook's execution could not be recorded: {}", workflowId, error.toString());
                reply(exchange, 503, Json.object().set("error", Json.object().put("code", "unavailable")
                        .put("message", "The execution could not be recorded: try again")));
            }
            callback.done(false);
        });
        return false;
    }

    private static void answer(Exchange exchange, ExecutionRecord record, TriggerCall.Answer answer, String workflowId) {
        if ("success".equals(record.status())) {
            if (answer != null) {
                reply(exchange, answer.status(), answer.body());
                // validation refuses these already; this also catches values rendered with a line break
                ResponseHeaders.sendable(answer.headers(), (name, why) -> LOG.warn(
                        "Workflow {}: response header dropped: {}", workflowId, why))
                        .forEach((name, value) -> header(exchange.getMessage(), name, value));
            } else {
                reply(exchange, 200, record.output());
            }
        } else {
            int status = "timeout".equals(record.status()) ? 504 : 500;
            reply(exchange, status, Json.object().set("error", Json.object()
                    .put("code", "execution_" + record.status())
                    .put("message", record.errorMessage())
                    .put("execution_id", record.id())));
        }
    }

    /**
     * Camel's HTTP header filter would drop Cache-Control and Pragma from the message on the way out, so the workflow's
     * headers go straight onto the Vert.x response; Content-Type stays on the message, which Camel writes last.
     */
    private static void header(Message out, String name, String value) {
        if (out instanceof org.apache.camel.component.platform.http.vertx.HttpMessage http
                && !name.equalsIgnoreCase(Exchange.CONTENT_TYPE)) {
            http.getResponse().putHeader(name, value);
        } else {
            out.setHeader(name, value);
        }
    }

    /** 503: this instance is stopping and starts nothing; another instance (or this one restarted) will. */
    static void unavailable(Exchange exchange, long retryAfterSeconds) {
        reply(exchange, 503, Json.object().set("error", Json.object().put("code", "unavailable")
                .put("message", "This instance is stopping: try again in " + retryAfterSeconds + " s")));
        exchange.getMessage().setHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    /** The answer is only what the runtime sets: the request's headers are never echoed back. */
    static void reply(Exchange exchange, int status, JsonNode body) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        byte[] bytes;
        if (body != null && body.isTextual()) {
            out.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            bytes = body.asText().getBytes(StandardCharsets.UTF_8);
        } else {
            out.setHeader(Exchange.CONTENT_TYPE, "application/json");
            bytes = Json.bytes(body == null ? Json.NODES.nullNode() : body);
        }
        // a Vert.x buffer over the bytes is written as it is; platform-http would copy a byte[] into a new one
        out.setBody(Buffer.buffer(Unpooled.wrappedBuffer(bytes)));
    }

    /** A body the webhook does not read. */
    private static final class Unsupported extends IllegalArgumentException {
        Unsupported(String message) {
            super(message);
        }
    }

    /**
     * A form body as an object of its fields, a field given twice as an array. {@code curl -d '{"a": 1}'} sends JSON
     * labelled as a form: a lone field with no value that parses as JSON is read as that JSON, which is what the
     * sender meant.
     */
    private static JsonNode form(String body) {
        // every field (the body's limit bounds them), ';' an ordinary character as in an HTML form's encoding
        Map<String, java.util.List<String>> fields = new QueryStringDecoder(body, StandardCharsets.UTF_8, false,
                Integer.MAX_VALUE, true).parameters();
        if (fields.size() == 1) {
            Map.Entry<String, java.util.List<String>> only = fields.entrySet().iterator().next();
            if (only.getValue().size() == 1 && only.getValue().get(0).isEmpty()) {
                try {
                    return Json.parse(only.getKey());
                } catch (Json.TooDeep e) {
                    throw e;
                } catch (IllegalArgumentException notJson) {
                    // an ordinary field without a value
                }
            }
        }
        ObjectNode out = Json.object();
        fields.forEach((name, values) -> {
            if (values.size() == 1) {
                out.put(name, values.get(0));
            } else {
                values.forEach(out.withArray(name)::add);
            }
        });
        return out;
    }

    /** The input of the execution: JSON, a form as an object, other text as a string; an empty body is {}. */
    private static JsonNode body(Message in, ByteBuffer raw) {
        if (!raw.hasRemaining()) {
            return Json.object();
        }
        String type = in.getHeader(Exchange.CONTENT_TYPE, "", String.class).toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("multipart/")) {
            throw new Unsupported("A webhook takes JSON, a urlencoded form or text, not " + type.split(";")[0]);
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return form(text(raw));
        }
        if (type.contains("json") || type.isEmpty()) {
            try {
                return Json.parse(raw.array(), raw.arrayOffset() + raw.position(), raw.remaining());
            } catch (IllegalArgumentException e) {
                if (type.contains("json") || e instanceof Json.TooDeep) {
                    throw e;
                }
            }
        }
        return Json.NODES.textNode(text(raw));
    }

    private static String text(ByteBuffer raw) {
        return new String(raw.array(), raw.arrayOffset() + raw.position(), raw.remaining(), StandardCharsets.UTF_8);
    }

    /** Headers that carry a sender's credential or a signature: never kept in an execution, whatever the trigger's auth. */
    private static final java.util.Set<String> SECRET_HEADERS = java.util.Set.of("authorization", "proxy-authorization",
            "cookie", "x-webhook-secret", "x-signature-256", "x-hub-signature", "x-hub-signature-256", "stripe-signature",
            "x-slack-signature", "x-shopify-hmac-sha256", "webhook-signature");

    /**
     * What the execution keeps of the request: method, path, query and headers, less those that carry a secret or a
     * signature (anyone who may read the execution would read them): the fixed list above and the header the
     * trigger's own auth names.
     */
    private static ObjectNode triggerData(Message in, JsonNode auth) {
        java.util.Set<String> secret = new java.util.HashSet<>(SECRET_HEADERS);
        if (auth != null) {
            for (String field : java.util.List.of("name", "header")) { // header auth's secret, hmac's signature
                if (auth.path(field).isTextual()) {
                    secret.add(auth.get(field).asText().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        ObjectNode data = Json.object();
        data.put("method", in.getHeader(Exchange.HTTP_METHOD, String.class));
        data.put("path", in.getHeader(Exchange.HTTP_PATH, String.class));
        ObjectNode headers = data.putObject("headers");
        ObjectNode query = data.putObject("query");
        QueryString.parse(in.getHeader(Exchange.HTTP_QUERY, String.class)).forEach(query::put);
        for (Map.Entry<String, Object> h : in.getHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!h.getKey().startsWith("Camel") && !secret.contains(name) && !query.has(h.getKey()) && h.getValue() != null) {
                headers.put(name, String.valueOf(h.getValue()));
            }
        }
        return data;
    }
}

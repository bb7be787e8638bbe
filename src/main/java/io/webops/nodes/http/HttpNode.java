package io.webops.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Beans;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.HttpCaller;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.RetryAfterFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Steps;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The HTTP node types (api_request, custom_url, api_call, webhook_output): one implementation,
 * declared four times in {@link HttpNodes}. The node's route shows the call: its run prepares the request (URL, method,
 * headers, credential, body; the SSRF guard's early check), then {@code to: kamelet:webops-http-action} sends it with
 * camel-http on the guarded client, and the answer becomes the node's output; Camel's redelivery sends it again when
 * the node retries. The
 * output is {@code {status, headers, body, duration_ms}} with a JSON body parsed. A status of 400 or more fails the
 * node unless {@code fail_on_status} is false (then it is data, as n8n's "never error"); a call that gets no answer
 * fails with the kind {@code Timeout} or {@code Unreachable}, which the error handle's {@code type} carries.
 */
final class HttpNode implements NodeType {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final Category category;
    private final String title;
    private final String description;
    private final ObjectNode schema;
    private final String defaultMethod;
    /** Config field of the body: {@code body} or {@code payload} (webhook_output). */
    private final String bodyField;
    /** Config field of the query parameters: {@code query} or {@code params} (custom_url). */
    private final String queryField;
    /** webhook_output sends its input when no payload is configured. */
    private final boolean bodyDefaultsToInput;

    HttpNode(String id, Category category, String title, String description, ObjectNode schema,
             String defaultMethod, String bodyField, String queryField, boolean bodyDefaultsToInput) {
        this.id = id;
        this.category = category;
        this.title = title;
        this.description = description;
        this.schema = schema;
        this.defaultMethod = defaultMethod;
        this.bodyField = bodyField;
        this.queryField = queryField;
        this.bodyDefaultsToInput = bodyDefaultsToInput;
    }

    @Override
    public List<String> kamelets() {
        return List.of("webops-http-action");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Category category() {
        return category;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public ObjectNode configSchema() {
        return schema.deepCopy();
    }

    @Override
    public String credentialKind() {
        return "http";
    }

    @Override
    public List<String> credentialKinds() {
        return List.of("http", GitHubAuth.KIND);
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        io.webops.nodes.TemplateChecks.fields(node, problems, "url");
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template url = Template.parse(node.configText("url", ""));
        String method = node.configText("method", defaultMethod).toUpperCase(Locale.ROOT);
        JsonNode headers = node.config().get("headers");
        JsonNode query = node.config().get(queryField);
        JsonNode body = node.config().get(bodyField);
        long timeoutMillis = node.timeoutSeconds() * 1000L;
        String credential = io.webops.nodes.CredentialRef.idOf(node);
        return call -> {
            String target = withQuery(url.render(call.vars()), query == null ? null : Template.renderDeep(query, call.vars()));
            Map<String, String> sendHeaders = new LinkedHashMap<>();
            sendHeaders.put("Accept", "application/json, text/plain;q=0.9, */*;q=0.8");
            if (headers != null) {
                Template.renderDeep(headers, call.vars()).fields()
                        .forEachRemaining(e -> sendHeaders.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            }
            if (credential != null) {
                authenticate(node, services.credential(credential, null), target, sendHeaders);
            }
            byte[] payload = null;
            boolean sendsBody = !method.equals("GET") && !method.equals("HEAD") && !method.equals("DELETE");
            if (sendsBody) {
                JsonNode value = body != null ? Template.renderDeep(body, call.vars()) : bodyDefaultsToInput ? call.input() : null;
                if (value != null && !value.isNull()) {
                    payload = value.isTextual() ? value.asText().getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(value);
                    sendHeaders.putIfAbsent("Content-Type", value.isTextual() ? "text/plain; charset=utf-8" : "application/json");
                }
            }
            try {
                services.ssrfGuard().checkUrl(target);
            } catch (io.webops.security.SsrfException e) {
                throw new NodeFailure("SsrfRefused", e.getMessage(), false);
            }
            // the request is sent by the route's next steps (kamelet:webops-http-action)
            return new NodeResult(call.input(), io.webops.model.Connection.OUTPUT,
                    new HttpCaller.Request(target, method, sendHeaders, payload, timeoutMillis), null);
        };
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        Node node = step.node();
        // noErrorHandler: a failure goes back to this route, whose error handling retries the send (Camel's redelivery
        // from the point of failure) or hands it to the node's error handle
        Map<String, Object> send = Steps.map("to", Steps.map(
                "uri", "kamelet:webops-http-action",
                "parameters", Steps.map(
                        "noErrorHandler", true,
                        "clientConfigurer", Beans.HTTP_CLIENT,
                        "timeoutMillis", node.timeoutSeconds() * 1000L,
                        "failOnStatus", node.config().path("fail_on_status").asBoolean(true))));
        List<Object> steps = new java.util.ArrayList<>(step.send(send));
        steps.addAll(step.dispatch());
        return steps;
    }

    @Override
    public NodeResult answer(Node node, NodeResult ran, org.apache.camel.Message answer, long durationMillis) {
        HttpCaller.Request request = (HttpCaller.Request) ran.attachment();
        HttpCaller.Response response = HttpCaller.Response.of(answer, durationMillis);
        ObjectNode out = JSON.createObjectNode();
        out.put("status", response.status());
        ObjectNode h = out.putObject("headers");
        response.headers().forEach(h::put);
        out.set("body", body(response, node.configText("response_format", "auto")));
        out.put("duration_ms", response.durationMillis());
        if (response.status() >= 400 && node.config().path("fail_on_status").asBoolean(true)) {
            throw statusFailure(node, request.method(), request.url(), response.status(), response.body(), response.headers());
        }
        return NodeResult.of(out);
    }

    /**
     * What went wrong with the call, named for the node: an answer of 400 or more ({@code HttpError}, transient for 429
     * and 5xx, with the server's Retry-After), or no answer at all ({@code Timeout}, {@code Unreachable}, kept for the
     * error handle's {@code type}).
     */
    @Override
    public Throwable failure(Node node, NodeResult ran, Throwable failure) {
        if (failure instanceof NodeFailure || ran == null || !(ran.attachment() instanceof HttpCaller.Request request)) {
            return failure;
        }
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof org.apache.camel.http.base.HttpOperationFailedException h) {
                HttpCaller.Response answer = HttpCaller.Response.of(h);
                return statusFailure(node, request.method(), request.url(), answer.status(), answer.body(), answer.headers());
            }
        }
        return io.webops.nodes.HttpFailures.unanswered("Node '" + node.id() + "': " + request.method() + " " + redact(request.url()),
                request.timeoutMillis(), failure);
    }

    private static NodeFailure statusFailure(Node node, String method, String url, int status, byte[] body, Map<String, String> headers) {
        boolean transientStatus = status == 429 || status >= 500;
        return RetryAfterFailure.of("HttpError", "Node '" + node.id() + "': " + method + " " + redact(url) + " answered "
                + status + snippet(body), transientStatus, headers);
    }

    private static JsonNode body(HttpCaller.Response response, String format) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        String type = response.headers().getOrDefault("Content-Type", response.headers().getOrDefault("content-type", ""));
        boolean json = "json".equals(format) || ("auto".equals(format) && type.toLowerCase(Locale.ROOT).contains("json"));
        if (json && !text.isBlank()) {
            try {
                return JSON.readTree(text);
            } catch (java.io.IOException e) {
                if ("json".equals(format)) {
                    throw NodeFailure.data("The response is not JSON: " + e.getMessage());
                }
            }
        }
        return JSON.getNodeFactory().textNode(text);
    }

    private static String withQuery(String url, JsonNode query) {
        if (query == null || !query.isObject() || query.isEmpty()) {
            return url;
        }
        StringBuilder b = new StringBuilder(url).append(url.contains("?") ? '&' : '?');
        Iterator<Map.Entry<String, JsonNode>> fields = query.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString(), StandardCharsets.UTF_8));
            if (fields.hasNext()) {
                b.append('&');
            }
        }
        return b.toString();
    }

    /** The URL without user info or query, for messages (they may carry secrets). */
    static String redact(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (RuntimeException e) {
            return "(invalid URL)";
        }
    }

    private static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replace('\n', ' ');
        return ": " + text;
    }

    /** Adds what the node's credential says: an http credential's header, or a github token for the GitHub API only. */
    private static void authenticate(Node node, ResolvedCredential c, String target, Map<String, String> headers) {
        switch (c.kind()) {
            case "http" -> authenticate(c, headers);
            case GitHubAuth.KIND -> GitHubAuth.authorize(node, c, target, headers);
            default -> throw NodeFailure.config("Node '" + node.id() + "': credential '" + c.id() + "' is a " + c.kind()
                    + " credential; this node needs an http or github credential");
        }
    }

    /** Adds what an http credential says: a bearer token, basic auth, or a header of its own. */
    private static void authenticate(ResolvedCredential c, Map<String, String> headers) {
        switch (c.text("auth", "bearer")) {
            case "basic" -> headers.put("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (c.text("username", "") + ":" + c.text("password", "")).getBytes(StandardCharsets.UTF_8)));
            case "header" -> headers.put(c.text("header_name", "X-API-Key"), c.text("header_value", ""));
            default -> headers.put("Authorization", "Bearer " + c.text("token", ""));
        }
    }
}

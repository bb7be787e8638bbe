package io.webops.nodes.slack;

import java.util.List;
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
import io.webops.nodes.CredentialRef;
import io.webops.nodes.HttpCaller;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.RetryAfterFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.Send;
import io.webops.nodes.Steps;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * {@code slack}: posts a message with a bot token ({@code POST {api_url}/chat.postMessage}) when a
 * channel is set, otherwise through the credential's incoming-webhook URL.
 *
 * <p>The node's route shows the call, as the HTTP nodes' do: its run prepares the request ({@link SlackPost}: URL,
 * token, JSON payload; the SSRF guard's early check), then an {@code enrich} from {@code kamelet:webops-http-action}
 * posts it with camel-http on the guarded client and judges Slack's answer in the same step, and the answer becomes the
 * node's output; Camel's redelivery posts again when the node retries. It does not use camel-slack: that component talks through Slack's own Java SDK client, which takes no
 * HTTP client or configurer, so its connections cannot be routed through the SSRF guard, and its token and webhook URL
 * are endpoint options, part of an endpoint URI (CamelSlackCannotBeGuardedTest shows both). The webhook URL and a
 * user-set API URL are user-controlled addresses (§7); the guarded client checks them and every address actually
 * connected to. Slack answers most Web API errors with HTTP 200 and {@code {"ok": false, "error": "…"}}; those become
 * node errors naming Slack's error, {@code ratelimited}/429 and 5xx are transient. Neither the token nor the webhook URL
 * appears in the YAML or in any message (the credential scrubs them).
 */
public final class SlackNode implements NodeType {

    public static final String ID = "slack";
    static final String DEFAULT_API_URL = "https://slack.com/api";
    /** Purpose of the node's bean that judges Slack's answer within the call. */
    private static final String JUDGE = "judge";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Slack errors a retry may cure. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "rate_limited", "service_unavailable",
            "internal_error", "fatal_error", "request_timeout");

    @Override
    public List<String> kamelets() {
        return List.of("webops-http-action");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.OUTPUT;
    }

    @Override
    public String title() {
        return "Slack";
    }

    @Override
    public String description() {
        return "Post a message to a Slack channel (bot token) or through an incoming webhook; output {ok, channel, ts}.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .string("credential", "Slack credential", "A slack credential: a bot token, or an incoming-webhook URL")
                .template("channel", "Channel", "Channel id or #name for the bot token; empty: post through the incoming webhook")
                .template("message", "Message", "Message text (Slack mrkdwn); templates allowed")
                .any("blocks", "Blocks", "Optional Block Kit blocks (a JSON array); templates allowed in strings")
                .required("message")
                .build();
    }

    @Override
    public String credentialKind() {
        return "slack";
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        CredentialRef.check(node, "slack", problems);
        io.webops.nodes.TemplateChecks.fields(node, problems, "channel", "message");
        JsonNode blocks = node.config().get("blocks");
        if (blocks != null && !blocks.isArray() && !blocks.isTextual()) {
            problems.accept(ValidationError.ofNode(node.id(), "config.blocks",
                    "Node '" + node.id() + "': config.blocks must be a JSON array of Block Kit blocks"));
        }
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template channel = Template.parse(node.configText("channel", ""));
        Template message = Template.parse(node.configText("message", ""));
        JsonNode blocks = node.config().get("blocks");
        String credentialId = CredentialRef.idOf(node);
        long timeoutMillis = node.timeoutSeconds() * 1000L;
        return call -> {
            ResolvedCredential slack = services.credential(credentialId, "slack");
            String to = channel.render(call.vars()).strip();
            ObjectNode payload = JSON.createObjectNode();
            payload.put("text", message.render(call.vars()));
            if (blocks != null && !blocks.isNull()) {
                JsonNode rendered = Template.renderDeep(blocks, call.vars());
                if (!rendered.isArray()) {
                    throw NodeFailure.data("Node '" + node.id() + "': config.blocks rendered " + rendered.getNodeType()
                            + ", not an array; give a JSON array of Block Kit blocks");
                }
                payload.set("blocks", rendered);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json; charset=utf-8");
            headers.put("Accept", "application/json");
            String url;
            if (!to.isEmpty()) {
                String token = slack.text("bot_token");
                if (token == null) {
                    throw NodeFailure.config("Node '" + node.id() + "': config.channel is set but the slack credential has no bot_token;"
                            + " add a bot token to the credential, or leave the channel empty to post through its webhook URL");
                }
                payload.put("channel", to);
                headers.put("Authorization", "Bearer " + token);
                url = trimSlash(slack.text("api_url", DEFAULT_API_URL)) + "/chat.postMessage";
            } else {
                url = slack.text("webhook_url");
                if (url == null) {
                    throw NodeFailure.config("Node '" + node.id() + "': config.channel is empty and the slack credential has no webhook_url;"
                            + " set a channel (with a bot token) or add the incoming-webhook URL to the credential");
                }
            }
            SlackPost post = new SlackPost(new HttpCaller.Request(url, "POST", headers, JSON.writeValueAsBytes(payload), timeoutMillis),
                    to.isEmpty() ? null : to, scrubber(slack, to.isEmpty() ? url : null));
            try {
                services.ssrfGuard().checkUrl(url);
            } catch (io.webops.security.SsrfException e) {
                throw post.failure(node, new NodeFailure("SsrfRefused", e.getMessage(), false));
            }
            // the message is posted by the route's next steps (kamelet:webops-http-action)
            return new NodeResult(call.input(), io.webops.model.Connection.OUTPUT, post, null);
        };
    }

    /**
     * What the run prepared: the request, the channel (null: the incoming webhook) and what takes the credential's
     * secrets out of a message.
     */
    record SlackPost(HttpCaller.Request request, String channel, java.util.function.UnaryOperator<String> scrub) implements Send {

        @Override
        public void onto(org.apache.camel.Message message) {
            request.onto(message);
        }

        NodeFailure failure(Node node, NodeFailure f) {
            return new NodeFailure(f.kind(), "Node '" + node.id() + "': posting to Slack failed: " + scrub.apply(f.getMessage()), f.isTransient());
        }
    }

    /** The credential's secrets out of a message, and a webhook URL's path, which is its secret even alone. */
    private static java.util.function.UnaryOperator<String> scrubber(ResolvedCredential slack, String webhookUrl) {
        String path = webhookUrl == null ? "" : pathOf(webhookUrl);
        return message -> {
            String scrubbed = slack.scrub(message);
            return path.length() > 1 ? scrubbed.replace(path, "/***") : scrubbed;
        };
    }

    @Override
    public Map<String, Object> camelBeans(Node node, NodeServices services) {
        return Map.of(JUDGE, (AggregationStrategy) SlackNode::judged);
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        // Slack answers most errors with HTTP 200 and ok:false, and some of them may be retried: the call and the
        // judgement of its answer are one step (enrich), so that Camel's redelivery posts again rather than reading the
        // same answer again. An answer of 400 or more fails the call itself (failOnStatus). noErrorHandler: a failure
        // goes back to this route, whose error handling posts again or hands it to the node's error handle.
        String uri = "kamelet:webops-http-action?noErrorHandler=true&clientConfigurer=" + Beans.HTTP_CLIENT
                + "&timeoutMillis=" + step.node().timeoutSeconds() * 1000L + "&failOnStatus=true";
        Map<String, Object> send = Steps.map("enrich", Steps.map(
                "expression", Steps.map("constant", Steps.map("expression", uri)),
                "aggregationStrategy", step.bean(JUDGE)));
        List<Object> steps = new java.util.ArrayList<>(step.send(send));
        steps.addAll(step.dispatch());
        return steps;
    }

    /** Slack's answer as it came, unless it is JSON with ok:false: then a failure that {@link #failure} names. */
    private static Exchange judged(Exchange prepared, Exchange answered) {
        HttpCaller.Response r = HttpCaller.Response.of(answered.getMessage(), 0);
        answered.getMessage().setBody(r.body());
        JsonNode body = parse(r.body());
        if (body != null && body.path("ok").isBoolean() && !body.path("ok").asBoolean()) {
            throw new SlackAnswered(r);
        }
        return answered;
    }

    /** Slack answered, but with ok:false. */
    private static final class SlackAnswered extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient HttpCaller.Response response;

        SlackAnswered(HttpCaller.Response response) {
            super("Slack answered ok:false", null, false, false);
            this.response = response;
        }
    }

    @Override
    public NodeResult answer(Node node, NodeResult ran, org.apache.camel.Message answer, long durationMillis) {
        SlackPost post = (SlackPost) ran.attachment();
        HttpCaller.Response response = HttpCaller.Response.of(answer, durationMillis);
        return NodeResult.of(post.channel() == null ? webhookAnswer(node, response) : apiAnswer(node, response, post.channel()));
    }

    /**
     * Slack's answer of 400 or more as the node's failure (named as when it answers with 200 and ok:false), or a call
     * that got no answer ({@code Timeout}, {@code Unreachable}, {@code SsrfRefused}), without the token or the webhook URL.
     */
    @Override
    public Throwable failure(Node node, NodeResult ran, Throwable failure) {
        if (failure instanceof NodeFailure || ran == null || !(ran.attachment() instanceof SlackPost post)) {
            return failure;
        }
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof SlackAnswered a) {
                try {
                    check(node, a.response, post);
                } catch (NodeFailure f) {
                    return f;
                }
            }
            if (c instanceof org.apache.camel.http.base.HttpOperationFailedException h) {
                HttpCaller.Response r = HttpCaller.Response.of(h);
                try {
                    check(node, r, post);
                } catch (NodeFailure f) {
                    return f;
                }
            }
        }
        return post.failure(node, io.webops.nodes.HttpFailures.unanswered(null, post.request().timeoutMillis(), failure));
    }

    private static void check(Node node, HttpCaller.Response r, SlackPost post) {
        if (post.channel() == null) {
            webhookAnswer(node, r);
        } else {
            apiAnswer(node, r, post.channel());
        }
    }

    /** chat.postMessage: HTTP 200 with ok:false is still a failure, named by Slack's error code. */
    private static JsonNode apiAnswer(Node node, HttpCaller.Response r, String channel) {
        JsonNode body = parse(r.body());
        String error = body == null ? null : body.path("error").asText(null);
        if (r.status() == 200 && body != null && body.path("ok").asBoolean(false)) {
            ObjectNode out = JSON.createObjectNode();
            out.put("ok", true);
            out.put("channel", body.path("channel").asText(channel));
            out.put("ts", body.path("ts").asText(null));
            return out;
        }
        boolean transientFailure = r.status() == 429 || r.status() >= 500 || (error != null && TRANSIENT_ERRORS.contains(error));
        String what = error != null ? "Slack answered error '" + error + "'" : "Slack answered HTTP " + r.status();
        throw RetryAfterFailure.of("SlackError", "Node '" + node.id() + "': chat.postMessage to channel " + channel + " failed: "
                + what + hint(error, r.status()), transientFailure, r.headers());
    }

    /** Incoming webhooks answer plain text: {@code ok}, or an error code with a 4xx/5xx status. */
    private static JsonNode webhookAnswer(Node node, HttpCaller.Response r) {
        String text = new String(r.body(), StandardCharsets.UTF_8).strip();
        if (r.status() == 200) {
            ObjectNode out = JSON.createObjectNode();
            out.put("ok", true);
            return out;
        }
        String error = text.isEmpty() || text.length() > 100 ? null : text;
        boolean transientFailure = r.status() == 429 || r.status() >= 500;
        throw RetryAfterFailure.of("SlackError", "Node '" + node.id() + "': the Slack incoming webhook answered HTTP " + r.status()
                + (error == null ? "" : " '" + error + "'") + hint(error, r.status()), transientFailure, r.headers());
    }

    private static String hint(String error, int status) {
        if (status == 429 || "ratelimited".equals(error)) {
            return " (rate limited; retried when the node retries)";
        }
        if (error == null) {
            return "";
        }
        return switch (error) {
            case "channel_not_found" -> "; check config.channel, and invite the bot to a private channel";
            case "not_in_channel" -> "; invite the bot to the channel";
            case "invalid_auth", "not_authed", "token_revoked", "account_inactive" -> "; check the slack credential's bot_token";
            case "missing_scope" -> "; give the Slack app the chat:write scope";
            case "no_service", "invalid_token", "action_prohibited" -> "; check the slack credential's webhook_url";
            default -> "";
        };
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String pathOf(String url) {
        try {
            String path = java.net.URI.create(url).getRawPath();
            return path == null ? "" : path;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

package io.webops.nodes.slack;

import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code slack}: posts a message with a bot token ({@code POST {api_url}/chat.postMessage}) when a
 * channel is set, otherwise through the credential's incoming-webhook URL.
 *
 * <p>It uses the runtime's {@link HttpCaller} rather than camel-slack: camel-slack talks through
 * Slack's own Java SDK client, whose connections cannot be routed through the SSRF guard, and
 * both the webhook URL and a user-set API URL are user-controlled addresses (§7). The HTTP caller
 * checks them and every address actually connected to. Slack answers most Web API errors with
 * HTTP 200 and {@code {"ok": false, "error": "…"}}; those become node errors naming Slack's
 * error, {@code ratelimited}/429 and 5xx are transient. Neither the token nor the webhook URL
 * appears in any message (the credential scrubs them).
 */
public final class SlackNode implements NodeType {

    public static final String ID = "slack";
    static final String DEFAULT_API_URL = "https://slack.com/api";
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
        HttpCaller http = services.http();
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
            if (!to.isEmpty()) {
                String token = slack.text("bot_token");
                if (token == null) {
                    throw NodeFailure.config("Node '" + node.id() + "': config.channel is set but the slack credential has no bot_token;"
                            + " add a bot token to the credential, or leave the channel empty to post through its webhook URL");
                }
                payload.put("channel", to);
                headers.put("Authorization", "Bearer " + token);
                String url = trimSlash(slack.text("api_url", DEFAULT_API_URL)) + "/chat.postMessage";
                HttpCaller.Response r = send(node, slack, http, url, false, headers, payload, timeoutMillis);
                return NodeResult.of(apiAnswer(node, r, to));
            }
            String webhook = slack.text("webhook_url");
            if (webhook == null) {
                throw NodeFailure.config("Node '" + node.id() + "': config.channel is empty and the slack credential has no webhook_url;"
                        + " set a channel (with a bot token) or add the incoming-webhook URL to the credential");
            }
            HttpCaller.Response r = send(node, slack, http, webhook, true, headers, payload, timeoutMillis);
            return NodeResult.of(webhookAnswer(node, r));
        };
    }

    private static HttpCaller.Response send(Node node, ResolvedCredential slack, HttpCaller http, String url, boolean secretUrl,
                                            Map<String, String> headers, ObjectNode payload, long timeoutMillis) throws Exception {
        try {
            return http.call(new HttpCaller.Request(url, "POST", headers, JSON.writeValueAsBytes(payload), timeoutMillis));
        } catch (NodeFailure f) {
            // the URL's path is the webhook's secret even when it shows up without the rest of the URL
            String message = slack.scrub(f.getMessage());
            String path = secretUrl ? pathOf(url) : "";
            if (path.length() > 1) {
                message = message.replace(path, "/***");
            }
            throw new NodeFailure(f.kind(), "Node '" + node.id() + "': posting to Slack failed: " + message, f.isTransient());
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

package io.webops.nodes.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import java.util.function.Consumer;

/**
 * Sets the HTTP answer of a when_finished webhook: status, headers and body (templates allowed). The headers are
 * limited to {@link ResponseHeaders}' allow-list; the runtime adds its own ({@code Content-Security-Policy: sandbox},
 * {@code X-Content-Type-Options: nosniff}) over whatever the workflow sets.
 */
public final class RespondNode implements NodeType {

    @Override
    public String id() {
        return "respond";
    }

    @Override
    public Category category() {
        return Category.CONTROL;
    }

    @Override
    public String title() {
        return "Respond to Webhook";
    }

    @Override
    public String description() {
        return "The HTTP response of a when_finished webhook: status, headers and body (default: the input)."
                + " The runtime sends it with X-Content-Type-Options: nosniff and Content-Security-Policy: sandbox"
                + " (unless the operator turned the sandbox off), so a page it returns runs without scripts, not as the editor.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .integer("status", "Status", "HTTP status code")
                .defaultValue("status", 200)
                .minimum("status", 100)
                .maximum("status", 599)
                .stringMap("headers", "Headers", "Response headers; values may hold templates, names may not. Allowed: "
                        + ResponseHeaders.DESCRIPTION + ". Set-Cookie, Content-Security-Policy, Access-Control-*,"
                        + " Strict-Transport-Security, Content-Length and hop-by-hop headers belong to the runtime.")
                .any("body", "Body", "The response body; templates allowed (default: the input)")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        JsonNode headers = node.config().get("headers");
        if (headers == null || !headers.isObject()) {
            return; // the schema reports a wrong type
        }
        headers.fields().forEachRemaining(h -> {
            String why = ResponseHeaders.refusal(h.getKey());
            if (why == null && h.getValue().isTextual()) {
                why = ResponseHeaders.valueRefusal(h.getKey(), h.getValue().asText());
            }
            if (why != null) {
                problems.accept(ValidationError.ofNode(node.id(), "config.headers." + h.getKey(),
                        "Node '" + node.id() + "': " + why));
            }
        });
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        int status = node.config().path("status").asInt(200);
        JsonNode headers = node.config().get("headers");
        JsonNode body = node.config().get("body");
        return call -> {
            JsonNode renderedBody = body == null ? call.input() : Template.renderDeep(body, call.vars());
            JsonNode renderedHeaders = headers == null ? null : Template.renderDeep(headers, call.vars());
            call.respond(status, renderedHeaders, renderedBody);
            return NodeResult.of(renderedBody);
        };
    }
}

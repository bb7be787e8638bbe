package io.webops.nodes.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;

/** Sets the HTTP answer of a when_finished webhook: status, headers and body (templates allowed). */
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
        return "The HTTP response of a when_finished webhook: status, headers and body (default: the input).";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .integer("status", "Status", "HTTP status code")
                .defaultValue("status", 200)
                .minimum("status", 100)
                .maximum("status", 599)
                .stringMap("headers", "Headers", "Response headers")
                .any("body", "Body", "The response body; templates allowed (default: the input)")
                .build();
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

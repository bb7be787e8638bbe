package io.webops.nodes.control;

import static io.webops.nodes.Steps.list;
import static io.webops.nodes.Steps.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.nodes.Beans;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.Steps;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Waits, then passes its input on. The wait is Camel's delay EIP with asyncDelayed, so no thread
 * is held while waiting. It is bounded by the workflow's timeout, not the node's.
 */
public final class DelayNode implements NodeType {

    @Override
    public String id() {
        return "delay";
    }

    /** The wait is the point of the node; the workflow's timeout bounds it. */
    @Override
    public boolean boundByNodeTimeout() {
        return false;
    }

    @Override
    public Category category() {
        return Category.CONTROL;
    }

    @Override
    public String title() {
        return "Delay";
    }

    @Override
    public String description() {
        return "Wait a number of seconds, or until a time (ISO-8601), without holding a thread.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .number("seconds", "Seconds", "How long to wait")
                .template("until", "Until", "Wait until this time (ISO-8601, e.g. 2026-01-01T09:00:00Z); templates allowed")
                .build();
    }

    /** A template that does not parse would otherwise fail only at deployment. */
    @Override
    public void check(Node node, java.util.function.Consumer<io.webops.model.ValidationError> problems) {
        io.webops.nodes.TemplateChecks.fields(node, problems, "until");
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        double seconds = node.config().path("seconds").asDouble(0);
        Template until = node.config().has("until") ? Template.parse(node.configText("until", "")) : null;
        return call -> {
            long millis = Math.round(seconds * 1000);
            if (until != null) {
                String text = until.render(call.vars()).trim();
                try {
                    millis = Math.max(0, Instant.parse(text).toEpochMilli() - System.currentTimeMillis());
                } catch (DateTimeParseException e) {
                    throw NodeFailure.data("Node '" + node.id() + "': until '" + text + "' is not an ISO-8601 time");
                }
            }
            JsonNode input = call.input();
            return new NodeResult(input, "output", Math.max(0, millis));
        };
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        List<Object> steps = new java.util.ArrayList<>(List.of(step.work(Steps.process(step.bean("run")),
                map("delay", map("expression", Steps.ref(Beans.DELAY_MILLIS), "asyncDelayed", true)),
                Steps.process(Beans.COMPLETE))));
        steps.addAll(step.dispatch());
        return steps;
    }
}

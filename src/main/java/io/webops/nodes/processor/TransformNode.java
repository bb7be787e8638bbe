package io.webops.nodes.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.transform.DataTransform;
import java.util.function.Consumer;

/** Reshapes data with JMESPath, JSONPath (Jayway, as camel-jsonpath), JSLT, JSONata or a template. */
public final class TransformNode implements NodeType {

    @Override
    public String id() {
        return "transform";
    }

    @Override
    public Category category() {
        return Category.PROCESSOR;
    }

    @Override
    public String title() {
        return "Data Transform";
    }

    @Override
    public String description() {
        return "Reshape data with JMESPath, JSONPath, JSLT, JSONata or a template (${name} and {{ path }}).";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .enumeration("type", "Language", "How the query is written", "jmespath", "jsonpath", "jslt", "jsonata", "template")
                .defaultValue("type", "jmespath")
                .string("query", "Query", "The JMESPath, JSONPath, JSLT or JSONata query applied to the input")
                .template("template", "Template", "For type template: text with ${name} or {{ path }} placeholders")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        String field = "template".equals(type(node)) ? "template" : "query";
        String source = source(node);
        if (source == null) {
            problems.accept(ValidationError.ofNode(node.id(), "config." + field,
                    "Node '" + node.id() + "': config." + field + " is required"));
            return;
        }
        try {
            DataTransform.compile(type(node), source);
        } catch (RuntimeException e) {
            problems.accept(ValidationError.ofNode(node.id(), "config." + field,
                    "Node '" + node.id() + "': config." + field + " does not compile: " + e.getMessage()));
        }
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        DataTransform transform = DataTransform.compile(type(node), source(node));
        return call -> NodeResult.of(transform.apply(call.input(), call.vars()));
    }

    private static String type(Node node) {
        return node.configText("type", "jmespath");
    }

    private static String source(Node node) {
        if ("template".equals(type(node))) {
            return node.configText("template", node.configText("query", null));
        }
        return node.configText("query", null);
    }
}

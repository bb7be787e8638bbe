package io.webops.nodes.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Condition;
import io.webops.model.ConditionSpec;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Paths;
import io.webops.nodes.Schema;
import io.webops.transform.Conditions;
import java.util.function.Consumer;

/** Keeps the items of the array at {@code path} that match {@code condition} (each as {@code item}). */
public final class FilterNode implements NodeType {

    @Override
    public String id() {
        return "filter";
    }

    @Override
    public Category category() {
        return Category.PROCESSOR;
    }

    @Override
    public String title() {
        return "Filter";
    }

    @Override
    public String description() {
        return "Keep the items of the array at path that match the condition (each item as 'item'); "
                + "the output is the input with that array filtered.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .string("path", "Array path", "Where the array is in the input (empty: the input itself)")
                .enumeration(Checks.LANGUAGE, "Language", "webops: item.status == 'ok'; jsonata: $item.status = 'ok'",
                        Conditions.LANGUAGES.toArray(String[]::new))
                .defaultValue(Checks.LANGUAGE, ConditionSpec.DEFAULT_LANGUAGE)
                .expression("condition", "Condition", "Kept when true, e.g. item.status == 'ok'")
                .required("condition")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        Checks.condition(node, "condition", problems);
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Condition condition = Checks.condition(node, "condition", "true");
        String path = node.configText("path", "");
        return call -> {
            ArrayNode items = Paths.array(call.input(), path, node.id());
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : items) {
                if (condition.test(call.varsWithItem(item))) {
                    kept.add(item);
                }
            }
            return NodeResult.of(Paths.with(call.input(), path, kept));
        };
    }
}

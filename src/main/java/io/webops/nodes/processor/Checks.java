package io.webops.nodes.processor;

import io.webops.expr.Condition;
import io.webops.model.ConditionSpec;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.transform.Conditions;
import java.util.function.Consumer;

/** Save-time checks shared by node types that hold conditions, and how those nodes read them. */
public final class Checks {

    /** The config field that names the language of a node's condition. */
    public static final String LANGUAGE = "language";

    private Checks() {
    }

    /** The condition in {@code field}, in the language the node's {@code language} names (default: webops). */
    public static Condition condition(Node node, String field, String fallback) {
        return Conditions.compile(node.configText(LANGUAGE, ConditionSpec.DEFAULT_LANGUAGE), node.configText(field, fallback));
    }

    public static void condition(Node node, String field, Consumer<ValidationError> problems) {
        String source = node.configText(field, null);
        if (source == null || !Conditions.LANGUAGES.contains(node.configText(LANGUAGE, ConditionSpec.DEFAULT_LANGUAGE))) {
            return; // an unknown language is the schema's error on config.language
        }
        try {
            condition(node, field, source);
        } catch (RuntimeException e) { // ExpressionException, TransformException
            problems.accept(ValidationError.ofNode(node.id(), "config." + field,
                    "Node '" + node.id() + "': config." + field + " does not parse: " + e.getMessage()));
        }
    }
}

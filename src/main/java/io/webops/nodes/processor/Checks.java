package io.webops.nodes.processor;

import io.webops.expr.Expression;
import io.webops.expr.ExpressionException;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import java.util.function.Consumer;

/** Save-time checks shared by node types that hold expressions. */
public final class Checks {

    private Checks() {
    }

    public static void expression(Node node, String field, Consumer<ValidationError> problems) {
        String source = node.configText(field, null);
        if (source == null) {
            return;
        }
        try {
            Expression.parse(source);
        } catch (ExpressionException e) {
            problems.accept(ValidationError.ofNode(node.id(), "config." + field,
                    "Node '" + node.id() + "': config." + field + " does not parse: " + e.getMessage()));
        }
    }
}

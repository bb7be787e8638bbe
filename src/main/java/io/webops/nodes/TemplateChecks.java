package io.webops.nodes;

import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import java.util.function.Consumer;

/** The validation every node type with template fields shares: each must parse, or the field is named. */
public final class TemplateChecks {

    private TemplateChecks() {
    }

    /** Reports each of the given config fields that is set and is not a valid template. */
    public static void fields(Node node, Consumer<ValidationError> problems, String... fields) {
        for (String field : fields) {
            String text = node.configText(field, null);
            if (text == null) {
                continue;
            }
            try {
                Template.parse(text);
            } catch (RuntimeException e) {
                problems.accept(ValidationError.ofNode(node.id(), "config." + field,
                        "Node '" + node.id() + "': config." + field + " is not a valid template: " + e.getMessage()));
            }
        }
    }
}

package io.webops.nodes.file;

import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import java.util.function.Consumer;

/** Save-time checks of the file node types. */
final class FileChecks {

    private FileChecks() {
    }

    static void template(Node node, String field, Consumer<ValidationError> problems) {
        String source = node.configText(field, null);
        if (source == null) {
            return;
        }
        try {
            Template.parse(source);
        } catch (RuntimeException e) {
            problems.accept(ValidationError.ofNode(node.id(), "config." + field,
                    "Node '" + node.id() + "': config." + field + " is not a valid template: " + e.getMessage()));
        }
    }
}

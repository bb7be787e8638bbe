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
        io.webops.nodes.TemplateChecks.fields(node, problems, field);
    }
}

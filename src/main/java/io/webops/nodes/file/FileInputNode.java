package io.webops.nodes.file;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 * {@code file_input}: reads a file under {@code <data>/files} ({@link DataFiles}) as json (a value,
 * or an array for JSON lines), csv (an array of objects keyed by the header row) or text.
 */
public final class FileInputNode implements NodeType {

    @Override
    public String id() {
        return "file_input";
    }

    @Override
    public Category category() {
        return Category.SOURCE;
    }

    @Override
    public String title() {
        return "File Input";
    }

    @Override
    public String description() {
        return "Read a json, csv or text file from the data folder's files folder.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .template("path", "Path", "File path inside the files folder, e.g. imports/{{ data.day }}.csv; no .. or absolute paths")
                .enumeration("format", "Format", "json, csv (header row) or text; default: by the file's extension", FileFormats.ALL)
                .required("path")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        io.webops.nodes.TemplateChecks.fields(node, problems, "path");
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template path = Template.parse(node.configText("path", ""));
        String format = node.configText("format", null);
        DataFiles files = new DataFiles(services.dataDir());
        return call -> {
            String p = path.render(call.vars());
            byte[] bytes = files.read(node.id(), p);
            String f = FileFormats.of(format, p);
            ObjectNode details = JsonNodeFactory.instance.objectNode().put("path", p).put("format", f).put("bytes", bytes.length);
            return NodeResult.of(FileFormats.read(node.id(), f, bytes)).withDetails(details);
        };
    }
}

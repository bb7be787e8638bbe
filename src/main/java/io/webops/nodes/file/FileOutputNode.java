package io.webops.nodes.file;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code file_output}: writes json, csv or text under {@code <data>/files} ({@link DataFiles}).
 * With {@code append}, json adds one JSON line per value (per item of an array), csv adds rows
 * under the existing header without repeating it, text adds the text and a line break. Appends
 * from concurrent executions to one file are serialised in this runtime.
 */
public final class FileOutputNode implements NodeType {

    @Override
    public String id() {
        return "file_output";
    }

    @Override
    public Category category() {
        return Category.OUTPUT;
    }

    @Override
    public String title() {
        return "File Output";
    }

    @Override
    public String description() {
        return "Write (or append) json, csv or text to a file in the data folder's files folder.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .template("path", "Path", "File path inside the files folder, e.g. exports/{{ data.day }}.csv; no .. or absolute paths")
                .enumeration("format", "Format", "json, csv (header row) or text; default: by the file's extension", FileFormats.ALL)
                .any("content", "Content", "What to write (default: the input); templates allowed in strings")
                .bool("append", "Append", "Add to the end of the file (json lines, csv rows without a second header, text lines)")
                .defaultValue("append", false)
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
        JsonNode content = node.config().get("content");
        boolean append = node.config().path("append").asBoolean(false);
        DataFiles files = new DataFiles(services.dataDir());
        return call -> {
            String p = path.render(call.vars());
            String f = FileFormats.of(format, p);
            JsonNode value = content == null ? call.input() : Template.renderDeep(content, call.vars());
            String written;
            int bytes;
            synchronized (FileOutputNode.class) {
                byte[] data = switch (f) {
                    case "json" -> FileFormats.json(value, append);
                    case "csv" -> FileFormats.csv(node.id(), value, append && files.hasContent(node.id(), p)
                            ? FileFormats.csvHeader(files.head(node.id(), p)) : null);
                    default -> FileFormats.text(value, append);
                };
                written = files.write(node.id(), p, data, append);
                bytes = data.length;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode().put("path", written).put("format", f).put("bytes", bytes)
                    .put("append", append);
            return NodeResult.of(out);
        };
    }
}

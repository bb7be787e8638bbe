package io.webops.nodes.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code google_sheets}: reads a range through the Sheets API v4 as objects keyed by its header
 * row ({@code mode: read}), or appends rows to it ({@code mode: append}, values as typed in the
 * UI: {@code USER_ENTERED}). It calls the REST API through the runtime's HTTP caller rather than
 * camel-google-sheets, whose Google client library cannot be pointed through the SSRF guard and
 * would add tens of megabytes for two calls.
 */
public final class GoogleSheetsNode implements NodeType {

    public static final String ID = "google_sheets";
    static final String DEFAULT_ROOT = "https://sheets.googleapis.com";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Override
    public List<String> kamelets() {
        return List.of("webops-http-action");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.SOURCE;
    }

    @Override
    public String title() {
        return "Google Sheets";
    }

    @Override
    public String description() {
        return "Read a range as objects keyed by its header row (output {rows, range}), or append rows to it.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .string("credential", "Google credential", "A google credential: service account or OAuth client")
                .template("spreadsheet_id", "Spreadsheet id", "The id in the sheet's URL (/spreadsheets/d/<id>/); templates allowed")
                .template("range", "Range", "A1 range with its header row first, e.g. Orders!A1:D; templates allowed")
                .enumeration("mode", "Mode", "read the range, or append rows after it", "read", "append")
                .defaultValue("mode", "read")
                .any("rows", "Rows (append)", "Rows to append: an array of objects (by columns) or of arrays; default: the input")
                .array("columns", "Columns (append)", "Keys of the row objects in column order; default: the keys of the first row",
                        JSON.objectNode().put("type", "string"))
                .required("spreadsheet_id", "range")
                .build();
    }

    @Override
    public String credentialKind() {
        return "google";
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        CredentialRef.check(node, "google", problems);
        io.webops.nodes.TemplateChecks.fields(node, problems, "spreadsheet_id", "range");
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template spreadsheet = Template.parse(node.configText("spreadsheet_id", ""));
        Template range = Template.parse(node.configText("range", ""));
        boolean append = "append".equals(node.configText("mode", "read"));
        JsonNode rows = node.config().get("rows");
        JsonNode columns = node.config().get("columns");
        String credentialId = CredentialRef.idOf(node);
        GoogleAccess google = new GoogleAccess(node, services.http());
        return call -> {
            ResolvedCredential credential = services.credential(credentialId, "google");
            String id = spreadsheet.render(call.vars()).strip();
            String a1 = range.render(call.vars()).strip();
            if (id.isEmpty() || a1.isEmpty()) {
                throw NodeFailure.data("Node '" + node.id() + "': config." + (id.isEmpty() ? "spreadsheet_id" : "range")
                        + " rendered empty; set it");
            }
            String url = GoogleAccess.root(credential, DEFAULT_ROOT) + "/v4/spreadsheets/" + GoogleAccess.segment(id)
                    + "/values/" + GoogleAccess.segment(a1);
            String what = "spreadsheet '" + id + "' range " + a1;
            if (!append) {
                JsonNode answer = google.call(credential, "https://www.googleapis.com/auth/spreadsheets.readonly", "GET", url, null, what);
                return NodeResult.of(objects(answer));
            }
            JsonNode source = rows == null ? call.input() : Template.renderDeep(rows, call.vars());
            ObjectNode body = JSON.objectNode();
            body.put("majorDimension", "ROWS");
            body.set("values", values(node, source, columns));
            JsonNode answer = google.call(credential, "https://www.googleapis.com/auth/spreadsheets", "POST",
                    url + ":append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS", body, what);
            ObjectNode out = JSON.objectNode();
            out.put("updated_range", answer.path("updates").path("updatedRange").asText(null));
            out.put("updated_rows", answer.path("updates").path("updatedRows").asInt(0));
            return NodeResult.of(out);
        };
    }

    /** The first row names the fields of the others; missing trailing cells read as "". */
    private static ObjectNode objects(JsonNode answer) {
        ArrayNode out = JSON.arrayNode();
        JsonNode values = answer.path("values");
        List<String> header = new ArrayList<>();
        values.path(0).forEach(h -> header.add(h.asText()));
        for (int r = 1; r < values.size(); r++) {
            ObjectNode row = out.addObject();
            JsonNode cells = values.get(r);
            for (int c = 0; c < header.size(); c++) {
                JsonNode cell = cells.get(c);
                row.set(header.get(c), cell == null ? JSON.textNode("") : cell);
            }
        }
        ObjectNode result = JSON.objectNode();
        result.set("rows", out);
        result.put("range", answer.path("range").asText(null));
        return result;
    }

    private static ArrayNode values(Node node, JsonNode source, JsonNode columns) {
        JsonNode list = source != null && source.isArray() ? source : JSON.arrayNode().add(source == null ? JSON.nullNode() : source);
        List<String> keys = new ArrayList<>();
        if (columns != null && columns.isArray()) {
            columns.forEach(c -> keys.add(c.asText()));
        } else if (list.size() > 0 && list.get(0).isObject()) {
            list.get(0).fieldNames().forEachRemaining(keys::add);
        }
        ArrayNode values = JSON.arrayNode();
        for (JsonNode row : list) {
            ArrayNode cells = values.addArray();
            if (row.isArray()) {
                row.forEach(cell -> cells.add(cell(cell)));
            } else if (row.isObject()) {
                for (String k : keys) {
                    cells.add(cell(row.path(k)));
                }
            } else {
                throw NodeFailure.data("Node '" + node.id() + "': rows to append must be objects or arrays, got "
                        + row.getNodeType() + "; set config.rows to the array of rows");
            }
        }
        return values;
    }

    private static JsonNode cell(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return JSON.textNode("");
        }
        return v.isContainerNode() ? JSON.textNode(v.toString()) : v;
    }
}

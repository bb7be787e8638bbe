package io.webops.nodes.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.model.ValueRange;
import io.webops.credentials.ResolvedCredential;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.Send;
import io.webops.nodes.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code google_sheets}: reads a range through the Sheets API v4 as objects keyed by its header row ({@code mode:
 * read}), or appends rows to it ({@code mode: append}, values as typed in the UI: {@code USER_ENTERED}). The node's
 * route shows the call: its run prepares the message (spreadsheet id, range and rows as {@code CamelGoogleSheets.*}
 * headers and body, the credential's API root checked by the SSRF guard), then {@code to: google-sheets:data/get} or
 * {@code data/append} sends it with camel-google-sheets, whose client ({@link SheetsClientFactory}) goes out through
 * the runtime's guarded HTTP caller with the credential's access token; Camel's redelivery sends it again when the node
 * retries, and the answer becomes the node's output.
 */
public final class GoogleSheetsNode implements NodeType {

    public static final String ID = "google_sheets";
    static final String DEFAULT_ROOT = "https://sheets.googleapis.com";
    /** Prefix of the headers camel-google-sheets reads an API method's arguments from. */
    static final String ARGUMENT = "CamelGoogleSheets.";
    private static final String READ_SCOPE = "https://www.googleapis.com/auth/spreadsheets.readonly";
    private static final String WRITE_SCOPE = "https://www.googleapis.com/auth/spreadsheets";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The message for camel-google-sheets: the method's arguments, the rows to append (or null), the request's call. */
    record SheetsRequest(String spreadsheetId, String range, ValueRange values, SheetsClientFactory.Call call) implements Send {

        @Override
        public void onto(org.apache.camel.Message m) {
            m.setHeader(ARGUMENT + "spreadsheetId", spreadsheetId);
            m.setHeader(ARGUMENT + "range", range);
            m.setHeader(ARGUMENT + "requestHeaders", call.headers());
            m.setBody(values);
        }

        String what() {
            return "spreadsheet '" + spreadsheetId + "' range " + range;
        }
    }

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
        long timeoutMillis = node.timeoutSeconds() * 1000L;
        return call -> {
            ResolvedCredential credential = services.credential(credentialId, "google");
            String id = spreadsheet.render(call.vars()).strip();
            String a1 = range.render(call.vars()).strip();
            if (id.isEmpty() || a1.isEmpty()) {
                throw NodeFailure.data("Node '" + node.id() + "': config." + (id.isEmpty() ? "spreadsheet_id" : "range")
                        + " rendered empty; set it");
            }
            String root = GoogleAccess.root(credential, DEFAULT_ROOT);
            try {
                services.ssrfGuard().checkUrl(root);
            } catch (io.webops.security.SsrfException e) {
                throw GoogleAccess.unanswered(node, credential, new NodeFailure("SsrfRefused", e.getMessage(), false));
            }
            ValueRange values = null;
            if (append) {
                JsonNode source = rows == null ? call.input() : Template.renderDeep(rows, call.vars());
                values = new ValueRange().setMajorDimension("ROWS").setValues(values(node, source, columns));
            }
            SheetsClientFactory.Call auth = new SheetsClientFactory.Call(google, credential, append ? WRITE_SCOPE : READ_SCOPE,
                    root, timeoutMillis);
            // the request is sent by the route's next steps (google-sheets:data/get or data/append)
            return new NodeResult(call.input(), io.webops.model.Connection.OUTPUT, new SheetsRequest(id, a1, values, auth), null);
        };
    }

    /** The route's google-sheets endpoint is the runtime's component ({@link SheetsComponent}), installed here, before the route is loaded. */
    @Override
    public Map<String, Object> camelBeans(Node node, NodeServices services) {
        SheetsComponent.install(services.camel(), services.http());
        return Map.of();
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        // the operation is the node's mode (an enum), its options constants: the spreadsheet, range and rows are values
        // on the message, the credential is carried per request, never an option
        Map<String, Object> send = "append".equals(step.node().configText("mode", "read"))
                ? Steps.map("to", Steps.map("uri", SheetsComponent.NAME + ":data/append", "parameters", Steps.map(
                        "inBody", "values",
                        "valueInputOption", "USER_ENTERED",
                        "insertDataOption", "INSERT_ROWS")))
                : Steps.map("to", Steps.map("uri", SheetsComponent.NAME + ":data/get"));
        List<Object> steps = new ArrayList<>(step.send(send));
        steps.addAll(step.dispatch());
        return steps;
    }

    @Override
    public NodeResult answer(Node node, NodeResult ran, org.apache.camel.Message answer, long durationMillis) {
        JsonNode json;
        try {
            json = MAPPER.readTree(GsonFactory.getDefaultInstance().toString(answer.getBody()));
        } catch (java.io.IOException e) {
            throw new NodeFailure("GoogleError", "Node '" + node.id() + "': Google's answer is not JSON: " + e.getMessage(), false);
        }
        if (((SheetsRequest) ran.attachment()).values() == null) {
            return NodeResult.of(objects(json));
        }
        ObjectNode out = JSON.objectNode();
        out.put("updated_range", json.path("updates").path("updatedRange").asText(null));
        out.put("updated_rows", json.path("updates").path("updatedRows").asInt(0));
        return NodeResult.of(out);
    }

    /**
     * What went wrong with the call, named for the node: Google's error answer (transient for 429 and 5xx, with its
     * Retry-After), no answer at all ({@code Timeout}, {@code Unreachable}, {@code SsrfRefused}), or the credential's
     * token refused.
     */
    @Override
    public Throwable failure(Node node, NodeResult ran, Throwable failure) {
        if (ran == null || !(ran.attachment() instanceof SheetsRequest request)) {
            return failure;
        }
        ResolvedCredential credential = request.call().credential();
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof NodeFailure f) {
                return f;
            }
            if (c instanceof CallerTransport.Unanswered u) {
                return GoogleAccess.unanswered(node, credential, u.failure());
            }
            if (c instanceof HttpResponseException h) {
                String retryAfter = h.getHeaders() == null ? null : h.getHeaders().getFirstHeaderStringValue("Retry-After");
                return GoogleAccess.apiFailure(node, credential, h.getStatusCode(), errorBody(h),
                        retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter), request.what());
            }
        }
        return failure;
    }

    /** Google's error answer: the client keeps only its {@code error} object when the answer was JSON. */
    private static byte[] errorBody(HttpResponseException h) {
        try {
            String body = h instanceof GoogleJsonResponseException g && g.getDetails() != null
                    ? "{\"error\": " + GsonFactory.getDefaultInstance().toString(g.getDetails()) + "}" : h.getContent();
            return body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return null;
        }
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

    private static List<List<Object>> values(Node node, JsonNode source, JsonNode columns) {
        JsonNode list = source != null && source.isArray() ? source : JSON.arrayNode().add(source == null ? JSON.nullNode() : source);
        List<String> keys = new ArrayList<>();
        if (columns != null && columns.isArray()) {
            columns.forEach(c -> keys.add(c.asText()));
        } else if (list.size() > 0 && list.get(0).isObject()) {
            list.get(0).fieldNames().forEachRemaining(keys::add);
        }
        List<List<Object>> values = new ArrayList<>();
        for (JsonNode row : list) {
            List<Object> cells = new ArrayList<>();
            values.add(cells);
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

    /** A cell's value as Google's client writes it: text, number or boolean; nothing is "", objects and arrays their JSON. */
    private static Object cell(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.isTextual() ? v.textValue() : v.toString();
    }
}

package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The product's own workflow document (as {@code GET /api/workflows/{id}} answers it, or as written for
 * {@code POST /api/workflows}) as a new draft: every node maps to itself. What belongs to the instance it came from
 * stays behind: credential references (the importer picks their own) and a webhook secret, which comes back masked.
 */
public final class WebopsImport {

    private WebopsImport() {
    }

    /** @throws ImportException when the document does not have the shape of a workflow */
    public static Imported convert(JsonNode document) {
        if (!document.isObject()) {
            throw new ImportException("A webops document is a workflow object with name, nodes and connections");
        }
        for (String field : List.of("nodes", "connections")) {
            if (!document.path(field).isArray()) {
                throw new ImportException("The webops document has no " + field + " array");
            }
        }
        ObjectNode draft = document.deepCopy();
        List<ReportEntry> report = new ArrayList<>();
        for (JsonNode node : draft.path("nodes")) {
            String name = node.path("label").asText(node.path("id").asText());
            String reason = node.path("type").asText();
            if (node instanceof ObjectNode o && (o.has("credential") || o.path("config").has("credential"))) {
                o.remove("credential");
                if (o.path("config") instanceof ObjectNode config) {
                    config.remove("credential");
                }
                reason += "; its credential is not imported: pick one of yours on the node";
            }
            report.add(ReportEntry.mapped(name, reason));
        }
        if (draft.path("trigger") instanceof ObjectNode trigger && trigger.has("auth")) {
            trigger.remove("auth");
            report.add(ReportEntry.unsupported("trigger", "the webhook's authentication is not imported (its secret "
                    + "stays with the instance it came from): set it again"));
        }
        return new Imported(draft, report);
    }
}

package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.model.WorkflowParser;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.NodeType;
import io.webops.nodes.NodeTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Credentials are never imported: a draft's nodes take the importer's own, one per credential kind named in the
 * request ({@code "credentials": {"smtp": "<id>"}}). A node whose type cannot be saved without a credential, when none
 * of its kind was named, is left out of the draft with its connections and reported as such, so the rest of the
 * draft can be saved.
 */
final class CredentialChoice {

    private CredentialChoice() {
    }

    static Imported apply(Imported imported, Map<String, String> byKind, NodeTypes types) {
        ObjectNode workflow = imported.workflow();
        List<ReportEntry> report = new ArrayList<>(imported.report());
        Set<String> leftOut = new HashSet<>();
        Map<String, Node> parsed = WorkflowParser.parse(workflow).workflow().nodesById();
        for (JsonNode n : workflow.path("nodes")) {
            NodeType type = types.find(n.path("type").asText()).orElse(null);
            Node node = parsed.get(n.path("id").asText());
            if (type == null || node == null || type.credentialKinds().isEmpty() || CredentialRef.of(node).named()) {
                continue;
            }
            String kind = type.credentialKinds().stream().filter(byKind::containsKey).findFirst().orElse(null);
            String label = n.path("label").asText(n.path("id").asText());
            if (kind != null) {
                ((ObjectNode) n).put("credential", byKind.get(kind));
                replace(report, label, entry -> ReportEntry.mapped(label, entry.reason() + "; it uses your " + kind
                        + " credential " + byKind.get(kind)));
                continue;
            }
            List<ValidationError> problems = new ArrayList<>();
            type.check(node, problems::add);
            if (problems.stream().anyMatch(p -> CredentialRef.CONFIG_FIELD.equals(p.field()))) {
                leftOut.add(node.id());
                replace(report, label, entry -> ReportEntry.unsupported(label, "it needs a " + type.credentialKind()
                        + " credential, and the import named none (credentials." + type.credentialKind()
                        + "); it is left out with its connections (mapped as: " + entry.reason() + ")"));
            }
        }
        if (!leftOut.isEmpty()) {
            removeNodes(workflow, leftOut);
        }
        return new Imported(workflow, report);
    }

    private static void replace(List<ReportEntry> report, String node, java.util.function.UnaryOperator<ReportEntry> change) {
        for (int i = 0; i < report.size(); i++) {
            if (report.get(i).node().equals(node) && report.get(i).status() == ReportEntry.Status.MAPPED) {
                report.set(i, change.apply(report.get(i)));
                return;
            }
        }
    }

    private static void removeNodes(ObjectNode workflow, Set<String> ids) {
        ArrayNode nodes = (ArrayNode) workflow.path("nodes");
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (ids.contains(nodes.get(i).path("id").asText())) {
                nodes.remove(i);
            }
        }
        ArrayNode connections = (ArrayNode) workflow.path("connections");
        for (int i = connections.size() - 1; i >= 0; i--) {
            JsonNode c = connections.get(i);
            if (ids.contains(c.path("source").asText()) || ids.contains(c.path("target").asText())) {
                connections.remove(i);
            }
        }
    }
}

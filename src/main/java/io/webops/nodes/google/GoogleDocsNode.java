package io.webops.nodes.google;

import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.function.Consumer;

/**
 * {@code google_docs}: a document's title and plain text through the Docs REST API (there is no
 * camel-google-docs): the text runs of its paragraphs, tables included, in document order. The
 * output carries the text as both {@code body} (as §2's example transform reads it) and
 * {@code content} (as the seed's {@code {content}} prompt reads it).
 */
public final class GoogleDocsNode implements NodeType {

    public static final String ID = "google_docs";
    static final String DEFAULT_ROOT = "https://docs.googleapis.com";
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
        return "Google Docs";
    }

    @Override
    public String description() {
        return "A document's text via the Google Docs API; output {document_id, title, body, content}.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .string("credential", "Google credential", "A google credential: service account or OAuth client")
                .template("document_id", "Document id", "The id in the document's URL (/document/d/<id>/); templates allowed")
                .required("document_id")
                .build();
    }

    @Override
    public String credentialKind() {
        return "google";
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        CredentialRef.check(node, "google", problems);
        io.webops.nodes.TemplateChecks.fields(node, problems, "document_id");
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template document = Template.parse(node.configText("document_id", ""));
        String credentialId = CredentialRef.idOf(node);
        GoogleAccess google = new GoogleAccess(node, services.http());
        return call -> {
            ResolvedCredential credential = services.credential(credentialId, "google");
            String id = document.render(call.vars()).strip();
            if (id.isEmpty()) {
                throw NodeFailure.data("Node '" + node.id() + "': config.document_id rendered empty; set it");
            }
            JsonNode doc = google.call(credential, "https://www.googleapis.com/auth/documents.readonly", "GET",
                    GoogleAccess.root(credential, DEFAULT_ROOT) + "/v1/documents/" + GoogleAccess.segment(id), null,
                    "document '" + id + "'");
            StringBuilder text = new StringBuilder();
            flatten(doc.path("body").path("content"), text);
            ObjectNode out = JSON.objectNode();
            out.put("document_id", doc.path("documentId").asText(id));
            out.put("title", doc.path("title").asText(""));
            out.put("body", text.toString());
            out.put("content", text.toString());
            return NodeResult.of(out);
        };
    }

    /** Structural elements: paragraphs' text runs, and the cells of tables, in order. */
    private static void flatten(JsonNode content, StringBuilder text) {
        for (JsonNode element : content) {
            for (JsonNode run : element.path("paragraph").path("elements")) {
                text.append(run.path("textRun").path("content").asText(""));
            }
            for (JsonNode row : element.path("table").path("tableRows")) {
                for (JsonNode cell : row.path("tableCells")) {
                    flatten(cell.path("content"), text);
                }
            }
        }
    }
}

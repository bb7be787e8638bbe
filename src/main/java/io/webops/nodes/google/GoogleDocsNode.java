package io.webops.nodes.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Beans;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.HttpCaller;
import io.webops.nodes.HttpFailures;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.Send;
import io.webops.nodes.Steps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code google_docs}: a document's title and plain text through the Docs REST API (there is no camel-google-docs):
 * the text runs of its paragraphs, tables included, in document order. One run is one GET, so the node's route shows
 * it as the HTTP node's does: its run prepares the request (the credential's access token, the API root checked by the
 * SSRF guard), {@code to: kamelet:webops-http-action} sends it, Camel's redelivery sends it again when the node retries,
 * and the answer becomes the output. The output carries the text as both {@code body} (as §2's example transform reads
 * it) and {@code content} (as the seed's {@code {content}} prompt reads it). An access token Google refuses is dropped
 * from the cache, so the node's next run asks for a fresh one (a redelivery sends the same request again).
 */
public final class GoogleDocsNode implements NodeType {

    public static final String ID = "google_docs";
    static final String DEFAULT_ROOT = "https://docs.googleapis.com";
    private static final String SCOPE = "https://www.googleapis.com/auth/documents.readonly";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The GET for the Kamelet (an {@link HttpCaller.Request}, put on the message as the HTTP node's is), with what the
     * answer and a failure are named and scrubbed by: the document id, the credential, the node's token cache.
     */
    record DocumentRequest(HttpCaller.Request http, String documentId, ResolvedCredential credential, GoogleAccess google)
            implements Send {

        @Override
        public void onto(org.apache.camel.Message m) {
            http.onto(m);
        }

        String what() {
            return "document '" + documentId + "'";
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
        long timeoutMillis = node.timeoutSeconds() * 1000L;
        return call -> {
            ResolvedCredential credential = services.credential(credentialId, "google");
            String id = document.render(call.vars()).strip();
            if (id.isEmpty()) {
                throw NodeFailure.data("Node '" + node.id() + "': config.document_id rendered empty; set it");
            }
            String url = GoogleAccess.root(credential, DEFAULT_ROOT) + "/v1/documents/" + GoogleAccess.segment(id);
            try {
                services.ssrfGuard().checkUrl(url);
            } catch (io.webops.security.SsrfException e) {
                throw GoogleAccess.unanswered(node, credential, new NodeFailure("SsrfRefused", e.getMessage(), false));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer " + google.token(credential, SCOPE));
            headers.put("Accept", "application/json");
            // the request is sent by the route's next steps (kamelet:webops-http-action)
            return new NodeResult(call.input(), io.webops.model.Connection.OUTPUT, new DocumentRequest(
                    new HttpCaller.Request(url, "GET", headers, null, timeoutMillis), id, credential, google), null);
        };
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        // as the HTTP node's: noErrorHandler hands a failure back to this route, whose error handling retries the send
        Map<String, Object> send = Steps.map("to", Steps.map(
                "uri", "kamelet:webops-http-action",
                "parameters", Steps.map(
                        "noErrorHandler", true,
                        "clientConfigurer", Beans.HTTP_CLIENT,
                        "timeoutMillis", step.node().timeoutSeconds() * 1000L,
                        "failOnStatus", true)));
        List<Object> steps = new ArrayList<>(step.send(send));
        steps.addAll(step.dispatch());
        return steps;
    }

    @Override
    public NodeResult answer(Node node, NodeResult ran, org.apache.camel.Message answer, long durationMillis) {
        DocumentRequest request = (DocumentRequest) ran.attachment();
        HttpCaller.Response response = HttpCaller.Response.of(answer, durationMillis);
        if (response.status() < 200 || response.status() >= 300) {
            throw GoogleAccess.apiFailure(node, request.credential(), response.status(), response.body(), response.headers(), request.what());
        }
        JsonNode doc;
        try {
            doc = response.body().length == 0 ? JSON.objectNode() : MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new NodeFailure("GoogleError", "Node '" + node.id() + "': Google's answer for " + request.what() + " is not JSON", false);
        }
        StringBuilder text = new StringBuilder();
        flatten(doc.path("body").path("content"), text);
        ObjectNode out = JSON.objectNode();
        out.put("document_id", doc.path("documentId").asText(request.documentId()));
        out.put("title", doc.path("title").asText(""));
        out.put("body", text.toString());
        out.put("content", text.toString());
        return NodeResult.of(out);
    }

    /**
     * What went wrong with the GET, named for the node: Google's error answer (transient for 429 and 5xx, with its
     * Retry-After; a refused token leaves the cache), or no answer at all ({@code Timeout}, {@code Unreachable},
     * {@code SsrfRefused}).
     */
    @Override
    public Throwable failure(Node node, NodeResult ran, Throwable failure) {
        if (ran == null || !(ran.attachment() instanceof DocumentRequest request)) {
            return failure;
        }
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof NodeFailure f) {
                return f;
            }
            if (c instanceof org.apache.camel.http.base.HttpOperationFailedException h) {
                if (h.getStatusCode() == 401) {
                    request.google().forgetToken(request.credential(), SCOPE);
                }
                HttpCaller.Response answer = HttpCaller.Response.of(h);
                return GoogleAccess.apiFailure(node, request.credential(), answer.status(), answer.body(), answer.headers(),
                        request.what());
            }
        }
        return GoogleAccess.unanswered(node, request.credential(),
                HttpFailures.unanswered(null, request.http().timeoutMillis(), failure));
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

package io.webops.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.llm.AgentFiles;
import io.webops.llm.AgentMemory;
import io.webops.llm.LlmDefaults;
import io.webops.llm.LlmRuntime;
import io.webops.llm.WorkflowCatalog;
import io.webops.model.ValidationError;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * The one bean an exported workflow's YAML declares in its {@code beans:} section, so that a stock Camel application
 * ({@code org.apache.camel.main.Main} with this jar on the classpath) runs it: it builds the beans the routes refer to
 * from the workflow document it is given (base64 JSON, so that nothing in it is read as a property placeholder) and
 * keeps each execution's history in memory, in this JVM only. No database, API or canvas is started.
 *
 * <p>Settings come from {@code -D} options, the environment ({@code WEBOPS_SSRF_ALLOW}...) or Camel's properties (the
 * exported {@code application.properties}), in that order: {@code webops.ssrf.allow}, {@code webops.node.max.output.bytes}, {@code webops.llm.*}.
 */
public final class ExportedWorkflow implements CamelContextAware {

    /** Properties holding the webhook's secrets, which the export leaves out of the document: {@code <prefix><field>}. */
    public static final String SECRET_PREFIX = "webops.webhook.auth.";

    private CamelContext camel;
    private String workflowId;
    private int version = 1;
    private String definition;
    private Store store;
    private Engine engine;

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camel = camelContext;
    }

    public void setWorkflowId(String workflowId) {
        this.workflowId = workflowId;
    }

    public void setVersion(int version) {
        this.version = version;
    }

    /** The workflow document, JSON in base64. */
    public void setDefinition(String definition) {
        this.definition = definition;
    }

    /** The init method: validates the document and binds the beans of its routes. */
    public void start() {
        if (camel == null || workflowId == null || definition == null) {
            throw new IllegalStateException("webops exported workflow: camelContext, workflowId and definition must be set");
        }
        JsonNode document = Json.parse(new String(Base64.getDecoder().decode(definition), StandardCharsets.UTF_8));
        for (String f : Export.secretsLeftOut(document)) {
            String secret = property(SECRET_PREFIX + f).orElseThrow(() -> new IllegalStateException(
                    "Workflow '" + workflowId + "': set " + SECRET_PREFIX + f + " (the webhook's " + f + ", kept out of the export)"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) document.path("trigger").path("auth")).put(f, secret);
        }
        // the Kamelets this application allows (webops.kamelets, as WEBOPS_KAMELETS on the server), from the runtime jar
        io.webops.kamelets.Kamelets kamelets = io.webops.kamelets.Kamelets.fromSetting(property("webops.kamelets").orElse(null));
        io.webops.kamelets.SecretFunction.register(camel);
        NodeTypes types = kamelets.withStandard();
        Validator.Result result = new Validator(types).validate(document);
        if (!result.valid()) {
            throw new IllegalStateException("Workflow '" + workflowId + "' is not valid: " + result.errors().stream()
                    .map(ValidationError::message).collect(Collectors.joining("; ")));
        }
        store = Store.inMemory();
        new LlmRuntime(new LlmDefaults(property("webops.llm.base.url").orElse(null),
                property("webops.llm.api.key").orElse(null), property("webops.llm.model").orElse(null)),
                new AgentFiles(Path.of(property("webops.data").orElse("./data")).resolve("agents")),
                new AgentMemory(store.dataSource()), WorkflowCatalog.NONE).bindTo(camel);
        EngineSettings settings = new EngineSettings(Path.of(property("webops.data").orElse("./data")),
                SsrfGuard.fromSetting(property("webops.ssrf.allow").orElse("")), RetryPolicy.DEFAULT,
                EngineSettings.NO_CREDENTIALS, 0,
                property("webops.node.max.output.bytes").map(Long::parseLong).orElse(EngineSettings.DEFAULT_MAX_NODE_OUTPUT_BYTES));
        engine = new Engine(camel, store, types, settings);
        engine.adopt(workflowId, version, result.workflow());
    }

    /** The destroy method. */
    public void stop() {
        if (engine != null) {
            engine.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** A {@code -D} option first, then the environment ({@code WEBOPS_X_Y}), then Camel's properties; blank is unset. */
    private Optional<String> property(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
        return Optional.ofNullable(value).or(() -> camel.getPropertiesComponent().resolveProperty(key)).filter(v -> !v.isBlank());
    }
}

package io.webops.kamelets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.json.Json;
import io.webops.model.Connection;
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
import io.webops.nodes.Send;
import io.webops.nodes.Steps;
import io.webops.security.SsrfException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code kamelet:<name>}: one Kamelet of the catalogue as a node type. Its palette entry, config form and required
 * fields come from the Kamelet's {@code spec.definition}, less its {@code format: password} properties, which come from
 * the node's {@code kamelet} credential (a flat object property → secret). A sink or an action sends the node's input
 * (as JSON text, a text input as its text; as maps and lists for JSONata, which evaluates the structure) {@code to: kamelet:<name>} with the config as the endpoint's {@code parameters:}, exactly as a Camel
 * user would write it; an action's answer becomes the output (parsed when it is JSON). A source is the workflow's
 * trigger ({@code trigger.type: kamelet}): its route starts {@code from: kamelet:<name>} and each message starts an
 * execution; the node itself hands the execution's input on.
 *
 * <p>Nothing the user typed is read by Camel: values holding placeholders, expressions or references are refused by
 * {@link KameletValues}; secrets reach the Kamelet as {@code {{webops-secret:<bean>}}}, resolved by
 * {@link SecretFunction} from a bean bound for the deployment, never written into the YAML; a resource property (a
 * JSONata or JSLT template) is given inline and handed over as a bean ({@code ref:<bean>}).
 */
public final class KameletNode implements NodeType {

    public static final String PREFIX = "kamelet:";
    public static final String CREDENTIAL_KIND = "kamelet";
    private static final String SECRET_BEAN = "secret.";
    private static final String RESOURCE_BEAN = "resource.";

    private final KameletSpec spec;

    /**
     * A node whose deployment is refused before any endpoint is made (a secret Camel would resolve, a source host the
     * SSRF guard refuses): the API answers it as a 422 naming the node.
     */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    public KameletNode(KameletSpec spec) {
        this.spec = spec;
    }

    public KameletSpec spec() {
        return spec;
    }

    @Override
    public String id() {
        return PREFIX + spec.name();
    }

    @Override
    public Category category() {
        return switch (spec.kind()) {
            case "source" -> Category.SOURCE;
            case "sink" -> Category.OUTPUT;
            default -> Category.PROCESSOR;
        };
    }

    @Override
    public String title() {
        return spec.title();
    }

    @Override
    public String description() {
        return spec.description();
    }

    @Override
    public List<String> inputs() {
        return spec.source() ? List.of() : NodeType.super.inputs();
    }

    @Override
    public ObjectNode configSchema() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        List<String> secrets = spec.secretProperties();
        List<String> resources = spec.resourceProperties();
        if (!secrets.isEmpty()) {
            props.putObject("credential").put("type", "string").put("title", "Kamelet credential")
                    .put("description", "A kamelet credential holding " + String.join(", ", secrets));
        }
        spec.definition().path("properties").fields().forEachRemaining(f -> {
            boolean fileSwitch = KameletValues.isFileSwitch(spec, f.getKey());
            if (secrets.contains(f.getKey()) || KameletValues.isLocalFile(f.getKey()) && !fileSwitch) {
                return; // secrets come from the credential; files of this server are not offered
            }
            ObjectNode p = f.getValue().deepCopy();
            if (fileSwitch) {
                p.put("default", false).put("description", p.path("description").asText("")
                        + " Always false here: Kamelet nodes use no file of the server.");
            }
            if (resources.contains(f.getKey())) {
                p.remove("pattern");
                p.remove("example");
                p.put("description", p.path("description").asText("") + " Written inline (the template itself).");
                p.put("format", "textarea");
            }
            if (p.has("default") && "string".equals(p.path("type").asText()) && !p.get("default").isTextual()) {
                p.put("default", p.get("default").asText());
            }
            props.set(f.getKey(), p);
        });
        ArrayNode required = schema.putArray("required");
        spec.required().stream().filter(r -> !secrets.contains(r) && !KameletValues.isLocalFile(r)).forEach(required::add);
        return schema;
    }

    @Override
    public String credentialKind() {
        return spec.secretProperties().isEmpty() ? null : CREDENTIAL_KIND;
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        KameletValues.check(node, spec, problems);
        if (spec.required().stream().anyMatch(spec.secretProperties()::contains)) {
            CredentialRef.check(node, CREDENTIAL_KIND, problems);
        }
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        if (spec.source()) {
            return call -> NodeResult.of(call.input());
        }
        Map<String, String> hosts = hostValues(node);
        // camel-jsonata evaluates the body as it is (a String stays a string), so it gets the structure; every other
        // Kamelet (camel-jslt accepts text or streams only, the SQL sinks unmarshal JSON) gets JSON text
        boolean structure = spec.dependencies().contains("camel:jsonata");
        return call -> {
            checkHosts(node, services, hosts);
            JsonNode input = call.input() == null ? Json.object() : call.input();
            // a text input (a transform's string) is the message as it is: a file's content, a JMS text, not a JSON string
            Send message = structure ? new Body(Json.MAPPER.convertValue(input, Object.class), "application/json")
                    : input.isTextual() ? new Body(input.asText(), "text/plain")
                    : new Body(Json.MAPPER.writeValueAsString(input), "application/json");
            return new NodeResult(call.input(), Connection.OUTPUT, message, null);
        };
    }

    private Map<String, String> hostValues(Node node) {
        Map<String, String> hosts = new LinkedHashMap<>();
        KameletValues.texts(spec, node.config()).forEach((k, v) -> {
            if (KameletValues.isHost(spec, k)) {
                hosts.put(k, v);
            }
        });
        return hosts;
    }

    private static void checkHosts(Node node, NodeServices services, Map<String, String> hosts) {
        hosts.forEach((property, value) -> {
            try {
                KameletValues.checkHosts(services.ssrfGuard(), property, value);
            } catch (SsrfException e) {
                throw new NodeFailure("SsrfRefused", "Node '" + node.id() + "': config." + property + " was refused: "
                        + e.getMessage(), false);
            }
        });
    }

    /** The node's message: its input as JSON text (a text input as it is), or as maps and lists. */
    private record Body(Object body, String contentType) implements Send {
        @Override
        public void onto(org.apache.camel.Message message) {
            message.setHeader("Content-Type", contentType);
            message.setBody(body);
        }
    }

    /**
     * The secrets of the node's credential (checked against the Kamelet's password properties), the inline resources,
     * and, for a source (whose route starts when it is deployed), the hosts through the SSRF guard.
     */
    @Override
    public Map<String, Object> camelBeans(Node node, NodeServices services) {
        Map<String, Object> beans = new LinkedHashMap<>();
        List<String> secrets = spec.secretProperties();
        String credentialId = CredentialRef.idOf(node);
        if (!secrets.isEmpty() && credentialId != null) {
            ResolvedCredential credential = services.credential(credentialId, CREDENTIAL_KIND);
            for (String field : credential.fieldNames()) {
                if (!secrets.contains(field)) {
                    throw new Refused("Node '" + node.id() + "': the kamelet credential holds '" + field
                            + "', which is not a secret property of " + spec.name() + " (" + String.join(", ", secrets) + ")");
                }
            }
            for (String field : secrets) {
                String value = credential.text(field);
                String refused = value == null ? null : secretRefusal(value);
                if (refused != null) {
                    throw new Refused("Node '" + node.id() + "': the kamelet credential's '" + field + "' " + refused);
                }
                if (value != null && spec.inUri().contains(field) && value.matches(".*[?&@].*")) {
                    throw new Refused("Node '" + node.id() + "': the kamelet credential's '" + field
                            + "' holds '?', '&' or '@', which in the Kamelet's endpoint URI would add options or name another host");
                }
                if (value == null && spec.required().contains(field)) {
                    throw new Refused("Node '" + node.id() + "': the kamelet credential has no '" + field
                            + "', which " + spec.name() + " requires");
                }
                // the endpoint names every secret property: an optional one the credential leaves out is empty
                beans.put(SECRET_BEAN + field, new SecretFunction.Secret(value == null ? "" : value));
            }
        }
        Map<String, String> values = KameletValues.texts(spec, node.config());
        for (String r : spec.resourceProperties()) {
            if (values.containsKey(r)) {
                beans.put(RESOURCE_BEAN + r, values.get(r));
            }
        }
        if (spec.source()) {
            try {
                checkHosts(node, services, hostValues(node));
            } catch (NodeFailure f) {
                throw new Refused(f.getMessage());
            }
        }
        return beans;
    }

    /**
     * The endpoint's {@code parameters:}: the config's values, each resource as {@code ref:<its bean>}, each secret of
     * the credential as {@code {{webops-secret:<its bean>}}}; {@code bean} names a bean of the node by purpose
     * ({@code <route id>.<purpose>}).
     */
    Map<String, Object> parameters(Node node, java.util.function.UnaryOperator<String> bean) {
        Map<String, Object> params = new LinkedHashMap<>();
        Set<String> resources = Set.copyOf(spec.resourceProperties());
        KameletValues.texts(spec, node.config()).forEach((k, v) -> {
            if (resources.contains(k)) {
                params.put(k, "ref:" + bean.apply(RESOURCE_BEAN + k));
            } else if (spec.secretProperties().contains(k)) {
                return; // never from the document
            } else {
                params.put(k, literal(v));
            }
        });
        spec.definition().path("properties").fieldNames().forEachRemaining(k -> {
            if (KameletValues.isFileSwitch(spec, k)) {
                params.put(k, literal("false")); // whatever the Kamelet's default, no file of this server
            }
        });
        if (CredentialRef.idOf(node) != null) {
            for (String field : spec.secretProperties()) {
                params.put(field, secret(bean.apply(SECRET_BEAN + field)));
            }
        }
        return params;
    }

    /**
     * A value as an endpoint parameter that arrives as written: YAML DSL appends {@code parameters:} to the URI
     * unencoded, so a value is wrapped in {@code RAW(...)}, or {@code RAW{...}} when it holds {@code )&} (validation
     * refuses one that holds {@code }&} too).
     */
    static String literal(String value) {
        return value.contains(")&") ? "RAW{" + value + "}" : "RAW(" + value + ")";
    }

    /** The parameter naming a secret bound as {@code bean}: resolved by {@link SecretFunction}, kept raw in the URI. */
    static String secret(String bean) {
        return "RAW({{" + SecretFunction.NAME + ":" + bean + "}})";
    }

    /**
     * Why a secret cannot reach the Kamelet as written, or null: the Kamelet's template resolves placeholders in the
     * values it is given (Camel has no escape for them), and {@code )&} would end the raw value early.
     */
    static String secretRefusal(String value) {
        for (String bad : List.of("{{", "}}", ")&")) {
            if (value.contains(bad)) {
                return "holds '" + bad + "', which Camel would resolve or split inside the Kamelet; change the secret";
            }
        }
        return null;
    }

    /**
     * A source's trigger route starts {@code from: kamelet:<name>/<workflow id>.trigger.source} (the Kamelet's own route
     * gets that id, so the engine starts, stops and removes it with the trigger route).
     */
    @Override
    public Map<String, Object> triggerFrom(Node node, String workflowId, String routeId) {
        if (!spec.source()) {
            return null;
        }
        return Steps.map(
                "#", "source Kamelet " + spec.name() + " (node " + node.id() + ")",
                "uri", PREFIX + spec.name() + "/" + workflowId + io.webops.nodes.Beans.TRIGGER_SOURCE_ROUTE,
                "parameters", parameters(node, purpose -> routeId + "." + purpose));
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        if (spec.source()) {
            List<Object> steps = new ArrayList<>();
            steps.add(step.work(step.process()));
            steps.addAll(step.dispatch());
            return steps;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        // a failure goes back to this route, whose error handling retries or takes the node's error handle
        params.put("noErrorHandler", true);
        params.putAll(parameters(step.node(), step::bean));
        Map<String, Object> send = Steps.map("to", Steps.map(
                "uri", PREFIX + spec.name() + "/" + step.bean("kamelet"),
                "parameters", params));
        List<Object> steps = new ArrayList<>(step.send(send));
        steps.addAll(step.dispatch());
        return steps;
    }

    /** A sink passes its input on; an action's answer is its output, parsed when it is JSON. */
    @Override
    public NodeResult answer(Node node, NodeResult ran, org.apache.camel.Message answer, long durationMillis) {
        if (!"action".equals(spec.kind())) {
            return NodeResult.of(ran.output());
        }
        if (answer.getBody() instanceof JsonNode tree) {
            return NodeResult.of(tree);
        }
        String text = answer.getBody(String.class);
        if (text == null) {
            return NodeResult.of(Json.MAPPER.nullNode());
        }
        try {
            return NodeResult.of(Json.MAPPER.readTree(text));
        } catch (java.io.IOException e) {
            return NodeResult.of(Json.MAPPER.getNodeFactory().textNode(text));
        }
    }

    @Override
    public Throwable failure(Node node, NodeResult ran, Throwable failure) {
        for (Throwable c = failure; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof NodeFailure f) {
                return f;
            }
        }
        return failure;
    }
}

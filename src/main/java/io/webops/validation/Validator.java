package io.webops.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.graph.Graph;
import io.webops.graph.Regions;
import io.webops.model.Connection;
import io.webops.model.Node;
import io.webops.model.Trigger;
import io.webops.model.ValidationError;
import io.webops.model.Workflow;
import io.webops.model.WorkflowParser;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.Flow;
import io.webops.nodes.NodeType;
import io.webops.nodes.NodeTypes;
import io.webops.schema.ConfigSchemas;
import io.webops.schema.SchemaProblem;
import io.webops.transform.Conditions;
import io.webops.transform.DataTransform;
import io.webops.triggers.TriggerKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a workflow document and reports every problem at once, each pointing at its node,
 * connection or field: structure, unknown types, config against the type's schema, connections
 * to missing nodes or handles, cycles (naming the nodes on them), split regions, cron and
 * expressions.
 */
public final class Validator {

    /** The kind of a stored credential by id, empty when there is none (how validation sees the vault). */
    @FunctionalInterface
    public interface CredentialKinds {
        java.util.Optional<String> kindOf(String id);
    }

    /** The default of {@code webops.workflow.max.nodes}: twice the largest workflows the benchmarks deploy. */
    public static final int DEFAULT_MAX_NODES = 2_000;
    /** The default of {@code webops.webhook.max.body.bytes.ceiling}: 64 MiB. */
    public static final long DEFAULT_WEBHOOK_BODY_CEILING = 64L * 1024 * 1024;

    private final NodeTypes types;
    private final CredentialKinds credentials;
    private final int maxNodes;
    private final long maxWebhookBodyBytes;
    private final Map<String, ConfigSchemas> schemas = new HashMap<>();

    /** Without a vault (the command line): credential references are not checked. */
    public Validator(NodeTypes types) {
        this(types, null);
    }

    public Validator(NodeTypes types, CredentialKinds credentials) {
        this(types, credentials, DEFAULT_MAX_NODES);
    }

    /** @param maxNodes the most nodes a workflow may have ({@code webops.workflow.max.nodes}) */
    public Validator(NodeTypes types, CredentialKinds credentials, int maxNodes) {
        this(types, credentials, maxNodes, DEFAULT_WEBHOOK_BODY_CEILING);
    }

    /**
     * @param maxWebhookBodyBytes the largest {@code trigger.max_body_bytes} a workflow may set
     *                            ({@code webops.webhook.max.body.bytes.ceiling})
     */
    public Validator(NodeTypes types, CredentialKinds credentials, int maxNodes, long maxWebhookBodyBytes) {
        this.types = types;
        this.credentials = credentials;
        this.maxNodes = maxNodes;
        this.maxWebhookBodyBytes = maxWebhookBodyBytes;
        types.all().forEach(t -> schemas.put(t.id(), ConfigSchemas.compile(t.configSchema())));
    }

    public record Result(Workflow workflow, List<ValidationError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Result validate(JsonNode document) {
        return validate(document, credentials);
    }

    /**
     * Validates against the given view of the vault instead of the whole of it: the credentials one caller may use
     * (a credential they cannot read is reported as not existing, so its id says nothing about it).
     */
    public Result validate(JsonNode document, CredentialKinds credentials) {
        WorkflowParser.Parsed parsed = WorkflowParser.parse(document);
        List<ValidationError> errors = new ArrayList<>(parsed.errors());
        Workflow wf = parsed.workflow();
        if (wf.nodes().size() > maxNodes) { // nothing more is checked: it could not be deployed anyway
            errors.add(ValidationError.ofDocument("nodes", "The workflow has " + wf.nodes().size()
                    + " nodes, more than the limit of " + maxNodes + " (WEBOPS_WORKFLOW_MAX_NODES)"));
            return new Result(wf, List.copyOf(errors));
        }
        TriggerKinds.of(wf.trigger()).check(wf.trigger(), errors::add);
        Long bodyLimit = wf.trigger().maxBodyBytes();
        if (bodyLimit != null && bodyLimit > maxWebhookBodyBytes) {
            errors.add(ValidationError.ofDocument("trigger.max_body_bytes", "trigger.max_body_bytes " + bodyLimit
                    + " is more than this instance allows: at most " + maxWebhookBodyBytes
                    + " bytes (WEBOPS_WEBHOOK_MAX_BODY_BYTES_CEILING)"));
        }
        boolean typesKnown = true;
        for (Node node : wf.nodes()) {
            NodeType type = types.find(node.type()).orElse(null);
            if (type == null) {
                typesKnown = false;
                if (!node.type().isEmpty()) {
                    String why = types.whyUnavailable(node.type()).orElse(null);
                    errors.add(ValidationError.ofNode(node.id(), "type", why == null
                            ? "Node '" + node.id() + "': unknown node type '" + node.type() + "'"
                            : "Node '" + node.id() + "': node type '" + node.type() + "' is not offered here: " + why));
                }
                continue;
            }
            for (SchemaProblem p : schemas.get(type.id()).validate(node.config())) {
                String field = p.field() == null || p.field().isEmpty() ? "config" : "config." + p.field();
                errors.add(ValidationError.ofNode(node.id(), field, "Node '" + node.id() + "': " + p.message()));
            }
            type.check(node, errors::add);
            credential(node, type, credentials, errors);
        }
        io.webops.kamelets.KameletSources.check(wf, types, errors::add); // one source Kamelet, trigger.type kamelet
        Map<String, Node> byId = wf.nodesById();
        for (Connection c : wf.connections()) {
            connection(c, byId, errors);
        }
        pinData(document.get("pin_data"), byId, errors);
        Graph graph = new Graph(wf);
        Graph.TopologicalOrder order = graph.order();
        for (List<String> cycle : order.cycles()) {
            List<String> loop = new ArrayList<>(cycle);
            loop.add(cycle.get(0));
            errors.add(new ValidationError(cycle.get(0), null, null, "The workflow has a cycle: "
                    + String.join(" -> ", loop) + "; remove one of its connections"));
        }
        if (order.acyclic() && typesKnown) {
            errors.addAll(Regions.of(graph,
                    id -> types.flowOf(byId.get(id)) == Flow.SPLIT, id -> types.flowOf(byId.get(id)) == Flow.GATHER).errors());
        }
        return new Result(wf, List.copyOf(errors));
    }

    /** {@code pin_data}: the outputs test runs give pinned nodes instead of running them, by node id. */
    private static void pinData(JsonNode pins, Map<String, Node> byId, List<ValidationError> errors) {
        if (pins == null || pins.isNull()) {
            return;
        }
        if (!pins.isObject()) {
            errors.add(ValidationError.ofDocument("pin_data", "pin_data must be an object of pinned outputs by node id"));
            return;
        }
        pins.fieldNames().forEachRemaining(id -> {
            if (!byId.containsKey(id)) {
                errors.add(ValidationError.ofDocument("pin_data." + id, "pin_data." + id + ": there is no node '" + id
                        + "' in this workflow; unpin it or add the node"));
            }
        });
    }

    private void connection(Connection c, Map<String, Node> byId, List<ValidationError> errors) {
        int i = c.index();
        String at = "connections[" + i + "]";
        Node source = byId.get(c.source());
        Node target = byId.get(c.target());
        if (source == null) {
            errors.add(ValidationError.ofConnection(i, at + ".source", "Connection " + i + " (" + c.describe()
                    + "): source node '" + c.source() + "' does not exist"));
        }
        if (target == null) {
            errors.add(ValidationError.ofConnection(i, at + ".target", "Connection " + i + " (" + c.describe()
                    + "): target node '" + c.target() + "' does not exist"));
        }
        if (source != null) {
            types.find(source.type()).ifPresent(t -> {
                if (!Connection.ERROR.equals(c.sourceHandle()) && !t.outputs().contains(c.sourceHandle())) {
                    errors.add(ValidationError.ofConnection(i, at + ".sourceHandle", "Connection " + i + " (" + c.describe()
                            + "): node '" + source.id() + "' has no output handle '" + c.sourceHandle() + "'; it has "
                            + String.join(", ", handles(t.outputs(), true))));
                }
            });
        }
        if (target != null) {
            types.find(target.type()).ifPresent(t -> {
                if (!t.inputs().contains(c.targetHandle())) {
                    errors.add(ValidationError.ofConnection(i, at + ".targetHandle", "Connection " + i + " (" + c.describe()
                            + "): node '" + target.id() + "' has no input handle '" + c.targetHandle() + "'; it has "
                            + String.join(", ", t.inputs())));
                }
            });
        }
        if (c.source().equals(c.target())) {
            errors.add(ValidationError.ofConnection(i, at, "Connection " + i + " connects node '" + c.source() + "' to itself"));
        }
        if (c.condition() != null) {
            try {
                Conditions.compile(c.condition());
            } catch (RuntimeException e) {
                errors.add(ValidationError.ofConnection(i, at + ".condition.expression", "Connection " + i + " ("
                        + c.describe() + "): condition does not parse: " + e.getMessage()));
            }
        }
        if (c.transform() != null) {
            try {
                DataTransform.compile(c.transform());
            } catch (RuntimeException e) {
                errors.add(ValidationError.ofConnection(i, at + ".transform", "Connection " + i + " ("
                        + c.describe() + "): transform does not compile: " + e.getMessage()));
            }
        }
    }

    private static List<String> handles(List<String> outputs, boolean withError) {
        List<String> all = new ArrayList<>(outputs);
        if (withError) {
            all.add(Connection.ERROR);
        }
        return all;
    }

    /** A node's credential (its own {@code credential} or {@code config.credential}) must be stored and of the kind its type takes. */
    private static void credential(Node node, NodeType type, CredentialKinds credentials, List<ValidationError> errors) {
        CredentialRef ref = CredentialRef.of(node);
        if (credentials == null || type.credentialKind() == null || !ref.named()) {
            return;
        }
        java.util.Optional<String> kind = credentials.kindOf(ref.id());
        if (kind.isEmpty()) {
            errors.add(ValidationError.ofNode(node.id(), ref.field(), "Node '" + node.id() + "': " + ref.field() + " '"
                    + ref.id() + "' does not exist; create a " + type.credentialKind() + " credential and pick it"));
        } else if (!type.credentialKinds().contains(kind.get())) {
            errors.add(ValidationError.ofNode(node.id(), ref.field(), "Node '" + node.id() + "': " + ref.field() + " '"
                    + ref.id() + "' is a " + kind.get() + " credential; this node needs a "
                    + String.join(" or ", type.credentialKinds()) + " credential"));
        }
    }
}

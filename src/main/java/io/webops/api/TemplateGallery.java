package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.auth.Caller;
import io.webops.history.TemplateStore;
import io.webops.history.TemplateStore.SharedTemplate;
import io.webops.history.WorkflowRecord;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import io.webops.nodes.NodeTypes;
import io.webops.validation.Validator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The template gallery (§6): the official templates and those people saved from their workflows, private to their
 * owner or public to everyone on the instance. Using a template fills in the credentials the caller picked for each
 * kind it needs and counts the use.
 */
public final class TemplateGallery {

    public static final List<String> CATEGORIES = List.of("data_processing", "content_generation", "monitoring", "integration", "custom");
    static final String OFFICIAL = "official";
    static final String SHARED = "shared";
    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 4000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final OfficialTemplates official;
    private final TemplateStore store;
    private final NodeTypes types;
    private final Validator.CredentialKinds credentialKinds;

    /** @param credentialKinds the kind of each stored credential, to name the kind a shared template's node needs */
    public TemplateGallery(OfficialTemplates official, TemplateStore store, NodeTypes types, Validator.CredentialKinds credentialKinds) {
        this.official = official;
        this.store = store;
        this.types = types;
        this.credentialKinds = credentialKinds;
    }

    /** The official templates, then the shared ones the caller may see; only those of {@code category} if it is given. */
    public ArrayNode list(Caller caller, String category) {
        if (category != null && !CATEGORIES.contains(category)) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "category '" + category + "' is not one of " + CATEGORIES,
                    List.of(ValidationError.ofDocument("category", "category must be one of " + CATEGORIES)));
        }
        List<ObjectNode> all = new ArrayList<>();
        official.all().forEach(t -> all.add(describeOfficial(t)));
        store.visibleTo(caller.isAdmin() ? null : caller.userId()).forEach(t -> all.add(describeShared(t)));
        Map<String, Long> usage = store.usage(all.stream().map(t -> t.get("id").asText()).toList());
        ArrayNode out = Json.NODES.arrayNode();
        for (ObjectNode t : all) {
            if (category == null || category.equals(t.path("category").asText())) {
                t.put("usage_count", usage.getOrDefault(t.get("id").asText(), 0L));
                out.add(t);
            }
        }
        return out;
    }

    /** One template the caller may see, else 404. */
    public ObjectNode get(String id, Caller caller) {
        ObjectNode t = find(id, caller);
        t.put("usage_count", store.usage(List.of(id)).getOrDefault(id, 0L));
        return t;
    }

    /**
     * Saves the caller's workflow as a template: {@code {"name", "category", "description", "public"}} (the workflow
     * read by the caller's right). Its credentials become the kinds they are of, its secrets are left out.
     */
    public ObjectNode save(WorkflowRecord workflow, JsonNode request, Caller caller) {
        List<ValidationError> problems = new ArrayList<>();
        String name = request.path("name").isTextual() ? request.path("name").asText().strip() : "";
        if (name.isEmpty() || name.length() > MAX_NAME) {
            problems.add(ValidationError.ofDocument("name", "name is required: the template's title, at most " + MAX_NAME + " characters"));
        }
        String category = request.path("category").asText(null);
        if (!request.path("category").isTextual() || !CATEGORIES.contains(category)) {
            problems.add(ValidationError.ofDocument("category", "category must be one of " + CATEGORIES));
        }
        JsonNode description = request.path("description");
        if (!description.isMissingNode() && !description.isNull()
                && (!description.isTextual() || description.asText().length() > MAX_DESCRIPTION)) {
            problems.add(ValidationError.ofDocument("description", "description must be text of at most " + MAX_DESCRIPTION + " characters"));
        }
        JsonNode isPublic = request.path("public");
        if (!isPublic.isMissingNode() && !isPublic.isNull() && !isPublic.isBoolean()) {
            problems.add(ValidationError.ofDocument("public", "public must be true (everyone on this instance sees it) or false (only you)"));
        }
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "The template is not valid: " + problems.get(0).message(), problems);
        }
        WorkflowAsTemplate.Result shareable = WorkflowAsTemplate.of(Json.parse(workflow.document()), types, credentialKinds);
        ObjectNode document = Json.object();
        document.set("workflow", shareable.workflow());
        shareable.stripped().forEach(document.putArray("stripped")::add);
        SharedTemplate saved = store.create(newId(), caller.userId(), name, category, description.asText(""),
                isPublic.asBoolean(false), Json.write(document));
        ObjectNode out = describeShared(saved);
        out.put("usage_count", 0);
        return out;
    }

    /** Deletes a shared template: its owner or an admin may; official templates stay. */
    public void delete(String id, Caller caller) {
        if (official.get(id).isPresent()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Template '" + id + "' is official and cannot be deleted");
        }
        SharedTemplate t = visible(id, caller).orElseThrow(() -> ApiException.notFound("Template", id));
        if (!caller.canWrite() || !(caller.isAdmin() || caller.userId().equals(t.ownerId()))) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only the owner of template '" + id + "' or an admin may delete it");
        }
        store.delete(id);
    }

    /**
     * The template's workflow as the caller asks for it: {@code {"name", "credentials": {"<kind>": "<credential id>"},
     * "trigger": {...}}}. Only the nodes a template marks with {@code "pick:<kind>"} get the picked credential (so a
     * token picked for one API is never sent to another node's URL); a kind left unpicked leaves the node without one,
     * for validation to name. {@code trigger} fields replace the template's (a schedule, a webhook path, the workflow an
     * event trigger follows, a webhook secret). A webhook secret the template asks for must be given: a template holds
     * none.
     */
    public ObjectNode workflow(String id, JsonNode request, Caller caller) {
        ObjectNode wf = find(id, caller).get("workflow").deepCopy();
        requireObjectOrAbsent(request, "credentials", "credentials must be an object: {\"<kind>\": \"<credential id>\"}");
        requireObjectOrAbsent(request, "trigger", "trigger must be an object of the trigger fields to set, e.g. {\"workflow\": \"<workflow id>\"}");
        if (request.path("name").isTextual() && !request.path("name").asText().isBlank()) {
            wf.put("name", request.path("name").asText());
        }
        if (request.get("trigger") instanceof ObjectNode trigger) {
            wf.with("trigger").setAll(trigger);
        }
        requireWebhookSecret(wf.path("trigger").path("auth"));
        JsonNode credentials = request.path("credentials");
        for (JsonNode node : wf.withArray("nodes")) {
            String kind = WorkflowAsTemplate.pickedKind(node);
            if (kind != null) {
                // the pick goes where §2 puts it, on the node, and the marker leaves config: one place
                ObjectNode n = (ObjectNode) node;
                if (n.get("config") instanceof ObjectNode config) {
                    config.remove("credential");
                }
                if (credentials.path(kind).isTextual()) {
                    n.put("credential", credentials.path(kind).asText());
                } else {
                    n.remove("credential");
                }
            }
        }
        return wf;
    }

    /** Counts a workflow made from the template. */
    public void countUse(String id) {
        store.countUse(id);
    }

    private static void requireObjectOrAbsent(JsonNode request, String field, String message) {
        JsonNode value = request.path(field);
        if (!value.isMissingNode() && !value.isNull() && !value.isObject()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, message, List.of(ValidationError.ofDocument(field, message)));
        }
    }

    private static void requireWebhookSecret(JsonNode auth) {
        String field = switch (auth.path("type").asText("none")) {
            case "header" -> "value";
            case "hmac" -> "secret";
            case "basic" -> "password";
            default -> null;
        };
        if (field != null && auth.path(field).asText("").isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "The webhook's " + field + " is required: a template holds no secret",
                    List.of(ValidationError.ofDocument("trigger.auth." + field, "trigger.auth." + field
                            + " is required: give the webhook's secret as {\"trigger\": {\"auth\": {\"" + field + "\": \"...\"}}}")));
        }
    }

    private ObjectNode find(String id, Caller caller) {
        Optional<ObjectNode> found = official.get(id).map(this::describeOfficial);
        return found.or(() -> visible(id, caller).map(this::describeShared))
                .orElseThrow(() -> ApiException.notFound("Template", id));
    }

    private Optional<SharedTemplate> visible(String id, Caller caller) {
        return store.get(id).filter(t -> t.isPublic() || caller.isAdmin() || caller.userId().equals(t.ownerId()));
    }

    private ObjectNode describeOfficial(ObjectNode t) {
        ObjectNode out = t.deepCopy();
        out.put("source", OFFICIAL);
        out.putNull("owner");
        out.put("public", true);
        return withWhatItUses(out);
    }

    private ObjectNode describeShared(SharedTemplate t) {
        JsonNode document = Json.parse(t.document());
        ObjectNode out = Json.object()
                .put("id", t.id())
                .put("name", t.name())
                .put("category", t.category())
                .put("description", t.description())
                .put("source", SHARED)
                .put("owner", t.ownerId())
                .put("public", t.isPublic())
                .put("created_at", t.createdAt().toString());
        out.set("stripped", document.path("stripped"));
        out.set("workflow", document.path("workflow"));
        return withWhatItUses(out);
    }

    /** Adds the node types the template uses and the credential kinds it needs. */
    private static ObjectNode withWhatItUses(ObjectNode t) {
        TreeSet<String> nodeTypes = new TreeSet<>();
        TreeSet<String> kinds = new TreeSet<>();
        for (JsonNode node : t.path("workflow").path("nodes")) {
            nodeTypes.add(node.path("type").asText());
            String kind = WorkflowAsTemplate.pickedKind(node);
            if (kind != null) {
                kinds.add(kind);
            }
        }
        nodeTypes.forEach(t.putArray("node_types")::add);
        kinds.forEach(t.putArray("credential_kinds")::add);
        return t;
    }

    private static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "tpl-" + java.util.HexFormat.of().formatHex(b);
    }
}

package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.auth.Caller;
import io.webops.history.ExecutionFilter;
import io.webops.history.ExecutionRecord;
import io.webops.history.Page;
import io.webops.history.Store;
import io.webops.history.WorkflowRecord;
import io.webops.history.WorkflowVersion;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import io.webops.model.Workflow;
import io.webops.nodes.notify.NotificationNode;
import io.webops.runtime.Engine;
import io.webops.security.SecretBox;
import io.webops.triggers.TriggerKinds;
import io.webops.validation.Validator;
import io.webops.versions.WorkflowDiff;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the API does with workflows and executions: validate before saving anything, keep the
 * store and the deployed routes in step, start and stop executions.
 */
public final class WorkflowService {

    /** The resource kind of workflows in shares and the audit log. */
    public static final String WORKFLOW = io.webops.auth.Access.WORKFLOW;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Where a document holds secrets: the webhook auth fields the workflow GET masks. */
    private static final java.util.Set<String> SECRET_PATHS = ApiJson.SECRET_FIELDS.stream()
            .map(f -> "trigger.auth." + f).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Store store;
    private final Engine engine;
    private final Validator validator;
    private final SecretBox secrets;
    private final CredentialScope usable;
    private final io.webops.auth.Access access;

    /** The credentials a caller may name in a workflow, as validation sees the vault for them. */
    @FunctionalInterface
    public interface CredentialScope {
        Validator.CredentialKinds usableBy(Caller caller);
    }

    /** Without a vault or access rules: references are checked only as far as the validator does. */
    public WorkflowService(Store store, Engine engine, Validator validator, SecretBox secrets) {
        this(store, engine, validator, secrets, null, null);
    }

    /**
     * @param usable what a caller may use: a workflow saved or validated by them may name only those credentials;
     *               one they cannot read is reported as not existing, so the answer says nothing about it
     * @param access the access rule: a workflow saved or validated by a caller may follow (event trigger) only a
     *               workflow they can read, and notify by a literal id only its owner or users it is shared with
     */
    public WorkflowService(Store store, Engine engine, Validator validator, SecretBox secrets, CredentialScope usable,
                           io.webops.auth.Access access) {
        this.store = store;
        this.engine = engine;
        this.validator = validator;
        this.secrets = secrets;
        this.usable = usable;
        this.access = access;
    }

    /**
     * Validates a document as the caller would save it: as the saved workflow its {@code id} names, if they can read
     * it, else as a new one of theirs.
     */
    public Validator.Result validate(JsonNode document, Caller caller) {
        String id = document.path("id").asText(null);
        WorkflowRecord saved = id == null || access == null ? null : store.workflows().get(id)
                .filter(r -> access.canRead(caller, WORKFLOW, r.id(), r.ownerId())).orElse(null);
        return validate(document, caller, saved);
    }

    /** Validates a document the caller saves as a new workflow ({@code saved} null) or over a saved one. */
    private Validator.Result validate(JsonNode document, Caller caller, WorkflowRecord saved) {
        Validator.Result result = usable == null ? validator.validate(document) : validator.validate(document, usable.usableBy(caller));
        if (access == null) {
            return result;
        }
        List<ValidationError> errors = new java.util.ArrayList<>(result.errors());
        references(result.workflow(), caller, saved, errors::add);
        return errors.size() == result.errors().size() ? result : new Validator.Result(result.workflow(), List.copyOf(errors));
    }

    /**
     * What a workflow refers to beyond credentials, as the caller may name it: the workflow an event trigger follows
     * must be one they can read (else it is reported exactly as a missing id), and a literal notification recipient
     * the workflow's owner or a user it is shared with.
     */
    private void references(Workflow wf, Caller caller, WorkflowRecord saved, java.util.function.Consumer<ValidationError> problems) {
        io.webops.model.Trigger trigger = wf.trigger();
        String followed = trigger == null ? null : TriggerKinds.of(trigger).followedWorkflow(trigger);
        if (followed != null && !followed.isBlank()) {
            if (store.workflows().get(followed).filter(r -> access.canRead(caller, WORKFLOW, r.id(), r.ownerId())).isEmpty()) {
                problems.accept(ValidationError.ofDocument("trigger.workflow", "trigger.workflow '" + followed
                        + "' does not exist: follow the id of a workflow you can read"));
            }
        }
        for (io.webops.model.Node node : wf.nodes()) {
            String user = NotificationNode.ID.equals(node.type()) ? NotificationNode.literalUser(node) : null;
            if (user != null && !(saved == null ? user.equals(caller.userId())
                    : access.isOwnerOrSharedWith(user, WORKFLOW, saved.id(), saved.ownerId()))) {
                problems.accept(ValidationError.ofNode(node.id(), "config.user", NotificationNode.refused(node.id(), user)));
            }
        }
    }

    /** Saves a new draft owned by the caller. */
    public WorkflowRecord create(JsonNode document, Caller owner) {
        return create(document, owner, null);
    }

    /** Saves a new draft owned by the caller; its version 1 carries the message (null for none). */
    public WorkflowRecord create(JsonNode document, Caller owner, String message) {
        Workflow wf = valid(validate(document, owner, null));
        String id = newId();
        return store.workflows().create(id, wf.name(), Json.write(sealSecrets(stripServerFields(document), id)),
                owner.userId(), message);
    }

    public WorkflowRecord get(String id) {
        return store.workflows().get(id).orElseThrow(() -> ApiException.notFound("Workflow", id));
    }

    /** The owner of a saved workflow (empty if there is no such workflow or it has no owner). */
    public Optional<String> owner(String id) {
        return store.workflows().get(id).map(WorkflowRecord::ownerId);
    }

    /** The workflow with statistics that include every execution ended so far. */
    public WorkflowRecord getWithStatistics(String id) {
        store.executions().flush();
        return get(id);
    }

    /** The workflows the caller may see (admins: all). */
    public Page<WorkflowRecord> list(int limit, String cursor, Caller caller) {
        store.executions().flush();
        return store.workflows().list(limit, cursor, caller.isAdmin() ? null : caller.userId());
    }

    /** Replaces the document, making a new version by the caller without a message. */
    public WorkflowRecord update(String id, JsonNode document, Caller caller) {
        return update(id, document, caller, null);
    }

    /**
     * Replaces the document, making a new version by the caller with the message (null for none); an active or paused
     * workflow is redeployed (old routes serve until then).
     */
    public synchronized WorkflowRecord update(String id, JsonNode document, Caller caller, String message) {
        WorkflowRecord current = get(id);
        JsonNode merged = keepWebhookSecrets(document, Json.parse(current.document()));
        Workflow wf = valid(validate(merged, caller, current));
        WorkflowRecord updated = store.workflows().update(id, wf.name(), Json.write(sealSecrets(stripServerFields(merged), id)),
                caller.userId(), message);
        if (isDeployedStatus(updated.status()) || engine.deployed(id)) {
            engine.deploy(id, updated.version(), deployable(updated), "active".equals(updated.status()));
        }
        return updated;
    }

    /** The workflow's versions, newest first. */
    public Page<WorkflowVersion> versions(String id, int limit, String cursor) {
        try {
            return store.workflowVersions().list(id, limit, cursor);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "cursor is not one this list answered: start again without it");
        }
    }

    /** One version of the workflow; 404 when the workflow never had it (or it was saved before versions were kept). */
    public WorkflowVersion version(String id, int version) {
        return store.workflowVersions().get(id, version).orElseThrow(() ->
                new ApiException(ErrorCode.NOT_FOUND, "Version " + version + " of workflow '" + id + "' does not exist"));
    }

    /** What changed from one version to another ({@link WorkflowDiff}); secrets are compared, never shown. */
    public ObjectNode diff(String id, int from, int to) {
        JsonNode before = withOpenSecrets(Json.parse(version(id, from).document()), id);
        JsonNode after = withOpenSecrets(Json.parse(version(id, to).document()), id);
        ObjectNode out = Json.object().put("from", from).put("to", to);
        out.setAll(new WorkflowDiff(SECRET_PATHS).between(before, after));
        return out;
    }

    /**
     * Saves version {@code version}'s document again as a new version by the caller (validated and deployed as any
     * save), so the history keeps what was undone.
     */
    public synchronized WorkflowRecord rollback(String id, int version, Caller caller) {
        JsonNode document = Json.parse(version(id, version).document());
        return update(id, document, caller, "Rolled back to version " + version);
    }

    public synchronized void delete(String id) {
        get(id);
        engine.undeploy(id);
        store.workflows().delete(id);
        store.shares().removeAll(WORKFLOW, id);
    }

    public synchronized WorkflowRecord activate(String id) {
        WorkflowRecord r = get(id);
        engine.deploy(id, r.version(), deployable(r), true);
        store.workflows().setStatus(id, "active");
        return get(id);
    }

    public synchronized WorkflowRecord pause(String id) {
        WorkflowRecord r = get(id);
        if (!engine.deployed(id)) {
            engine.deploy(id, r.version(), deployable(r), false);
        }
        engine.setTriggerActive(id, false);
        store.workflows().setStatus(id, "paused");
        return get(id);
    }

    public synchronized WorkflowRecord disable(String id) {
        get(id);
        engine.undeploy(id);
        store.workflows().setStatus(id, "disabled");
        return get(id);
    }

    public String routes(String id) {
        WorkflowRecord r = get(id);
        return engine.routesYaml(id).orElseGet(() ->
                engine.translator().translate(id, r.version(), deployable(r)));
    }

    /**
     * The saved version as a stock Camel application ({@link io.webops.standalone.Export}). Webhook secrets are left
     * out of it: the exported application asks for them in its properties.
     */
    public java.util.Map<String, byte[]> export(String id) {
        WorkflowRecord r = get(id);
        JsonNode document = io.webops.standalone.Export.withoutSecrets(Json.parse(r.document()));
        return io.webops.standalone.Export.files(id, r.version(), deployable(r), document, engine.translator(), engine.types());
    }

    /** A manual run; with {@code waitSeconds > 0} answers the finished execution. */
    public ExecutionRecord run(String id, JsonNode input, String triggerType, JsonNode triggerData, boolean wait) {
        ensureDeployed(id);
        return answer(engine.startInBackground(id, input, triggerType, triggerData), wait);
    }

    /** A started execution as the API answers it: as it is now, or with {@code wait} once it has ended. */
    private ExecutionRecord answer(Engine.Started started, boolean wait) {
        if (!wait) {
            return engine.live(started.id()).orElseGet(() -> started.done().join());
        }
        try {
            return started.done().get(started.timeoutSeconds() + 5L, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(ErrorCode.TIMEOUT, "Execution " + started.id() + " is still running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.INTERNAL, "Interrupted while waiting for execution " + started.id());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ApiException(ErrorCode.INTERNAL, "Execution " + started.id() + " broke: " + e.getCause());
        }
    }

    /** A sub-workflow or agent tool call; a waiting parent holds its thread until the child ends. */
    public io.webops.nodes.WorkflowRunner.Child runChild(String id, JsonNode input, JsonNode triggerData, boolean wait) {
        if (store.workflows().get(id).isEmpty()) {
            throw io.webops.nodes.WorkflowRunner.notFound(id);
        }
        ensureDeployed(id);
        if (!wait) {
            Engine.Started started = engine.startInBackground(id, input, "sub_workflow", triggerData);
            return new io.webops.nodes.WorkflowRunner.Child(started.id(), "running", null, null);
        }
        Engine.Started started = engine.startChild(id, input, triggerData);
        try {
            ExecutionRecord r = started.done().get(started.timeoutSeconds() + 5L, TimeUnit.SECONDS);
            return new io.webops.nodes.WorkflowRunner.Child(r.id(), r.status(), r.output(), r.errorMessage());
        } catch (TimeoutException e) {
            throw new io.webops.nodes.NodeFailure("Timeout", "Workflow '" + id + "' (execution " + started.id()
                    + ") did not end within its timeout", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.webops.nodes.NodeFailure("Cancelled", "Interrupted while waiting for workflow '" + id + "'", false);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new io.webops.nodes.NodeFailure("SubWorkflowFailed", "Workflow '" + id + "' broke: " + e.getCause(), false);
        }
    }

    public Optional<ExecutionRecord> execution(String id) {
        Optional<ExecutionRecord> live = engine.live(id);
        return live.isPresent() ? live : store.executions().get(id);
    }

    /** Executions of the workflows the caller may see (admins: all, also of unsaved workflows run from the CLI). */
    public Page<ExecutionRecord> executions(ExecutionFilter filter, Caller caller) {
        return store.executions().list(filter, caller.isAdmin() ? null : caller.userId());
    }

    /** Executions counted into the dashboard at most: a busier window is counted over its newest ones. */
    static final int STATS_SAMPLE = 100_000;

    /** The dashboard's numbers over the last {@code hours} of the workflows the caller may see. */
    public ObjectNode executionStats(int hours, Caller caller) {
        Instant now = Instant.now();
        var samples = store.executions().since(ExecutionStats.windowStart(now, hours), caller.isAdmin() ? null : caller.userId(),
                STATS_SAMPLE);
        Map<String, String> names = new HashMap<>();
        return ExecutionStats.of(samples, now, hours,
                id -> names.computeIfAbsent(id, k -> store.workflows().get(k).map(WorkflowRecord::name).orElse(null)));
    }

    public ExecutionRecord cancel(String executionId) {
        if (!engine.cancel(executionId)) {
            ExecutionRecord r = execution(executionId).orElseThrow(() -> ApiException.notFound("Execution", executionId));
            throw new ApiException(ErrorCode.CONFLICT, "Execution " + executionId + " has already ended (" + r.status() + ")");
        }
        return execution(executionId).orElseThrow();
    }

    public ExecutionRecord retry(String executionId, boolean wait) {
        ExecutionRecord r = withInput(executionId);
        if ("replay".equals(r.triggerType()) || "test".equals(r.triggerType())) {
            throw new ApiException(ErrorCode.CONFLICT, "Execution " + executionId + " ran part of its workflow (a "
                    + r.triggerType() + "): replay it from a node, or run the workflow, instead of retrying it whole");
        }
        ObjectNode triggerData = Json.object().put("retry_of", executionId);
        triggerData.set("original_trigger", Json.orNull(r.triggerData()));
        return run(r.workflowId(), r.input(), r.triggerType(), triggerData, wait);
    }

    /** An execution whose input was kept whole, to run again with it (a retry, a replay). */
    private ExecutionRecord withInput(String executionId) {
        ExecutionRecord r = execution(executionId).orElseThrow(() -> ApiException.notFound("Execution", executionId));
        if (!r.dataSaved()) { // its input is gone: running it with none would not be running it again
            throw new ApiException(ErrorCode.CONFLICT, "Execution " + executionId + " kept no data (its workflow's "
                    + "settings.save_execution_data), so it cannot be run again with the same input; run the workflow instead");
        }
        if (io.webops.history.TruncatedValues.isMarker(r.input())) {
            throw new ApiException(ErrorCode.CONFLICT, "Execution " + executionId + " kept only the start of its input "
                    + "(it was larger than WEBOPS_HISTORY_MAX_VALUE_BYTES), so it cannot be run again with the same input; "
                    + "run the workflow instead");
        }
        return r;
    }

    /**
     * Runs an ended execution's workflow again from {@code fromNode}, on its saved version: the nodes before it give
     * what they produced in that execution ({@link Engine#replay}).
     */
    public ExecutionRecord replay(String executionId, String fromNode, boolean wait) {
        if (fromNode == null || fromNode.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "from_node (the id of the node to run again from) is required");
        }
        ExecutionRecord r = withInput(executionId);
        if (ExecutionRecord.ACTIVE_STATUSES.contains(r.status())) {
            throw new ApiException(ErrorCode.CONFLICT, "Execution " + executionId + " is still " + r.status()
                    + ": replay it once it has ended");
        }
        ensureDeployed(r.workflowId());
        return answer(partial(() -> engine.replay(r, fromNode)), wait);
    }

    /**
     * A test run from the editor ({@link Engine#testRun}) with the saved version's {@code pin_data}: {@code toNode}
     * (optional) the node to run up to, {@code single} to run only it, {@code fromExecution} (optional; default the
     * workflow's latest) the execution whose outputs the nodes before it give when they have no pin.
     */
    public ExecutionRecord testRun(String id, JsonNode input, String toNode, boolean single, String fromExecution, boolean wait) {
        WorkflowRecord w = get(id);
        JsonNode pins = Json.parse(w.document()).get("pin_data");
        ExecutionRecord recorded = null;
        if (single) {
            if (toNode == null) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "single needs to_node: the node to run");
            }
            recorded = fromExecution != null ? execution(fromExecution)
                    .filter(r -> r.workflowId().equals(id))
                    .orElseThrow(() -> ApiException.notFound("Execution", fromExecution))
                    : latestExecution(id);
        }
        ensureDeployed(id);
        ExecutionRecord from = recorded;
        return answer(partial(() -> engine.testRun(id, input, pins != null && pins.isObject() ? pins : null, toNode, single, from)), wait);
    }

    /** The workflow's newest ended execution that kept its data, with its node logs, or null. */
    private ExecutionRecord latestExecution(String workflowId) {
        Page<ExecutionRecord> page = store.executions().list(new ExecutionFilter(workflowId, null, 20, null), null);
        for (ExecutionRecord r : page.items()) {
            if (r.dataSaved() && !ExecutionRecord.ACTIVE_STATUSES.contains(r.status())) {
                return execution(r.id()).orElse(null);
            }
        }
        return null;
    }

    /** Starts a partial run, its refusals as the API's: a node that is not the workflow's, or an output it cannot give. */
    private static Engine.Started partial(java.util.function.Supplier<Engine.Started> start) {
        try {
            return start.get();
        } catch (io.webops.runtime.PartialRun.Refused e) {
            throw new ApiException(ErrorCode.CONFLICT, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }

    /**
     * Brings this instance's deployment of one workflow in line with its stored status and version, which another
     * instance sharing the database may have changed: active or paused is deployed (trigger running or stopped),
     * disabled or deleted is undeployed. A draft is left as it is: only a manual run here deploys it.
     */
    public synchronized void followStore(String id) {
        Optional<WorkflowRecord> stored = store.workflows().get(id);
        if (stored.isEmpty() || "disabled".equals(stored.get().status())) {
            if (engine.deployed(id)) {
                engine.undeploy(id);
            }
            return;
        }
        WorkflowRecord r = stored.get();
        if (isDeployedStatus(r.status())) {
            engine.deploy(id, r.version(), deployable(r), "active".equals(r.status()));
        }
    }

    /** Deploys every active or paused workflow (at start-up). */
    public void deployStored() {
        for (WorkflowRecord r : store.workflows().listByStatus("active", "paused")) {
            try {
                engine.deploy(r.id(), r.version(), deployable(r), "active".equals(r.status()));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(WorkflowService.class)
                        .error("Workflow {} could not be deployed at start: {}", r.id(), e.getMessage());
            }
        }
    }

    private void ensureDeployed(String id) {
        WorkflowRecord r = get(id);
        if (!engine.deployed(id)) {
            engine.deploy(id, r.version(), deployable(r), false);
        }
    }

    /** The stored workflow with its webhook secret decrypted, ready to deploy (held in memory only). */
    private Workflow deployable(WorkflowRecord r) {
        return valid(withOpenSecrets(Json.parse(r.document()), r.id()));
    }

    /** A stored document with its webhook secrets decrypted in place (held in memory only). */
    private JsonNode withOpenSecrets(JsonNode doc, String workflowId) {
        JsonNode auth = doc.path("trigger").path("auth");
        if (auth.isObject()) {
            for (String f : ApiJson.SECRET_FIELDS) {
                String value = auth.path(f).asText(null);
                if (SecretBox.isSealed(value)) {
                    ((ObjectNode) auth).put(f, secrets.open(value, workflowId));
                }
            }
        }
        return doc;
    }

    /** Webhook secrets are stored encrypted, bound to the workflow id (§2: kept like a credential's). */
    private JsonNode sealSecrets(JsonNode document, String workflowId) {
        JsonNode auth = document.path("trigger").path("auth");
        if (auth.isObject()) {
            for (String f : ApiJson.SECRET_FIELDS) {
                JsonNode value = auth.get(f);
                if (value != null && value.isTextual() && !SecretBox.isSealed(value.asText())) {
                    ((ObjectNode) auth).put(f, secrets.seal(value.asText(), workflowId));
                }
            }
        }
        return document;
    }

    /**
     * A saved document, to deploy: its credentials were checked against its author when it was saved, and are checked
     * against its owner each time a node uses one (a credential deleted or unshared since fails that node, alike).
     */
    private Workflow valid(JsonNode document) {
        return valid(validator.validate(document, null));
    }

    private static Workflow valid(Validator.Result result) {
        if (!result.valid()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "The workflow is not valid: " + result.errors().size() + " problem(s)", result.errors());
        }
        return result.workflow();
    }

    private static boolean isDeployedStatus(String status) {
        return "active".equals(status) || "paused".equals(status);
    }

    /** The document as the canvas sent it, without the fields the server owns. */
    private static JsonNode stripServerFields(JsonNode document) {
        ObjectNode copy = ((ObjectNode) document).deepCopy();
        copy.remove(List.of("id", "status", "version", "owner_id", "total_executions", "successful_executions", "failed_executions",
                "last_executed_at", "average_duration_ms", "created_at", "updated_at"));
        return copy;
    }

    /** A webhook secret comes back masked; saving the mask keeps the stored secret. */
    private static JsonNode keepWebhookSecrets(JsonNode incoming, JsonNode stored) {
        JsonNode auth = incoming.path("trigger").path("auth");
        JsonNode storedAuth = stored.path("trigger").path("auth");
        if (!auth.isObject() || !storedAuth.isObject()) {
            return incoming;
        }
        ObjectNode copy = ((ObjectNode) incoming).deepCopy();
        ObjectNode copyAuth = (ObjectNode) copy.path("trigger").path("auth");
        for (String f : ApiJson.SECRET_FIELDS) {
            if (ApiJson.MASK.equals(copyAuth.path(f).asText(null)) && storedAuth.has(f)) {
                copyAuth.set(f, storedAuth.get(f));
            }
        }
        return copy;
    }

    private static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "wf-" + java.util.HexFormat.of().formatHex(b);
    }
}

package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.NodeLog;
import io.webops.history.WorkflowRecord;
import io.webops.history.WorkflowVersion;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import io.webops.nodes.NodeType;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The API's JSON shapes (§4, §6), in the seed's snake_case. */
public final class ApiJson {

    /** Webhook auth fields that are secrets: stored, never returned. */
    static final Set<String> SECRET_FIELDS = io.webops.triggers.TriggerKinds.AUTH_SECRET_FIELDS;
    static final String MASK = "********";

    private ApiJson() {
    }

    static ObjectNode workflow(WorkflowRecord r) {
        ObjectNode out = Json.object();
        out.put("id", r.id());
        out.put("name", r.name());
        out.put("status", r.status());
        out.put("version", r.version());
        out.put("owner_id", r.ownerId());
        withMaskedDocument(out, r.document());
        out.put("total_executions", r.stats().totalExecutions());
        out.put("successful_executions", r.stats().successfulExecutions());
        out.put("failed_executions", r.stats().failedExecutions());
        out.put("last_executed_at", time(r.stats().lastExecutedAt()));
        out.put("average_duration_ms", r.stats().averageDurationMs());
        out.put("created_at", time(r.createdAt()));
        out.put("updated_at", time(r.updatedAt()));
        return out;
    }

    /** A version in a list: {@code {version, author, author_email, created_at, message}}. */
    static ObjectNode versionSummary(WorkflowVersion v, java.util.function.Function<String, String> authorEmail) {
        ObjectNode out = Json.object();
        out.put("version", v.version());
        out.put("author", v.authorId());
        out.put("author_email", authorEmail.apply(v.authorId()));
        out.put("created_at", time(v.createdAt()));
        out.put("message", v.message());
        return out;
    }

    /** A version's full document as the workflow GET shows a document (secrets masked), with the summary's fields. */
    static ObjectNode version(WorkflowVersion v, java.util.function.Function<String, String> authorEmail) {
        ObjectNode out = Json.object();
        out.put("id", v.workflowId());
        out.setAll(versionSummary(v, authorEmail));
        return withMaskedDocument(out, v.document());
    }

    /** Adds the stored document's fields that {@code out} does not have yet, webhook secrets masked. */
    private static ObjectNode withMaskedDocument(ObjectNode out, String document) {
        ((ObjectNode) Json.parse(document)).fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        JsonNode auth = out.path("trigger").path("auth");
        if (auth.isObject()) {
            ObjectNode masked = ((ObjectNode) auth).deepCopy();
            SECRET_FIELDS.forEach(f -> {
                if (masked.has(f)) {
                    masked.put(f, MASK);
                }
            });
            ((ObjectNode) out.get("trigger")).set("auth", masked);
        }
        return out;
    }

    /** The execution as the API answers it (also printed by the command line). */
    public static ObjectNode executionJson(ExecutionRecord r) {
        return execution(r);
    }

    static ObjectNode execution(ExecutionRecord r) {
        ObjectNode out = Json.object();
        out.put("id", r.id());
        out.put("workflow_id", r.workflowId());
        out.put("workflow_version", r.workflowVersion());
        out.put("status", r.status());
        out.put("trigger_type", r.triggerType());
        out.set("trigger_data", Json.orNull(r.triggerData()));
        out.set("input", Json.orNull(r.input()));
        out.set("output", Json.orNull(r.output()));
        out.put("error_message", r.errorMessage());
        out.put("error_traceback", r.errorTraceback());
        out.put("started_at", time(r.startedAt()));
        out.put("completed_at", time(r.completedAt()));
        if (r.durationMs() == null) {
            out.putNull("duration_ms");
        } else {
            out.put("duration_ms", r.durationMs());
        }
        if (!r.dataSaved()) {
            out.put("data_saved", false);
        }
        ArrayNode logs = out.putArray("node_logs");
        for (NodeLog l : r.nodeLogs()) {
            ObjectNode log = logs.addObject();
            log.put("node_id", l.nodeId());
            log.put("status", l.status());
            log.put("attempts", l.attempts());
            log.put("started_at", time(l.startedAt()));
            log.put("duration_ms", l.durationMs());
            log.set("input", Json.orNull(l.input()));
            log.set("output", Json.orNull(l.output()));
            log.put("error", l.error());
            if (l.item() != null) {
                log.put("item", l.item());
            }
            if (l.details() != null) {
                log.set("details", l.details());
            }
        }
        return out;
    }

    static ObjectNode nodeType(NodeType t) {
        ObjectNode out = Json.object();
        out.put("type", t.id());
        out.put("category", t.category().id());
        out.put("label", t.title());
        out.put("description", t.description());
        out.set("config_schema", t.configSchema());
        ArrayNode inputs = out.putArray("inputs");
        t.inputs().forEach(inputs::add);
        ArrayNode outputs = out.putArray("outputs");
        t.outputs().forEach(outputs::add);
        outputs.add("error");
        out.put("credential_kind", t.credentialKind());
        t.credentialKinds().forEach(out.putArray("credential_kinds")::add);
        ObjectNode kamelet = io.webops.kamelets.Kamelets.catalogueEntry(t);
        if (kamelet != null) {
            out.set("kamelet", kamelet);
        }
        return out;
    }

    static ObjectNode validation(List<ValidationError> errors) {
        ObjectNode out = Json.object();
        out.put("valid", errors.isEmpty());
        out.set("errors", Json.MAPPER.valueToTree(errors));
        return out;
    }

    static ObjectNode error(ApiException e) {
        ObjectNode error = Json.object();
        error.put("code", e.code().id());
        error.put("message", e.getMessage());
        error.set("details", Json.MAPPER.valueToTree(e.details()));
        ObjectNode out = Json.object();
        out.set("error", error);
        return out;
    }

    /** A list answer of §4: {@code {"items": [...], "next_cursor": ...}}. */
    static <T> ObjectNode page(io.webops.history.Page<T> page, java.util.function.Function<T, ObjectNode> item) {
        ObjectNode out = Json.object();
        ArrayNode array = out.putArray("items");
        page.items().forEach(i -> array.add(item.apply(i)));
        out.put("next_cursor", page.nextCursor());
        return out;
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}

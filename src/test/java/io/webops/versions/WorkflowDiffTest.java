package io.webops.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.json.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link WorkflowDiff} reports between two workflow documents. */
class WorkflowDiffTest {

    private final WorkflowDiff diff = new WorkflowDiff(Set.of("trigger.auth.value", "trigger.auth.secret"));

    @Test
    void reportsNodesConnectionsAndFieldsAddedRemovedAndChanged() {
        String before = """
                {"name": "Fetch", "settings": {"timeout_seconds": 300},
                 "trigger": {"type": "manual"},
                 "nodes": [
                   {"id": "in", "type": "webhook_input"},
                   {"id": "fetch", "type": "api_request", "label": "Fetch", "config": {"url": "https://a.example", "method": "GET"}},
                   {"id": "old", "type": "delay", "config": {"seconds": 1}}],
                 "connections": [
                   {"source": "in", "target": "fetch"},
                   {"source": "fetch", "target": "old", "condition": {"expression": "data.ok"}}]}
                """;
        String after = """
                {"name": "Fetch and mail", "settings": {"timeout_seconds": 60, "retry_on_failure": false},
                 "trigger": {"type": "manual"},
                 "nodes": [
                   {"id": "in", "type": "webhook_input"},
                   {"id": "fetch", "type": "api_request", "label": "Fetch", "config": {"url": "https://b.example", "headers": {"X": "1"}}},
                   {"id": "mail", "type": "email", "config": {"to": "a@b.example"}}],
                 "connections": [
                   {"source": "in", "target": "fetch", "sourceHandle": "output", "condition": {"expression": "data.go"}},
                   {"source": "fetch", "target": "mail"}]}
                """;

        assertThat(diff.between(Json.parse(before), Json.parse(after))).isEqualTo(Json.parse("""
                {"fields": [
                   {"path": "name", "change": "changed", "before": "Fetch", "after": "Fetch and mail"},
                   {"path": "settings.timeout_seconds", "change": "changed", "before": 300, "after": 60},
                   {"path": "settings.retry_on_failure", "change": "added", "after": false}],
                 "nodes": {
                   "added": [{"id": "mail", "type": "email", "config": {"to": "a@b.example"}}],
                   "removed": [{"id": "old", "type": "delay", "config": {"seconds": 1}}],
                   "changed": [{"id": "fetch", "type": "api_request", "changes": [
                     {"path": "config.url", "change": "changed", "before": "https://a.example", "after": "https://b.example"},
                     {"path": "config.method", "change": "removed", "before": "GET"},
                     {"path": "config.headers.X", "change": "added", "after": "1"}]}]},
                 "connections": {
                   "added": [{"source": "fetch", "target": "mail", "sourceHandle": "output", "targetHandle": "input"}],
                   "removed": [{"source": "fetch", "target": "old", "condition": {"expression": "data.ok"},
                                "sourceHandle": "output", "targetHandle": "input"}],
                   "changed": [{"source": "in", "target": "fetch", "sourceHandle": "output", "targetHandle": "input", "changes": [
                     {"path": "condition.expression", "change": "added", "after": "data.go"}]}]}}
                """));
    }

    @Test
    void identicalDocumentsHaveNoChangesAndArraysCompareAsWholeValues() {
        String doc = """
                {"name": "Same", "nodes": [{"id": "sum", "type": "aggregate",
                  "config": {"path": "items", "operations": [{"op": "sum", "field": "n", "as": "total"}]}}], "connections": []}
                """;
        String moreOperations = doc.replace("\"as\": \"total\"}", "\"as\": \"total\"}, {\"op\": \"count\", \"as\": \"n\"}");

        assertThat(diff.between(Json.parse(doc), Json.parse(doc))).isEqualTo(Json.parse("""
                {"fields": [], "nodes": {"added": [], "removed": [], "changed": []},
                 "connections": {"added": [], "removed": [], "changed": []}}
                """));
        assertThat(diff.between(Json.parse(doc), Json.parse(moreOperations)).get("nodes").get("changed")).isEqualTo(Json.parse("""
                [{"id": "sum", "type": "aggregate", "changes": [{"path": "config.operations", "change": "changed",
                  "before": [{"op": "sum", "field": "n", "as": "total"}],
                  "after": [{"op": "sum", "field": "n", "as": "total"}, {"op": "count", "as": "n"}]}]}]
                """));
    }

    @Test
    void secretsAreReportedChangedWithoutTheirValues() {
        String before = """
                {"name": "Hook", "trigger": {"type": "webhook", "auth": {"type": "header", "name": "X-Token", "value": "old-secret"}},
                 "nodes": [], "connections": []}
                """;
        String sameSecret = before.replace("X-Token", "X-Key");
        String newSecret = before.replace("old-secret", "new-secret");
        String noAuth = """
                {"name": "Hook", "trigger": {"type": "webhook"}, "nodes": [], "connections": []}
                """;

        assertThat(diff.between(Json.parse(before), Json.parse(sameSecret)).get("fields")).isEqualTo(Json.parse("""
                [{"path": "trigger.auth.name", "change": "changed", "before": "X-Token", "after": "X-Key"}]
                """));
        assertThat(diff.between(Json.parse(before), Json.parse(newSecret)).get("fields")).isEqualTo(Json.parse("""
                [{"path": "trigger.auth.value", "change": "changed", "secret": true}]
                """));
        assertThat(diff.between(Json.parse(before), Json.parse(noAuth)).get("fields")).isEqualTo(Json.parse("""
                [{"path": "trigger.auth.type", "change": "removed", "before": "header"},
                 {"path": "trigger.auth.name", "change": "removed", "before": "X-Token"},
                 {"path": "trigger.auth.value", "change": "removed", "secret": true}]
                """));
    }

    @Test
    void oddKeysAreQuotedInPaths() {
        String before = """
                {"name": "H", "nodes": [{"id": "call", "type": "api_request", "config": {"headers": {"X-Trace.Id": "1"}}}], "connections": []}
                """;
        String after = before.replace("\"1\"", "\"2\"");

        assertThat(diff.between(Json.parse(before), Json.parse(after)).get("nodes").get("changed").get(0).get("changes"))
                .isEqualTo(Json.parse("""
                        [{"path": "config.headers[\\"X-Trace.Id\\"]", "change": "changed", "before": "1", "after": "2"}]
                        """));
    }
}

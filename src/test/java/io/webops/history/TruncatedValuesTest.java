package io.webops.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inputs and outputs over the history's value limit are stored as a marker with their size; smaller ones whole. */
class TruncatedValuesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private Store store;

    @BeforeEach
    void open() {
        store = Store.inMemory();
        store.workflows().create("wf", "Big values", "{}");
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** 2,000 lines whose text mixes one-, two-, three- and four-byte UTF-8 characters. */
    private static ArrayNode lines() {
        ArrayNode lines = JSON.arrayNode();
        for (int i = 0; i < 2_000; i++) {
            lines.addObject().put("id", i).put("text", "línea € 😀 \"quoted\" " + i);
        }
        return lines;
    }

    private static int jsonBytes(JsonNode value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8).length;
    }

    /** trigger node {@code in} passes the input on; {@code count} answers a small summary of it. */
    private static ExecutionRecord ended(String id, JsonNode input, JsonNode summary) {
        List<NodeLog> logs = List.of(
                new NodeLog("in", "success", 1, T0, 1, input, input, null, null),
                new NodeLog("count", "success", 1, T0, 1, input, summary, null, null));
        return new ExecutionRecord(id, "wf", 1, "success", "webhook", JSON.objectNode(), input, summary, null, null,
                T0, T0.plusMillis(5), 5L, logs);
    }

    @Test
    void aValueOverTheLimitIsStoredAsAMarkerWithItsUtf8SizeAndItsFirstCharacters() {
        ArrayNode input = lines();
        ObjectNode summary = JSON.objectNode().put("count", 2_000);
        store.executions().keepValuesUpTo(10_000);

        store.executions().finished(ended("e1", input, summary));
        store.executions().flush();
        ExecutionRecord stored = store.executions().get("e1").orElseThrow();

        JsonNode marker = stored.input();
        assertThat(marker.get("_truncated").asBoolean()).isTrue();
        assertThat(marker.get("size_bytes").asLong()).isEqualTo(jsonBytes(input));
        assertThat(marker.get("preview").asText()).isEqualTo(Json.write(input).substring(0, TruncatedValues.PREVIEW_CHARS));
        assertThat(TruncatedValues.isMarker(marker)).isTrue();
        assertThat(stored.nodeLogs().get(0).input()).isEqualTo(marker);
        assertThat(stored.nodeLogs().get(0).output()).isEqualTo(marker);
        assertThat(stored.nodeLogs().get(1).input()).isEqualTo(marker);
        assertThat(stored.output()).as("under the limit: whole").isEqualTo(summary);
        assertThat(stored.nodeLogs().get(1).output()).isEqualTo(summary);
    }

    @Test
    void aValueOfExactlyTheLimitIsStoredWhole() {
        ArrayNode input = lines();
        store.executions().keepValuesUpTo(jsonBytes(input));

        store.executions().finished(ended("e2", input, JSON.objectNode().put("count", 2_000)));
        store.executions().flush();

        assertThat(store.executions().get("e2").orElseThrow().input()).isEqualTo(input);
    }

    @Test
    void aPreviewDoesNotEndInHalfOfASurrogatePair() {
        // 1,023 characters of JSON before the emoji: '"' + 1,022 x 'a', so the cut falls between its two halves
        JsonNode text = JSON.textNode("a".repeat(1_022) + "😀".repeat(1_000));
        ExecutionRecord cut = new TruncatedValues(100).apply(ended("e3", text, JSON.nullNode()));

        assertThat(cut.input().get("preview").asText()).isEqualTo("\"" + "a".repeat(1_022));
        assertThat(cut.input().get("size_bytes").asLong()).isEqualTo(2 + 1_022 + 4_000);
    }

    @Test
    void aRecordWithNothingOverTheLimitIsStoredAsItIs() {
        ExecutionRecord small = ended("e4", JSON.objectNode().put("a", 1), JSON.objectNode().put("count", 1));

        assertThat(new TruncatedValues(1_000).apply(small)).isSameAs(small);
    }

    @Test
    void aRunningExecutionsInputOverTheLimitIsStoredTruncatedAtItsStartToo() {
        ArrayNode input = lines();
        store.executions().keepValuesUpTo(10_000);

        store.executions().started(running("big", input));
        store.executions().started(running("small", JSON.objectNode().put("n", 1)));
        store.executions().flush();

        assertThat(TruncatedValues.isMarker(store.executions().get("big").orElseThrow().input())).isTrue();
        assertThat(store.executions().get("small").orElseThrow().input()).isEqualTo(JSON.objectNode().put("n", 1));
    }

    private static ExecutionRecord running(String id, JsonNode input) {
        return new ExecutionRecord(id, "wf", 1, "running", "webhook", JSON.objectNode(), input, null, null, null,
                T0, null, null, List.of());
    }
}

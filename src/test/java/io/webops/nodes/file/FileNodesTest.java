package io.webops.nodes.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** file_input and file_output: formats, append, and confinement to the data folder's files folder. */
class FileNodesTest {

    private static TestServer server;
    private static Path files;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        files = server.dataDir.resolve("files");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode run(String nodesJson, String connectionsJson, String input) throws Exception {
        String id = server.create("{\"name\": \"files " + UUID.randomUUID() + "\", \"nodes\": [" + nodesJson
                + "], \"connections\": [" + connectionsJson + "]}");
        return server.runAndWait(id, input);
    }

    static JsonNode write(String path, String format, boolean append, String input) throws Exception {
        return run("""
                {"id": "out", "type": "file_output", "config": {"path": %s, "format": "%s", "append": %s}}
                """.formatted(Json.write(path), format, append), "", input);
    }

    static JsonNode read(String path, String format) throws Exception {
        return run("""
                {"id": "in", "type": "file_input", "config": {"path": %s%s}}
                """.formatted(Json.write(path), format == null ? "" : ", \"format\": \"" + format + "\""), "", "{}");
    }

    static String unique(String name) {
        return UUID.randomUUID().toString().substring(0, 8) + "-" + name;
    }

    // ---- formats -----------------------------------------------------------------------------

    @Test
    void csvRoundTripsObjectsWithQuotesCommasAndLineBreaks() throws Exception {
        String path = "exports/" + unique("people.csv");
        String rows = """
                [{"name": "Ada, Countess", "quote": "she said \\"hi\\"", "note": "two\\nlines"},
                 {"name": "Linus", "quote": "", "note": null, "age": 54}]""";

        JsonNode written = write(path, "csv", false, rows);
        JsonNode back = read(path, null);

        assertThat(written.get("status").asText()).as(written.toString()).isEqualTo("success");
        assertThat(Files.readString(files.resolve(path))).isEqualTo(
                "name,quote,note,age\n\"Ada, Countess\",\"she said \"\"hi\"\"\",\"two\nlines\",\nLinus,,,54\n");
        assertThat(back.get("output")).isEqualTo(Json.parse("""
                [{"name": "Ada, Countess", "quote": "she said \\"hi\\"", "note": "two\\nlines", "age": ""},
                 {"name": "Linus", "quote": "", "note": "", "age": "54"}]"""));
    }

    @Test
    void appendingCsvAddsRowsUnderTheExistingHeaderOnce() throws Exception {
        String path = unique("log.csv");

        write(path, "csv", true, "{\"day\": 1, \"count\": 3}");
        write(path, "csv", true, "[{\"count\": 4, \"day\": 2}, {\"day\": 3}]");
        JsonNode extra = write(path, "csv", true, "{\"day\": 4, \"other\": 1}");

        assertThat(Files.readString(files.resolve(path))).isEqualTo("day,count\n1,3\n2,4\n3,\n");
        assertThat(extra.get("status").asText()).isEqualTo("failed");
        assertThat(extra.get("error_message").asText()).contains("Node 'out'").contains("[other]");
    }

    @Test
    void appendingJsonWritesJsonLinesThatReadBackAsAnArray() throws Exception {
        String path = unique("events.jsonl");

        write(path, "json", true, "{\"n\": 1}");
        write(path, "json", true, "[{\"n\": 2}, {\"n\": 3}]");
        JsonNode back = read(path, "json");

        assertThat(Files.readString(files.resolve(path))).isEqualTo("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
        assertThat(back.get("output")).isEqualTo(Json.parse("[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]"));
    }

    @Test
    void jsonIsWrittenAtATemplatedPathAndReplacedOnTheNextWrite() throws Exception {
        String day = unique("day");
        String nodes = """
                {"id": "out", "type": "file_output", "config": {"path": "daily/{{ data.day }}.json",
                  "content": {"day": "{{ data.day }}", "total": "{{ data.total }}"}}}""";

        run(nodes, "", "{\"day\": \"" + day + "\", \"total\": 10}");
        JsonNode second = run(nodes, "", "{\"day\": \"" + day + "\", \"total\": 12}");
        JsonNode back = read("daily/" + day + ".json", null);

        assertThat(second.get("output").get("path").asText()).isEqualTo("daily/" + day + ".json");
        assertThat(back.get("output")).isEqualTo(Json.parse("{\"day\": \"" + day + "\", \"total\": 12}"));
    }

    @Test
    void appendingTextAddsLines() throws Exception {
        String path = unique("notes.txt");

        write(path, "text", true, "\"first\"");
        write(path, "text", true, "\"second\"");

        assertThat(read(path, null).get("output").asText()).isEqualTo("first\nsecond\n");
    }

    @Test
    void aMissingFileFailsNamingTheNodeAndTheField() throws Exception {
        JsonNode ex = read(unique("nothing.json"), null);

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("error_message").asText()).contains("Node 'in'").contains("does not exist").contains("config.path");
    }

    // ---- confinement -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"../escape.txt", "a/../../escape.txt", "..", "/etc/passwd", "/tmp/escape.txt", "~/escape.txt",
            "..\\escape.txt", "C:\\Windows\\win.ini", "a/./../../escape.txt"})
    void pathsOutOfTheFilesFolderAreRefusedForReadingAndWriting(String path) throws Exception {
        JsonNode written = write(path, "text", false, "\"pwned\"");
        JsonNode read = read(path, "text");

        for (JsonNode ex : List.of(written, read)) {
            assertThat(ex.get("status").asText()).as(path).isEqualTo("failed");
            assertThat(ex.get("error_message").asText()).as(path).contains("config.path").contains("files folder");
        }
        assertThat(server.dataDir.resolve("escape.txt")).doesNotExist();
        assertThat(server.dataDir.getParent().resolve("escape.txt")).doesNotExist();
    }

    @Test
    void aLinkToAFolderOutsideIsNotFollowed() throws Exception {
        Path outside = Files.createTempDirectory("outside");
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.createDirectories(files);
        String link = unique("link");
        Files.createSymbolicLink(files.resolve(link), outside);

        JsonNode written = write(link + "/dropped.txt", "text", false, "\"pwned\"");
        JsonNode nested = write(link + "/deeper/dropped.txt", "text", false, "\"pwned\"");
        JsonNode read = read(link + "/secret.txt", "text");

        for (JsonNode ex : List.of(written, nested, read)) {
            assertThat(ex.get("status").asText()).isEqualTo("failed");
            assertThat(ex.get("error_message").asText()).contains("through a link");
        }
        assertThat(outside.resolve("dropped.txt")).doesNotExist();
        assertThat(outside.resolve("deeper")).doesNotExist();
    }

    @Test
    void aLinkToAFileOutsideIsNeitherReadNorWrittenThrough() throws Exception {
        Path outside = Files.createTempFile("outside", ".txt");
        Files.writeString(outside, "keep me");
        Files.createDirectories(files);
        String link = unique("file-link.txt");
        Files.createSymbolicLink(files.resolve(link), outside);

        JsonNode read = read(link, "text");
        JsonNode written = write(link, "text", false, "\"pwned\"");
        JsonNode appended = write(link, "text", true, "\"pwned\"");

        assertThat(read.get("error_message").asText()).contains("through a link");
        assertThat(written.get("error_message").asText()).contains("is a link");
        assertThat(appended.get("error_message").asText()).contains("is a link");
        assertThat(Files.readString(outside, StandardCharsets.UTF_8)).isEqualTo("keep me");
    }

    @Test
    void percentEncodedDotsAreAPlainNameInsideTheFolder() throws Exception {
        String path = "%2e%2e/" + unique("x.txt");

        JsonNode ex = write(path, "text", false, "\"inside\"");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(Files.readString(files.resolve(path))).isEqualTo("inside");
    }
}

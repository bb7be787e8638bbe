package io.webops.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.nodes.NodeTypes;
import io.webops.validation.Fixtures;
import io.webops.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every export under {@code import/n8n} and {@code import/node-red} (hand-written in the tools' own export formats,
 * unsupported nodes included) imports to exactly the draft and report in the {@code <name>.expected.json} beside it,
 * and the draft is a valid workflow. The importer names a mail, a Slack and a database credential of their own, so a
 * node needing a Google credential is left out and reported. After a deliberate change of a mapping, rewrite the expectations with
 * {@code -Dimport.update=true} and read their diff before committing.
 */
class ImportFixturesTest {

    private static final boolean UPDATE = Boolean.getBoolean("import.update");
    private static final Path SOURCES = Path.of("src", "test", "resources", "import");
    private static final Validator VALIDATOR = new Validator(NodeTypes.standard());
    /** The importer's own credentials: no Google one. */
    private static final Map<String, String> CREDENTIALS = Map.of("smtp", "cred-smtp", "slack", "cred-slack", "database", "cred-db");

    static Stream<Arguments> exports() {
        return Stream.of("n8n", "node-red").flatMap(format -> Fixtures.workflows("import/" + format).stream()
                .map(file -> Arguments.of(format + "/" + Fixtures.name(file), format, file)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exports")
    void importsToTheExpectedValidDraftAndReport(String name, String format, Path file) throws IOException {
        Imported imported = Imports.convert(format, Fixtures.json(file), CREDENTIALS, NodeTypes.standard());
        ObjectNode actual = Json.object();
        actual.set("workflow", imported.workflow());
        actual.set("report", Json.MAPPER.valueToTree(imported.report().stream().map(ReportEntry::toJson).toList()));

        assertThat(VALIDATOR.validate(imported.workflow()).errors()).as(name + ": the draft validates").isEmpty();
        Path expected = Fixtures.beside(file, ".expected.json");
        if (UPDATE) {
            Files.writeString(SOURCES.resolve(format).resolve(expected.getFileName()),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
            return;
        }
        assertThat(Files.exists(expected)).as("%s exists (run once with -Dimport.update=true)", expected.getFileName()).isTrue();
        JsonNode want = Fixtures.json(expected);
        assertThat(actual.get("report")).as(name + ": report").isEqualTo(want.get("report"));
        assertThat(actual.get("workflow")).as(name + ": workflow").isEqualTo(want.get("workflow"));
    }
}

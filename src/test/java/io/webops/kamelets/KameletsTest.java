package io.webops.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kamelet catalogue in {@code kamelets/}: every file loads into a CamelContext as a route
 * template without a warning, is named {@code <name>-<source|sink|action>.kamelet.yaml} after its
 * {@code metadata.name}, describes every property (type, title, description) and marks every
 * property that looks secret {@code format: password}.
 */
class KameletsTest {

    private static final Path FOLDER = Path.of("kamelets");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern KIND = Pattern.compile(".+-(source|sink|action)");
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "passphrase", "token", "secret", "key", "apikey");

    static Stream<Path> kamelets() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".kamelet.yaml")).sorted().toList().stream();
        }
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".kamelet.yaml".length());
    }

    @Test
    void theCatalogueIsNotEmpty() throws IOException {
        assertThat(kamelets().map(KameletsTest::stem)).contains("webops-sql-action", "webops-mail-sink", "webops-http-action");
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void loadsIntoACamelContextWithoutAWarning(Path file) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            String logged = stderrOf(() -> PluginHelper.getRoutesLoader(camel)
                    .loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath())));

            List<String> warnings = logged.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
            assertThat(warnings).as("warnings logged while loading " + file).isEmpty();
            assertThat(camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.Model.class)
                    .getRouteTemplateDefinition(stem(file))).as("route template " + stem(file)).isNotNull();
        }
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void isNamedAfterItsMetadataNameAndItsKind(Path file) throws IOException {
        JsonNode kamelet = YAML.readTree(file.toFile());

        assertThat(kamelet.path("kind").asText()).isEqualTo("Kamelet");
        assertThat(kamelet.path("metadata").path("name").asText()).isEqualTo(stem(file));
        assertThat(stem(file)).matches(KIND);
        assertThat(kamelet.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText())
                .isEqualTo(stem(file).substring(stem(file).lastIndexOf('-') + 1));
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void describesEveryPropertyAndMarksSecrets(Path file) throws IOException {
        JsonNode definition = YAML.readTree(file.toFile()).path("spec").path("definition");
        List<String> problems = new ArrayList<>();

        assertThat(definition.path("title").asText()).as("spec.definition.title").isNotBlank();
        assertThat(definition.path("description").asText()).as("spec.definition.description").isNotBlank();
        for (Map.Entry<String, JsonNode> p : definition.path("properties").properties()) {
            for (String field : List.of("type", "title", "description")) {
                if (p.getValue().path(field).asText().isBlank()) {
                    problems.add(p.getKey() + " has no " + field);
                }
            }
            if (looksSecret(p.getKey()) && !"password".equals(p.getValue().path("format").asText())) {
                problems.add(p.getKey() + " looks secret but is not format: password");
            }
        }
        assertThat(problems).as(file.toString()).isEmpty();
    }

    @Test
    void secretLookingNamesAreRecognised() {
        assertThat(List.of("password", "apiKey", "accessToken", "client_secret", "privateKey", "bot-token"))
                .allMatch(KameletsTest::looksSecret);
        assertThat(List.of("dataSource", "batch", "host", "monkeyName", "tokenizer"))
                .noneMatch(KameletsTest::looksSecret);
    }

    /** A name whose words (camelCase, _, -, .) include password, token, secret, key... */
    static boolean looksSecret(String name) {
        for (String word : name.split("(?<=[a-z0-9])(?=[A-Z])|[_.\\-]")) {
            if (SECRET_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** What is written to System.err (where slf4j-simple logs) while {@code action} runs. */
    private static String stderrOf(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}

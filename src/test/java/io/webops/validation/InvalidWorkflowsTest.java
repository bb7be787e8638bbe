package io.webops.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.model.ValidationError;
import io.webops.nodes.NodeTypes;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document under {@code validation/invalid} is rejected with exactly the errors listed in
 * the {@code <name>.expected.json} beside it (format: {@link ExpectedErrors}).
 */
class InvalidWorkflowsTest {

    private static final Validator VALIDATOR = new Validator(NodeTypes.standard());

    static Stream<Arguments> invalidWorkflows() {
        return Fixtures.workflows("validation/invalid").stream().map(p -> Arguments.of(Fixtures.name(p), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidWorkflows")
    void reportsExactlyTheExpectedErrors(String name, Path file) {
        JsonNode expected = Fixtures.json(Fixtures.beside(file, ".expected.json"));
        List<ValidationError> actual = VALIDATOR.validate(Fixtures.json(file)).errors();

        assertThat(expected.size()).as("%s: the expectations file lists at least one error", name).isPositive();
        ExpectedErrors.assertExactly(name, expected, actual);
    }
}

package io.webops.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.json.Json;
import io.webops.nodes.NodeTypes;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed's five use cases, drawn with the node types that exist, validate without a single error. */
class ValidWorkflowsTest {

    private static final Validator VALIDATOR = new Validator(NodeTypes.standard());

    static Stream<Arguments> validWorkflows() {
        return Fixtures.workflows("validation/valid").stream().map(p -> Arguments.of(Fixtures.name(p), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validWorkflows")
    void acceptsTheSeedUseCases(String name, Path file) {
        Validator.Result result = VALIDATOR.validate(Fixtures.json(file));

        assertThat(result.errors()).as(name).extracting(Json::write).isEmpty();
        assertThat(result.workflow().nodes()).as(name).isNotEmpty();
    }
}

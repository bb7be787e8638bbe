package io.webops.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.json.Json;
import io.webops.model.ValidationError;
import io.webops.validation.Validator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A template field that does not parse is reported when the workflow is saved, naming the node and the field. */
class TemplateChecksTest {

    @ParameterizedTest
    @CsvSource({
            "file_input, path",
            "file_output, path",
            "notification, message",
            "notification, level",
            "delay, until",
            "slack, message",
            "api_request, url"})
    void aTemplateThatDoesNotParseIsNamed(String type, String field) {
        String doc = """
                {"name": "t", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "n", "type": "%s", "config": {"%s": "{{ data.x "}}],
                 "connections": [{"source": "in", "target": "n"}]}""".formatted(type, field);
        List<ValidationError> errors = new Validator(NodeTypes.standard()).validate(Json.parse(doc)).errors();
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("config." + field);
            assertThat(e.message()).startsWith("Node 'n': config." + field + " is not a valid template");
        });
    }
}

package io.webops.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigSchemasTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SchemaProblem p(String field, String message) {
        return new SchemaProblem(field, message);
    }

    /** Roughly the config schema of an HTTP request node. */
    private static final ConfigSchemas HTTP = ConfigSchemas.compile(json("""
            {'$schema': 'https://json-schema.org/draft/2020-12/schema',
             'type': 'object',
             'required': ['url', 'method'],
             'additionalProperties': false,
             'properties': {
               'url':     {'type': 'string', 'minLength': 1, 'pattern': '^(https?://|\\\\{\\\\{)'},
               'method':  {'enum': ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']},
               'timeout': {'type': 'integer', 'minimum': 1, 'maximum': 300},
               'retries': {'type': 'integer', 'exclusiveMinimum': -1},
               'headers': {'type': 'object', 'additionalProperties': {'type': 'string'}},
               'name':    {'type': 'string', 'maxLength': 5},
               'body':    {'anyOf': [{'type': 'string'}, {'type': 'object'}, {'type': 'array'}]},
               'operations': {'type': 'array', 'minItems': 1, 'items': {
                   'type': 'object', 'required': ['op', 'path'],
                   'properties': {'op': {'enum': ['add', 'remove', 'replace']}, 'path': {'type': 'string'}}}}
             }}
            """));

    @Test
    void validConfigHasNoProblems() {
        assertThat(HTTP.validate(json("{'url':'https://example.com','method':'GET','timeout':30,"
                + "'operations':[{'op':'add','path':'/a'}],'body':{'x':1},'headers':{'X-A':'b'}}"))).isEmpty();
        assertThat(HTTP.validate(json("{'url':'{{env.BASE}}/x','method':'POST','body':'text'}"))).isEmpty();
    }

    @Test
    void requiredMissing() {
        assertThat(HTTP.validate(json("{'method':'GET'}")))
                .containsExactly(p("url", "config.url is required"));
    }

    @Test
    void nullConfigIsTreatedAsEmptyObject() {
        List<SchemaProblem> expected = List.of(
                p("method", "config.method is required"),
                p("url", "config.url is required"));
        assertThat(HTTP.validate(null)).isEqualTo(expected);
        assertThat(HTTP.validate(NullNode.getInstance())).isEqualTo(expected);
    }

    @Test
    void wrongType() {
        assertThat(HTTP.validate(json("{'url':'http://x','method':'GET','timeout':'30'}")))
                .containsExactly(p("timeout", "config.timeout must be an integer"));
        assertThat(HTTP.validate(json("{'url':'http://x','method':'GET','timeout':1.5}")))
                .containsExactly(p("timeout", "config.timeout must be an integer"));
        assertThat(HTTP.validate(json("[1]")))
                .containsExactly(p("", "config must be an object"));
    }

    @Test
    void enumListsTheAllowedValues() {
        assertThat(HTTP.validate(json("{'url':'http://x','method':'FETCH'}")))
                .containsExactly(p("method", "config.method must be one of GET, POST, PUT, PATCH, DELETE"));
    }

    @Test
    void nestedArrayItemFields() {
        assertThat(HTTP.validate(json("{'url':'http://x','method':'GET',"
                + "'operations':[{'op':'add','path':'/a'},{'op':'move','path':'/b'},{'op':'add'}]}")))
                .containsExactly(
                        p("operations[1].op", "config.operations[1].op must be one of add, remove, replace"),
                        p("operations[2].path", "config.operations[2].path is required"));
    }

    @Test
    void arrayIndexesSortNumerically() {
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            ops.append(i == 0 ? "" : ",").append(i == 2 || i == 10 ? "{'op':'x','path':'/'}" : "{'op':'add','path':'/'}");
        }
        assertThat(HTTP.validate(json("{'url':'http://x','method':'GET','operations':[" + ops + "]}")))
                .extracting(SchemaProblem::field)
                .containsExactly("operations[2].op", "operations[10].op");
    }

    @Test
    void severalProblemsAreReportedTogetherOrderedByField() {
        assertThat(HTTP.validate(json("{'url':'','timeout':0,'retries':-1,'name':'toolong','extra':true,"
                + "'headers':{'X-Num':1},'operations':[]}")))
                .containsExactly(
                        p("extra", "config.extra is not an allowed property"),
                        p("headers.X-Num", "config.headers.X-Num must be a string"),
                        p("method", "config.method is required"),
                        p("name", "config.name must be at most 5 characters long"),
                        p("operations", "config.operations must not be empty"),
                        p("retries", "config.retries must be greater than -1"),
                        p("timeout", "config.timeout must be at least 1"),
                        p("url", "config.url must match the pattern ^(https?://|\\{\\{)"),
                        p("url", "config.url must not be empty"));
    }

    @Test
    void maximumAndPattern() {
        assertThat(HTTP.validate(json("{'url':'ftp://x','method':'GET','timeout':301}")))
                .containsExactly(
                        p("timeout", "config.timeout must be at most 300"),
                        p("url", "config.url must match the pattern ^(https?://|\\{\\{)"));
    }

    @Test
    void anyOfOfTypesIsOneMessage() {
        assertThat(HTTP.validate(json("{'url':'http://x','method':'GET','body':42}")))
                .containsExactly(p("body", "config.body must be a string, an object or an array"));
    }

    private static final ConfigSchemas AUTH = ConfigSchemas.compile(json("""
            {'$defs': {
               'basic':  {'type': 'object', 'required': ['kind', 'user', 'password'],
                          'properties': {'kind': {'const': 'basic'}, 'user': {'type': 'string'},
                                         'password': {'type': 'string'}}},
               'bearer': {'type': 'object', 'required': ['kind', 'token'],
                          'properties': {'kind': {'const': 'bearer'}, 'token': {'type': 'string', 'minLength': 1}}}},
             'type': 'object',
             'properties': {
               'auth':  {'oneOf': [{'$ref': '#/$defs/basic'}, {'$ref': '#/$defs/bearer'}]},
               'port':  {'oneOf': [{'type': 'integer'}, {'type': 'string', 'pattern': '^[0-9]+$'}]},
               'label': {'oneOf': [{'type': 'string'}, {'minLength': 2}]}
             }}
            """));

    @Test
    void oneOfReportsTheBranchSelectedByItsDiscriminator() {
        assertThat(AUTH.validate(json("{'auth':{'kind':'bearer','token':''}}")))
                .containsExactly(p("auth.token", "config.auth.token must not be empty"));
        assertThat(AUTH.validate(json("{'auth':{'kind':'basic','user':'u'}}")))
                .containsExactly(p("auth.password", "config.auth.password is required"));
    }

    @Test
    void oneOfWithUnknownDiscriminatorListsTheChoices() {
        assertThat(AUTH.validate(json("{'auth':{'kind':'digest'}}")))
                .containsExactly(p("auth.kind", "config.auth.kind must be one of basic, bearer"));
        assertThat(AUTH.validate(json("{'auth':{}}")))
                .containsExactly(p("auth.kind", "config.auth.kind is required"));
        assertThat(AUTH.validate(json("{'auth':'secret'}")))
                .containsExactly(p("auth", "config.auth must be an object"));
    }

    @Test
    void oneOfBranchChosenByType() {
        assertThat(AUTH.validate(json("{'port':'eighty'}")))
                .containsExactly(p("port", "config.port must match the pattern ^[0-9]+$"));
        assertThat(AUTH.validate(json("{'port':true}")))
                .containsExactly(p("port", "config.port must be an integer or a string"));
        assertThat(AUTH.validate(json("{'port':8080}"))).isEmpty();
    }

    @Test
    void oneOfMatchingSeveralBranches() {
        assertThat(AUTH.validate(json("{'label':'abc'}")))
                .containsExactly(p("label", "config.label matches more than one of the allowed forms; it must match exactly one"));
    }

    @Test
    void draft7SchemasWork() {
        ConfigSchemas s = ConfigSchemas.compile(json("{'$schema':'http://json-schema.org/draft-07/schema#',"
                + "'type':'object','required':['a'],'properties':{'a':{'type':'integer'},'b':{'type':['string','null']}}}"));
        assertThat(s.validate(json("{'a':'x','b':1}"))).containsExactly(
                p("a", "config.a must be an integer"),
                p("b", "config.b must be a string or null"));
        assertThat(s.validate(json("{}"))).containsExactly(p("a", "config.a is required"));
    }

    @Test
    void oddPropertyNamesAreQuoted() {
        ConfigSchemas s = ConfigSchemas.compile(json("{'properties':{'a.b':{'type':'string'},'x y':{'type':'array','items':{'type':'integer'}}}}"));
        assertThat(s.validate(json("{'a.b':1,'x y':[1,'2']}"))).containsExactly(
                p("[\"a.b\"]", "config[\"a.b\"] must be a string"),
                p("[\"x y\"][1]", "config[\"x y\"][1] must be an integer"));
    }

    @Test
    void remoteAndExternalRefsAreRefusedAtCompileTime() {
        for (String ref : List.of("https://example.com/common.json", "http://127.0.0.1:1/x.json",
                "file:///etc/passwd", "common.json", "classpath:logback.xml")) {
            assertThatThrownBy(() -> ConfigSchemas.compile(json("{'properties':{'a':{'$ref':'" + ref + "'}}}")))
                    .as(ref)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(ref)
                    .hasMessageContaining("external $ref are disabled");
        }
    }

    @Test
    void localRefsAndBundledMetaSchemasWork() {
        ConfigSchemas s = ConfigSchemas.compile(json("{'$defs':{'n':{'type':'integer'}},"
                + "'properties':{'a':{'$ref':'#/$defs/n'},'s':{'$ref':'https://json-schema.org/draft/2020-12/schema'}}}"));
        assertThat(s.validate(json("{'a':'x','s':{'type':'integer'}}")))
                .containsExactly(p("a", "config.a must be an integer"));
        assertThat(s.validate(json("{'a':1,'s':{'type':5}}")))
                .extracting(SchemaProblem::field).containsExactly("s.type");
    }

    @Test
    void badSchemas() {
        assertThatThrownBy(() -> ConfigSchemas.compile(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("config schema is missing");
        assertThatThrownBy(() -> ConfigSchemas.compile(json("[1]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> ConfigSchemas.compile(json("{'$schema':'https://example.com/meta'}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported $schema 'https://example.com/meta'");
    }

    @Test
    void compiledSchemaIsUsableConcurrently() throws Exception {
        JsonNode bad = json("{'url':'http://x','method':'FETCH','operations':[{'op':'x','path':'/'}]}");
        List<SchemaProblem> expected = HTTP.validate(bad);
        assertThat(expected).hasSize(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    for (int j = 0; j < 200; j++) {
                        if (!expected.equals(HTTP.validate(bad)) || !AUTH.validate(json("{'port':8080}")).isEmpty()) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

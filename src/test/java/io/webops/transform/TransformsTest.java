package io.webops.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransformsTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final JsonNode ORDER = json("{'items':[{'name':'a','price':50,'sku':1},"
            + "{'name':'b','price':150,'sku':2},{'name':'c','price':250,'sku':3}]}");

    // ---------------------------------------------------------------- JMESPath

    @Test
    void jmespathFilterAndProjection() {
        Transform t = Transforms.compile("jmespath", "items[?price > `100`].{name: name, price: price}");
        assertThat(t.apply(ORDER)).isEqualTo(json("[{'name':'b','price':150},{'name':'c','price':250}]"));
    }

    @Test
    void jmespathMultiSelectHash() {
        Transform t = Transforms.compile("jmespath", "{content: body}");
        assertThat(t.apply(json("{'body':{'x':1},'headers':{}}"))).isEqualTo(json("{'content':{'x':1}}"));
    }

    @Test
    void jmespathMissingIsNullNode() {
        Transform t = Transforms.compile("jmespath", "nope.deeper");
        assertThat(t.apply(ORDER)).isSameAs(NullNode.getInstance());
        assertThat(t.apply(null)).isSameAs(NullNode.getInstance());
    }

    @Test
    void jmespathCompileErrorNamesLanguageAndPosition() {
        assertThatThrownBy(() -> Transforms.compile("jmespath", "items[?price >"))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("JMESPath: ")
                .hasMessageContaining("syntax error")
                .hasMessageContaining("at position 14");
    }

    @Test
    void jmespathRuntimeTypeErrorIsTransformException() {
        Transform t = Transforms.compile("jmespath", "sum(items[*].name)");
        assertThatThrownBy(() -> t.apply(ORDER))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("JMESPath: ");
    }

    // ---------------------------------------------------------------- JSONPath

    @Test
    void jsonpathIndefinitePathReturnsArray() {
        Transform t = Transforms.compile("jsonpath", "$.data[*].value");
        assertThat(t.apply(json("{'data':[{'value':1},{'value':'two'},{'other':3}]}")))
                .isEqualTo(json("[1,'two']"));
    }

    @Test
    void jsonpathDefinitePathReturnsValue() {
        assertThat(Transforms.compile("jsonpath", "$.data[1].value").apply(json("{'data':[{'value':1},{'value':'two'}]}")))
                .isEqualTo(json("'two'"));
        assertThat(Transforms.compile("jsonpath", "$.data").apply(json("{'data':{'a':[1,2]}}")))
                .isEqualTo(json("{'a':[1,2]}"));
        assertThat(Transforms.compile("jsonpath", "$.n").apply(json("{'n':3.5}")))
                .isEqualTo(json("3.5"));
        assertThat(Transforms.compile("jsonpath", "$.b").apply(json("{'b':true}")))
                .isEqualTo(json("true"));
    }

    @Test
    void jsonpathFilterAndFunction() {
        assertThat(Transforms.compile("jsonpath", "$.items[?(@.price > 100)].name").apply(ORDER))
                .isEqualTo(json("['b','c']"));
        assertThat(Transforms.compile("jsonpath", "$.items.length()").apply(ORDER))
                .isEqualTo(json("3"));
    }

    @Test
    void jsonpathMissingIsNullOrEmptyArray() {
        assertThat(Transforms.compile("jsonpath", "$.missing.deeper").apply(ORDER)).isSameAs(NullNode.getInstance());
        assertThat(Transforms.compile("jsonpath", "$.missing[*].x").apply(ORDER)).isEqualTo(json("[]"));
        assertThat(Transforms.compile("jsonpath", "$.x").apply(null)).isSameAs(NullNode.getInstance());
    }

    @Test
    void jsonpathCompileError() {
        assertThatThrownBy(() -> Transforms.compile("jsonpath", "$.data[*"))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("JSONPath: ")
                .hasMessageContaining("position 8");
        assertThatThrownBy(() -> Transforms.compile("jsonpath", "data..["))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("JSONPath: invalid path 'data..['");
    }

    // ---------------------------------------------------------------- JSLT

    @Test
    void jsltSumAndObjectConstruction() {
        Transform t = Transforms.compile("jslt", "{\"total\": sum(.items)}");
        assertThat(t.apply(json("{'items':[1,2,3.5]}"))).isEqualTo(json("{'total':6.5}"));
    }

    @Test
    void jsltComprehension() {
        Transform t = Transforms.compile("jslt",
                "{\"names\": [for (.items) .name if (.price > 100)], \"total\": sum([for (.items) .price])}");
        // JSLT's sum() produces a LongNode, so compare the JSON text rather than node classes
        assertThat(t.apply(ORDER).toString()).isEqualTo(json("{'names':['b','c'],'total':450}").toString());
    }

    @Test
    void jsltMissingIsNullNode() {
        assertThat(Transforms.compile("jslt", ".nope").apply(ORDER)).isSameAs(NullNode.getInstance());
    }

    @Test
    void jsltCompileError() {
        assertThatThrownBy(() -> Transforms.compile("jslt", "{\"total\": sum(.items}"))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("JSLT: Parse error: Encountered \"}\" at line 1, column 21.")
                .hasMessageNotContaining("\n");
    }

    @Test
    void jsltUnknownFunctionIsACompileError() {
        assertThatThrownBy(() -> Transforms.compile("jslt", "java-exec(\"ls\")"))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("JSLT: ")
                .hasMessageContaining("java-exec");
    }

    @Test
    void jsltImportsAreRefused() {
        assertThatThrownBy(() -> Transforms.compile("jslt", "import \"functions.jslt\" as f\n .x"))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("JSLT: ")
                .hasMessageContaining("not allowed");
    }

    @Test
    void jsltRuntimeErrorIsTransformException() {
        Transform t = Transforms.compile("jslt", "sum(.items)");
        assertThatThrownBy(() -> t.apply(json("{'items':['x']}")))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("JSLT: ");
    }

    // ---------------------------------------------------------------- general

    @Test
    void unknownTypeListsAllowedTypes() {
        assertThatThrownBy(() -> Transforms.compile("xpath", "/a"))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("xpath")
                .hasMessageContaining("jmespath, jsonpath, jslt");
        assertThatThrownBy(() -> Transforms.compile(null, "a"))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("jmespath, jsonpath, jslt");
    }

    @Test
    void typeIsCaseInsensitive() {
        assertThat(Transforms.compile("JMESPath", "a").apply(json("{'a':1}"))).isEqualTo(json("1"));
    }

    @Test
    void emptyQueryRejected() {
        assertThatThrownBy(() -> Transforms.compile("jslt", "  "))
                .isInstanceOf(TransformException.class)
                .hasMessage("JSLT: query is empty");
    }

    @Test
    void compiledTransformsAreUsableConcurrently() throws Exception {
        List<Transform> ts = List.of(
                Transforms.compile("jmespath", "items[?price > `100`].name"),
                Transforms.compile("jsonpath", "$.items[?(@.price > 100)].name"),
                Transforms.compile("jslt", "[for (.items) .name if (.price > 100)]"));
        JsonNode expected = json("['b','c']");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Transform t = ts.get(i % ts.size());
                results.add(pool.submit(() -> {
                    for (int j = 0; j < 500; j++) {
                        if (!expected.equals(t.apply(ORDER))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

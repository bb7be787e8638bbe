package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.webops.expr.Template.Syntax;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.webops.expr.ExpressionTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {

    static Vars vars() {
        Map<String, JsonNode> m = new HashMap<>();
        m.put("data", json("{\"name\":\"Ada\",\"summary\":\"all good\",\"n\":3,\"f\":1.0,\"ok\":true,"
                + "\"obj\":{\"a\":1,\"b\":[1,2]},\"list\":[\"x\",\"y\"],\"nul\":null,\"quote\":\"say \\\"hi\\\"\"}"));
        m.put("nodes", json("{\"fetch\":{\"content\":\"<p>hello</p>\",\"status\":200}}"));
        return Vars.of(m);
    }

    static String render(String src, Syntax... extra) {
        return Template.parse(src, extra).render(vars());
    }

    // ------------------------------------------------------------ mustache

    @Test
    void mustachePlaceholdersRenderPathsAndExpressions() {
        assertThat(render("Hello {{ data.name }}!")).isEqualTo("Hello Ada!");
        assertThat(render("{{nodes.fetch.content}}")).isEqualTo("<p>hello</p>");
        assertThat(render("{{ data.n + 1 }} items, {{ upper(data.name) }}")).isEqualTo("4 items, ADA");
        assertThat(render("{{ summary }}")).isEqualTo("all good"); // data fallback
        assertThat(render("{{ data.n > 2 and 'big' or 'small' }}")).isEqualTo("big");
        assertThat(render("{{ '}}' + data.name }}")).isEqualTo("}}Ada");
    }

    @Test
    void valuesRenderAsDocumented() {
        assertThat(render("[{{ data.missing }}]")).isEqualTo("[]");
        assertThat(render("[{{ data.nul }}]")).isEqualTo("[]");
        assertThat(render("{{ data.f }}")).isEqualTo("1.0");
        assertThat(render("{{ data.n }}")).isEqualTo("3");
        assertThat(render("{{ 7 / 2 }}")).isEqualTo("3.5");
        assertThat(render("{{ data.ok }}")).isEqualTo("true");
        assertThat(render("obj={{ data.obj }}")).isEqualTo("obj={\"a\":1,\"b\":[1,2]}");
        assertThat(render("{{ data.list }}")).isEqualTo("[\"x\",\"y\"]");
        assertThat(render("{{ data.quote }}")).isEqualTo("say \"hi\"");
        assertThat(render("{{ [data.quote] }}")).isEqualTo("[\"say \\\"hi\\\"\"]");
    }

    @Test
    void unclosedMustacheIsAParseErrorWithPosition() {
        assertThatThrownBy(() -> Template.parse("Hello {{ data.name"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("unclosed '{{' (missing '}}') at 6")
                .satisfies(e -> assertThat(((ExpressionException) e).position()).isEqualTo(6));
    }

    @Test
    void badExpressionInsideMustacheReportsTemplatePosition() {
        assertThatThrownBy(() -> Template.parse("abc {{ data.a == }}"))
                .hasMessage("unexpected end of expression at 17");
        assertThatThrownBy(() -> Template.parse("x {{ foo(1) }}"))
                .hasMessageStartingWith("unknown function 'foo' at 5; allowed:");
        assertThatThrownBy(() -> Template.parse("{{ }}")).hasMessage("empty expression at 3");
        assertThatThrownBy(() -> Template.parse("{{ 'abc }}")).hasMessage("unterminated string literal at 3");
    }

    @Test
    void textWithoutPlaceholdersIsConstant() {
        Template t = Template.parse("plain { text } with } braces and $ signs #{x} ${y}");
        assertThat(t.isConstant()).isTrue();
        assertThat(t.render(vars())).isEqualTo("plain { text } with } braces and $ signs #{x} ${y}");
        assertThat(t.roots()).isEmpty();
        assertThat(Template.parse("").render(vars())).isEmpty();
        assertThat(Template.parse("a {{ b }}").isConstant()).isFalse();
    }

    @Test
    void backslashDoesNotEscapeMustache() {
        assertThat(render("\\{{ data.name }}")).isEqualTo("\\Ada");
    }

    // ------------------------------------------------------------ dollar and brace

    @Test
    void dollarSyntaxRendersIdentifierPathsOnlyWhenEnabled() {
        assertThat(render("Hi ${data.name}, ${summary}", Syntax.DOLLAR)).isEqualTo("Hi Ada, all good");
        assertThat(render("Hi ${data.name}")).isEqualTo("Hi ${data.name}");
        assertThat(render("cost: ${ data.n } ${a[0]} ${bean:foo} ${}", Syntax.DOLLAR))
                .isEqualTo("cost: ${ data.n } ${a[0]} ${bean:foo} ${}");
        assertThat(render("$HOME ${true}", Syntax.DOLLAR)).isEqualTo("$HOME ${true}");
    }

    @Test
    void braceSyntaxRendersIdentifierPathsOnlyWhenEnabled() {
        assertThat(render("Hi {data.name} ({nodes.fetch.status})", Syntax.BRACE)).isEqualTo("Hi Ada (200)");
        assertThat(render("Hi {data.name}")).isEqualTo("Hi {data.name}");
        assertThat(render("{ not a path } {a b} {} {1}", Syntax.BRACE)).isEqualTo("{ not a path } {a b} {} {1}");
    }

    @Test
    void jsonLookingBracesStayLiteral() {
        String jsonText = "{\"a\":1,\"b\":{\"c\":[1,2]}}";
        assertThat(render(jsonText, Syntax.BRACE, Syntax.DOLLAR)).isEqualTo(jsonText);
        assertThat(Template.parse(jsonText, Syntax.BRACE).isConstant()).isTrue();
        // a placeholder inside JSON text still works
        assertThat(render("{\"name\":\"{data.name}\"}", Syntax.BRACE)).isEqualTo("{\"name\":\"Ada\"}");
        assertThat(render("{\"name\":\"{{ data.name }}\"}")).isEqualTo("{\"name\":\"Ada\"}");
    }

    @Test
    void allThreeSyntaxesTogether() {
        assertThat(render("{{ data.n }}-${data.name}-{data.ok}", Syntax.DOLLAR, Syntax.BRACE, Syntax.MUSTACHE))
                .isEqualTo("3-Ada-true");
        assertThat(Template.parse("{{ data.n }}-${nodes.x}-{item.y}", Syntax.DOLLAR, Syntax.BRACE).roots())
                .containsExactly("data", "nodes", "item");
    }

    // ------------------------------------------------------------ renderValue / renderDeep

    @Test
    void renderValueReturnsRawValueForASinglePlaceholder() {
        assertThat(Template.parse("{{ data.obj }}").renderValue(vars())).isEqualTo(json("{\"a\":1,\"b\":[1,2]}"));
        assertThat(Template.parse("{{data.n}}").renderValue(vars())).isEqualTo(IntNode.valueOf(3));
        assertThat(Template.parse("{{ data.f }}").renderValue(vars())).isEqualTo(DoubleNode.valueOf(1.0));
        assertThat(Template.parse("{{ data.missing }}").renderValue(vars())).isEqualTo(NullNode.instance);
        assertThat(Template.parse("${data.list}", Syntax.DOLLAR).renderValue(vars())).isEqualTo(json("[\"x\",\"y\"]"));
        // anything around the placeholder, even whitespace, makes it text
        assertThat(Template.parse(" {{ data.n }}").renderValue(vars())).isEqualTo(TextNode.valueOf(" 3"));
        assertThat(Template.parse("n={{ data.n }}").renderValue(vars())).isEqualTo(TextNode.valueOf("n=3"));
        assertThat(Template.parse("constant").renderValue(vars())).isEqualTo(TextNode.valueOf("constant"));
    }

    @Test
    void renderDeepRendersEveryStringButNotKeys() {
        JsonNode config = json("{\"url\":\"https://x/{{ data.name }}\",\"body\":\"{{ data.obj }}\","
                + "\"count\":\"{{ data.n }}\",\"{{ data.name }}\":\"key untouched\",\"n\":5,\"flag\":true,"
                + "\"list\":[\"{{ data.ok }}\",\"plain\",{\"deep\":\"${data.name}\"}],\"nul\":null}");
        JsonNode copy = config.deepCopy();
        JsonNode out = Template.renderDeep(config, vars(), Syntax.DOLLAR);
        assertThat(out).isEqualTo(json("{\"url\":\"https://x/Ada\",\"body\":{\"a\":1,\"b\":[1,2]},\"count\":3,"
                + "\"{{ data.name }}\":\"key untouched\",\"n\":5,\"flag\":true,"
                + "\"list\":[true,\"plain\",{\"deep\":\"Ada\"}],\"nul\":null}"));
        assertThat(config).isEqualTo(copy); // input untouched
        assertThat(Template.renderDeep(null, vars())).isNull();
    }

    @Test
    void renderDeepResultDoesNotAliasVariables() {
        Vars v = vars();
        JsonNode out = Template.renderDeep(json("{\"o\":\"{{ data.obj }}\"}"), v);
        ((com.fasterxml.jackson.databind.node.ObjectNode) out.get("o")).put("a", 99);
        assertThat(Template.parse("{{ data.obj.a }}").render(v)).isEqualTo("1");
    }

    @Test
    void renderDeepNamesThePathOfABadString() {
        assertThatThrownBy(() -> Template.renderDeep(json("{\"a\":[\"ok\",\"{{ oops(\"]}"), vars()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("$.a[1]: unclosed '{{'");
    }

    // ------------------------------------------------------------ injection

    @Test
    void injectionStringsNeverReachTheHost() {
        String home = System.getenv("HOME");
        String userHome = System.getProperty("user.home");
        assertThatThrownBy(() -> Template.parse("{{env:HOME}}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("unexpected character ':' at 5");
        assertThatThrownBy(() -> Template.parse("{{sys:user.home}}")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> Template.parse("{{ System.getenv('HOME') }}")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> Template.parse("{{ getenv('HOME') }}")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> Template.parse("{{ data.getClass() }}")).isInstanceOf(ExpressionException.class);

        String[] inputs = {
            "${sys.user.home}", "${env.HOME}", "${env:HOME}", "${bean:foo}", "#{x}", "#{systemProperties['user.home']}",
            "{env.HOME}", "{sys.user.home}", "$HOME", "${HOME}", "{HOME}", "{{ HOME }}", "{{ env }}", "{{ sys }}",
            "%{HOME}", "{{ '${HOME}' }}", "{{ 'env:' + 'HOME' }}",
        };
        for (String in : inputs) {
            String out = Template.parse(in, Syntax.DOLLAR, Syntax.BRACE).render(vars());
            if (home != null && !home.isEmpty()) {
                assertThat(out).as(in).doesNotContain(home);
            }
            if (userHome != null && !userHome.isEmpty()) {
                assertThat(out).as(in).doesNotContain(userHome);
            }
        }
        assertThat(render("${sys.user.home}", Syntax.DOLLAR)).isEmpty();
        assertThat(render("#{x}", Syntax.DOLLAR)).isEqualTo("#{x}");
        assertThat(render("{{ '${HOME}' }}", Syntax.DOLLAR)).isEqualTo("${HOME}"); // output is not re-expanded
    }

    @Test
    void renderedOutputIsNeverExpandedAgain() {
        Map<String, JsonNode> m = new HashMap<>();
        m.put("data", json("{\"evil\":\"{{ data.secret }} ${data.secret} {data.secret}\",\"secret\":\"s3cr3t\"}"));
        String out = Template.parse("{{ data.evil }}", Syntax.DOLLAR, Syntax.BRACE).render(Vars.of(m));
        assertThat(out).isEqualTo("{{ data.secret }} ${data.secret} {data.secret}");
    }

    @Test
    void renderedOutputSizeIsBounded() {
        Map<String, JsonNode> m = new HashMap<>();
        m.put("big", TextNode.valueOf("x".repeat(600_000)));
        Template t = Template.parse("{{ big }}{{ big }}");
        assertThatThrownBy(() -> t.render(Vars.of(m)))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("too large");
    }
}

package io.webops.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.NodeType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every string property of EVERY Kamelet that can be enabled here ({@code WEBOPS_KAMELETS=*}: all that are not refused
 * and whose jars are on the classpath, the default set included) against the payloads Camel would interpret: each is
 * refused by validation naming node and field. A resource property (a template) is the one exception: its value
 * never reaches Camel as a property, only as the content of a bean ({@code ref:}), and it is checked to render so.
 */
class KameletInjectionTest {

    static final List<String> PAYLOADS = List.of("{{env:HOME}}", "${sys:user.home}", "a${env:HOME}b", "x}}", "{{?y}}",
            "$simple{sys:user.home}", "#bean:dataSource", "#class:java.lang.ProcessBuilder", "#type:javax.sql.DataSource",
            "#property:camel.main.name", "#valueAs(int):1", "#myBean", "RAW(x)", "raw{x}", "%7B%7Benv:HOME%7D%7D",
            "%24%7Bsys:user.home%7D", "#{x}", "a)&b=1}&c=2", "line\nbreak");

    static List<KameletNode> allEnabled() {
        List<KameletNode> out = new ArrayList<>();
        for (NodeType t : Kamelets.fromSetting("*").nodeTypes()) {
            out.add((KameletNode) t);
        }
        return out;
    }

    static Node node(KameletNode type, String property, String value) {
        ObjectNode config = Json.object();
        config.put(property, value);
        return new Node("n1", type.id(), "n1", config, "cred_x", true, 60, false, 0);
    }

    @Test
    void theDefaultSetIsPartOfWhatIsChecked() {
        Set<String> names = new LinkedHashSet<>();
        allEnabled().forEach(k -> names.add(k.spec().name()));
        assertThat(names).contains("postgresql-sink", "jsonata-action", "jslt-action");
        assertThat(names).doesNotContainAnyElementsOf(KameletPolicy.REFUSED.keySet());
        assertThat(names.size()).isGreaterThan(20);
    }

    @Test
    void everyStringPropertyOfEveryEnabledKameletRefusesEveryPayload() {
        int checked = 0;
        for (KameletNode type : allEnabled()) {
            KameletSpec spec = type.spec();
            JsonNode props = spec.definition().path("properties");
            for (var it = props.fields(); it.hasNext(); ) {
                var p = it.next();
                String name = p.getKey();
                if (!"string".equals(p.getValue().path("type").asText("string")) || spec.secretProperties().contains(name)
                        || spec.resourceProperties().contains(name)) {
                    continue;
                }
                for (String payload : PAYLOADS) {
                    List<ValidationError> problems = new ArrayList<>();
                    type.check(node(type, name, payload), problems::add);
                    assertThat(problems).as(spec.name() + "." + name + " = " + payload)
                            .anySatisfy(e -> {
                                assertThat(e.field()).isEqualTo("config." + name);
                                assertThat(e.message()).startsWith("Node 'n1': config." + name + " ");
                            });
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void propertiesTheTemplateWritesIntoAUriRefuseOptionsAndHosts() {
        KameletNode ftp = allEnabled().stream().filter(k -> k.spec().name().equals("postgresql-sink")).findFirst().orElseThrow();
        assertThat(ftp.spec().inUri()).contains("serverName", "query");
        for (String payload : List.of("db?x=1", "a&b", "user@evil.example")) {
            List<ValidationError> problems = new ArrayList<>();
            ftp.check(node(ftp, "serverName", payload), problems::add);
            assertThat(problems).as(payload).anySatisfy(e -> assertThat(e.field()).isEqualTo("config.serverName"));
        }
    }

    @Test
    void plainValuesPass() {
        KameletNode pg = allEnabled().stream().filter(k -> k.spec().name().equals("postgresql-sink")).findFirst().orElseThrow();
        List<ValidationError> problems = new ArrayList<>();
        pg.check(node(pg, "query", "INSERT INTO t (a, b) VALUES (:#a, 'x, y; z')"), problems::add);
        assertThat(problems).isEmpty();
    }
}

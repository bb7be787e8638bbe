package io.webops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.model.Workflow;
import io.webops.nodes.NodeTypes;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.support.DefaultRegistry;
import org.junit.jupiter.api.Test;

/**
 * A node whose work is a bean (here custom code) is declared in its version's {@code beans:} section, so Camel's
 * registry and model know it by the name its route calls; a retired version takes its declarations with it.
 */
class DeclaredNodeBeansTest {

    private static Workflow workflow() {
        Validator.Result r = new Validator(NodeTypes.standard()).validate(Json.parse("""
            {"name": "beans", "nodes": [
              {"id": "code", "type": "custom_code", "config": {"code": "return {doubled: input.n * 2};"}}],
             "connections": []}"""));
        assertThat(r.errors()).isEmpty();
        return r.workflow();
    }

    @Test
    void theBeansSectionDeclaresTheNodeBeanAndARetiredVersionRemovesIt() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext(); Store store = Store.inMemory()) {
            camel.start();
            try (Engine engine = new Engine(camel, store, NodeTypes.standard(),
                    new EngineSettings(null, SsrfGuard.fromSetting(""), RetryPolicy.DEFAULT))) {
                engine.deploy("wf-beans", 1, workflow(), false);
                assertThat(engine.routesYaml("wf-beans").orElseThrow())
                        .contains("- beans:", "name: \"wf-beans.v1.code\"", "factoryBean: \"io.webops.nodes.NodeBean\"");
                Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
                DefaultRegistry registry = (DefaultRegistry) camel.getRegistry();
                Object declared = registry.getFallbackRegistry().lookupByName("wf-beans.v1.code");
                assertThat(declared).as("the bean the YAML declared").isInstanceOf(NodeProcessor.class)
                        .isSameAs(registry.lookupByName("wf-beans.v1.code"));
                assertThat(model.getCustomBeans()).anyMatch(b -> b.getName().equals("wf-beans.v1.code"));
                assertThat(engine.startInBackground("wf-beans", Json.parse("{\"n\": 21}"), "manual", Json.object())
                        .done().get(30, TimeUnit.SECONDS).nodeLogs().get(0).output().path("doubled").asInt()).isEqualTo(42);

                engine.deploy("wf-beans", 2, workflow(), false);
                engine.awaitRemovals();
                assertThat(registry.getFallbackRegistry().lookupByName("wf-beans.v1.code")).isNull();
                assertThat(model.getCustomBeans()).noneMatch(b -> b.getName().startsWith("wf-beans.v1."))
                        .anyMatch(b -> b.getName().equals("wf-beans.v2.code"));
            }
        }
    }
}

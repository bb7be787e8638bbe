package io.webops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.TestServer.Reply;
import org.junit.jupiter.api.Test;

/** The generated copies of workflows ({@code <data>/generated}) beside the operator's hand-written routes. */
class HandWrittenRoutesTest {

    private static final String HOOK = """
            {"name": "hook", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished"},
             "nodes": [{"id": "in", "type": "webhook_input"},
              {"id": "sum", "type": "transform", "config": {"type": "jmespath", "query": "{total: sum(items)}"}}],
             "connections": [{"source": "in", "target": "sum"}]}
            """;

    @Test
    void theGeneratedCopyOfADeployedWorkflowIsWrittenUnderDataGenerated() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create(HOOK.formatted("copy-hook"));
            activate(s, id);

            assertThat(s.dataDir.resolve("generated").resolve(id + ".camel.yaml")).content()
                    .startsWith("# Workflow " + id + " version 1: hook")
                    .contains("platform-http:/webhooks/copy-hook");
            assertThat(s.dataDir.resolve("routes")).doesNotExist();
        }
    }

    private static void activate(TestServer s, String id) throws Exception {
        Reply r = s.post("/api/workflows/" + id + "/activate", "{}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }
}


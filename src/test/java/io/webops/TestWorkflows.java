package io.webops;

/** Workflow documents several test classes run. */
public final class TestWorkflows {

    /** Fails in node 'broken' when n is a multiple of 3, else answers {n}. */
    public static final String SOMETIMES_FAILING = """
            {"name": "every third fails", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "check", "type": "condition", "config": {"expression": "data.n % 3 == 0"}},
              {"id": "broken", "type": "delay", "config": {"until": "not-a-time"}},
              {"id": "fine", "type": "transform", "config": {"type": "jmespath", "query": "{n: n}"}}
             ],
             "connections": [
              {"source": "in", "target": "check"},
              {"source": "check", "target": "broken", "sourceHandle": "true"},
              {"source": "check", "target": "fine", "sourceHandle": "false"}]}
            """;

    private TestWorkflows() {
    }
}

package io.webops.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.history.Store;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agent memory in the database: similarity recall over many entries, scoping, and instances sharing one database. */
class AgentMemoryTest {

    protected Store store;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        dropStore();
    }

    protected Store openStore() throws Exception {
        return Store.inMemory();
    }

    protected void dropStore() throws Exception {
    }

    static final String[] TOPICS = {"billing", "invoice", "deploy", "kubernetes", "latency", "database", "backup", "login",
            "password", "certificate", "dns", "cache", "queue", "email", "webhook", "report", "dashboard", "alert"};

    @Test
    void recallFindsTheOneRelevantMemoryAmongTenThousand() {
        AgentMemory memory = new AgentMemory(store.dataSource());
        for (int i = 0; i < 10_000; i++) {
            String a = TOPICS[i % TOPICS.length];
            String b = TOPICS[(i * 7 + 3) % TOPICS.length];
            memory.store("big", AgentMemory.MEMORY, "note-" + i, "Ticket " + i + " about " + a + " and " + b + " was closed", null);
        }
        memory.store("big", AgentMemory.MEMORY, "refund-policy", "Refunds over 500 euros need approval from the finance lead", null);

        List<AgentMemory.Scored> hits = memory.similar("big", AgentMemory.MEMORY, "who approves a large refund?", 3);

        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).entry().key()).isEqualTo("refund-policy");
        assertThat(hits.get(0).score()).isGreaterThan(hits.size() > 1 ? hits.get(1).score() : 0);
    }

    @Test
    void similarityRanksSharedRareWordsAboveCommonOnes() {
        AgentMemory memory = new AgentMemory(store.dataSource());
        memory.store("a", AgentMemory.MEMORY, "k1", "The server room is cold", null);
        memory.store("a", AgentMemory.MEMORY, "k2", "The server certificate expires in March", null);
        memory.store("a", AgentMemory.MEMORY, "k3", "The server is fine", null);

        List<AgentMemory.Scored> hits = memory.similar("a", AgentMemory.MEMORY, "when does the certificate expire", 3);

        assertThat(hits).extracting(h -> h.entry().key()).first().isEqualTo("k2");
        assertThat(memory.similar("a", AgentMemory.MEMORY, "bananas", 3)).isEmpty();
    }

    @Test
    void entriesAreScopedToTheirAgentAndKind() {
        AgentMemory memory = new AgentMemory(store.dataSource());
        memory.store("a", AgentMemory.MEMORY, "x", "alpha invoice", null);
        memory.store("b", AgentMemory.MEMORY, "x", "beta invoice", null);
        memory.store("a", AgentMemory.FEEDBACK, "correction", "invoice numbers need a prefix", null);

        assertThat(memory.similar("a", AgentMemory.MEMORY, "invoice", 5)).extracting(h -> h.entry().content()).containsExactly("alpha invoice");
        assertThat(memory.similar("a", AgentMemory.FEEDBACK, "invoice", 5)).extracting(h -> h.entry().content())
                .containsExactly("invoice numbers need a prefix");
        assertThat(memory.byKey("b", "x").orElseThrow().content()).isEqualTo("beta invoice");
    }

    @Test
    void storingUnderAKeyReplacesAndAnotherInstanceSeesWritesAndForgets() {
        AgentMemory one = new AgentMemory(store.dataSource());
        AgentMemory two = new AgentMemory(store.dataSource());
        one.store("a", AgentMemory.MEMORY, "office", "The office is in Lyon", null);
        assertThat(two.similar("a", AgentMemory.MEMORY, "where is the office", 5)).hasSize(1);

        one.store("a", AgentMemory.MEMORY, "office", "The office moved to Nantes", null);
        assertThat(two.similar("a", AgentMemory.MEMORY, "where is the office", 5)).extracting(h -> h.entry().content())
                .containsExactly("The office moved to Nantes");

        assertThat(one.forget("a", "office")).isEqualTo(1);
        assertThat(two.similar("a", AgentMemory.MEMORY, "where is the office", 5)).isEmpty();
    }

    @Test
    void recentConversationComesOldestFirstAndBounded() {
        AgentMemory memory = new AgentMemory(store.dataSource());
        for (int i = 1; i <= 6; i++) {
            memory.store("a", AgentMemory.CONVERSATION, i % 2 == 1 ? "user" : "assistant", "message " + i, null);
        }
        assertThat(memory.recent("a", AgentMemory.CONVERSATION, 4)).extracting(AgentMemory.Entry::content)
                .containsExactly("message 3", "message 4", "message 5", "message 6");
        assertThat(memory.recent("a", AgentMemory.CONVERSATION, 0)).isEmpty();
    }

    @Test
    void conversationKeepsOnlyTheNewestMessages() {
        AgentMemory memory = new AgentMemory(store.dataSource());
        for (int i = 1; i <= AgentMemory.CONVERSATION_KEPT / 2 + 3; i++) {
            memory.converse("a", "question " + i, "answer " + i);
        }
        List<AgentMemory.Entry> kept = memory.recent("a", AgentMemory.CONVERSATION, 1000);
        assertThat(kept).hasSize(AgentMemory.CONVERSATION_KEPT);
        assertThat(kept.get(kept.size() - 1).content()).isEqualTo("answer " + (AgentMemory.CONVERSATION_KEPT / 2 + 3));
        assertThat(kept.get(0).content()).isEqualTo("question 4");
    }
}

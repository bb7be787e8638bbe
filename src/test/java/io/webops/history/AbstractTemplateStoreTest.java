package io.webops.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.history.TemplateStore.SharedTemplate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared templates and template usage counts of {@link TemplateStore}, run against every supported database. */
abstract class AbstractTemplateStoreTest {

    Store store;

    /** A fresh, empty, migrated store. */
    abstract Store openStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aPrivateTemplateIsVisibleToItsOwnerAndAPublicOneToEveryone() {
        TemplateStore templates = store.templates();
        SharedTemplate annsPrivate = templates.create("tpl-1", "ann", "Ann's own", "custom", "", false, "{\"workflow\": {}}");
        templates.create("tpl-2", "ann", "Ann's public", "monitoring", "Watches", true, "{\"workflow\": {\"nodes\": []}}");
        templates.create("tpl-3", "bob", "Bob's own", "integration", "", false, "{}");

        assertThat(templates.visibleTo("bob")).extracting(SharedTemplate::id).containsExactlyInAnyOrder("tpl-2", "tpl-3");
        assertThat(templates.visibleTo("ann")).extracting(SharedTemplate::id).containsExactlyInAnyOrder("tpl-1", "tpl-2");
        assertThat(templates.visibleTo(null)).extracting(SharedTemplate::id).containsExactlyInAnyOrder("tpl-1", "tpl-2", "tpl-3");
        SharedTemplate read = templates.get("tpl-2").orElseThrow();
        assertThat(read.ownerId()).isEqualTo("ann");
        assertThat(read.name()).isEqualTo("Ann's public");
        assertThat(read.category()).isEqualTo("monitoring");
        assertThat(read.description()).isEqualTo("Watches");
        assertThat(read.isPublic()).isTrue();
        assertThat(read.document()).isEqualTo("{\"workflow\": {\"nodes\": []}}");
        assertThat(templates.get("tpl-1").orElseThrow()).isEqualTo(annsPrivate);
        assertThat(templates.get("tpl-9")).isEmpty();
    }

    @Test
    void everyUseIsCountedOnceUnderConcurrentUses() throws Exception {
        TemplateStore templates = store.templates();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> uses = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                uses.add(pool.submit(() -> templates.countUse("api-monitoring")));
            }
            for (Future<?> use : uses) {
                use.get();
            }
        } finally {
            pool.shutdown();
        }
        templates.countUse("tpl-1");

        assertThat(templates.usage(List.of("api-monitoring", "tpl-1", "never-used"))).isEqualTo(Map.of("api-monitoring", 200L, "tpl-1", 1L));
        assertThat(templates.usage(List.of())).isEmpty();
    }

    @Test
    void deletingATemplateDeletesItsCount() {
        TemplateStore templates = store.templates();
        templates.create("tpl-1", "ann", "Soon gone", "custom", "", true, "{}");
        templates.countUse("tpl-1");

        assertThat(templates.delete("tpl-1")).isTrue();
        assertThat(templates.delete("tpl-1")).isFalse();
        assertThat(templates.get("tpl-1")).isEmpty();
        assertThat(templates.usage(List.of("tpl-1"))).isEmpty();
    }
}

package io.webops.history;

/** Shared templates and usage counts on H2. */
class H2TemplateStoreTest extends AbstractTemplateStoreTest {
    @Override
    Store openStore() {
        return Store.inMemory();
    }
}

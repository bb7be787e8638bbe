package io.webops.history;

/** Store behaviour on a private in-memory H2 database (as used by the CLI {@code run}). */
class H2InMemoryStoreTest extends AbstractStoreTest {
    @Override
    Store openStore() {
        return Store.inMemory();
    }
}

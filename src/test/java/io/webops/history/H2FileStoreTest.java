package io.webops.history;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Store behaviour on the embedded H2 file database (the default). */
class H2FileStoreTest extends AbstractStoreTest {
    @TempDir
    Path dataDir;

    @Override
    Store openStore() {
        return Store.openH2(dataDir, "this-instance");
    }

    @Override
    Store reopenStore() {
        return Store.openH2(dataDir, "this-instance");
    }

    @Override
    Store openOtherInstance(String instanceId) {
        return Store.openH2(dataDir, instanceId);
    }
}

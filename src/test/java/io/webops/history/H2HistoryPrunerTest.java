package io.webops.history;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** History retention on the embedded H2 file database (the default). */
class H2HistoryPrunerTest extends AbstractHistoryPrunerTest {
    @TempDir
    Path dataDir;

    @Override
    Store openStore() {
        return Store.openH2(dataDir, "this-instance");
    }
}

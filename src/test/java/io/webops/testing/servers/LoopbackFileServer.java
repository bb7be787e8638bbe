package io.webops.testing.servers;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the file-transfer fixtures share: a server on 127.0.0.1 with one user whose files live in {@link #root()}, a
 * temporary folder removed on close, and the connection properties the stock file Kamelets take.
 */
public abstract class LoopbackFileServer implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final String user;
    private final String password;
    private final Path root;

    LoopbackFileServer(String user, String password, Path root) {
        this.user = user;
        this.password = password;
        this.root = root;
    }

    public final String host() {
        return HOST;
    }

    public abstract int port();

    public final String user() {
        return user;
    }

    public final String password() {
        return password;
    }

    /** The folder the user sees as {@code /}. */
    public final Path root() {
        return root;
    }

    /** Writes a file under {@link #root()} (creating its folders), as if someone had uploaded it. */
    public final Path put(String relativePath, String content) {
        return TempFolders.write(root, relativePath, content);
    }

    /**
     * The properties the stock {@code <scheme>-source} / {@code <scheme>-sink} Kamelets need for this server and
     * {@code directory} (relative to {@link #root()}); a fresh map the caller may change.
     */
    public Map<String, Object> kameletProperties(String directory) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("connectionHost", HOST);
        properties.put("connectionPort", port());
        properties.put("username", user);
        properties.put("password", password);
        properties.put("directoryName", directory);
        return properties;
    }

    /** Stops the server; the folders are removed afterwards by {@link #close()}. */
    abstract void stopServer() throws Exception;

    @Override
    public final void close() {
        try {
            stopServer();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop " + getClass().getSimpleName(), e);
        } finally {
            TempFolders.delete(root);
        }
    }
}

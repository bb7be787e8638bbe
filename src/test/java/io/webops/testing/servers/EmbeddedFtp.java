package io.webops.testing.servers;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * An Apache FtpServer on 127.0.0.1, on a free port, with one user (write permission) whose home
 * is {@link #root()}, a fresh temporary folder. Passive data connections are offered on
 * 127.0.0.1 too, on any free port; active mode works as well (the client's PORT is on loopback).
 *
 * <pre>{@code
 * try (EmbeddedFtp ftp = EmbeddedFtp.start()) {
 *     ftp.put("inbox/a.txt", "hi");
 *     // kamelet:ftp-source?connectionHost=<host()>&connectionPort=<port()>&username=<user()>&password=<password()>
 *     //     &directoryName=inbox&passiveMode=true
 * }
 * }</pre>
 */
public final class EmbeddedFtp implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final FtpServer server;
    private final int port;
    private final String user;
    private final String password;
    private final Path root;

    private EmbeddedFtp(FtpServer server, int port, String user, String password, Path root) {
        this.server = server;
        this.port = port;
        this.user = user;
        this.password = password;
        this.root = root;
    }

    /** Starts a server with user {@code webops} / password {@code ftp-secret}. */
    public static EmbeddedFtp start() {
        return start("webops", "ftp-secret");
    }

    public static EmbeddedFtp start(String user, String password) {
        Path root = TempFolders.create("embedded-ftp");
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress(HOST);
        listener.setPort(0);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress(HOST);
        data.setPassiveExternalAddress(HOST);
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listener.createListener());
        factory.setUserManager(userManager(user, password, root));
        FtpServer server = factory.createServer();
        try {
            server.start();
        } catch (FtpException e) {
            throw new IllegalStateException("Could not start the embedded FTP server", e);
        }
        // NioListener writes back the port it bound when asked for 0
        int port = factory.getListener("default").getPort();
        return new EmbeddedFtp(server, port, user, password, root);
    }

    private static UserManager userManager(String user, String password, Path home) {
        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        UserManager manager = users.createUserManager();
        BaseUser account = new BaseUser();
        account.setName(user);
        account.setPassword(password);
        account.setHomeDirectory(home.toString());
        account.setAuthorities(List.of(new WritePermission()));
        try {
            manager.save(account);
        } catch (FtpException e) {
            throw new IllegalStateException("Could not add the FTP user", e);
        }
        return manager;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The user's home on disk: what the server shows as {@code /}. */
    public Path root() {
        return root;
    }

    /**
     * The properties the stock {@code ftp-source} / {@code ftp-sink} Kamelets need for this server and
     * {@code directory} (relative to {@link #root()}): passive mode, so only the client opens connections.
     */
    public Map<String, Object> kameletProperties(String directory) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("connectionHost", HOST);
        properties.put("connectionPort", port);
        properties.put("username", user);
        properties.put("password", password);
        properties.put("directoryName", directory);
        properties.put("passiveMode", true);
        return properties;
    }

    /** Writes a file under {@link #root()} (creating its folders), as if someone had uploaded it. */
    public Path put(String relativePath, String content) {
        return TempFolders.write(root, relativePath, content);
    }

    @Override
    public void close() {
        server.stop();
        TempFolders.delete(root);
    }
}

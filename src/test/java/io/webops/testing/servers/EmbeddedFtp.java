package io.webops.testing.servers;

import java.nio.file.Path;
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
 *     String routes = KameletRoutes.source("ftp-source", ftp.kameletProperties("inbox"));
 * }
 * }</pre>
 */
public final class EmbeddedFtp extends LoopbackFileServer {

    private final FtpServer server;
    private final int port;

    private EmbeddedFtp(FtpServer server, int port, String user, String password, Path root) {
        super(user, password, root);
        this.server = server;
        this.port = port;
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
            TempFolders.delete(root);
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

    @Override
    public int port() {
        return port;
    }

    /** The connection properties plus {@code passiveMode: true}, so only the client opens connections. */
    @Override
    public Map<String, Object> kameletProperties(String directory) {
        Map<String, Object> properties = super.kameletProperties(directory);
        properties.put("passiveMode", true);
        return properties;
    }

    @Override
    void stopServer() {
        server.stop();
    }
}

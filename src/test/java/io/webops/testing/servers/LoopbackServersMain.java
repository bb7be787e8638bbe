package io.webops.testing.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The SFTP server, the FTP server and the Artemis broker as a process of their own, for end-to-end runs outside
 * JUnit (ui/e2e/kamelets.mjs): prints their coordinates as {@code NAME=value} lines named after that script's
 * settings (and writes them to the file given as the first argument, once all are up), then serves until the
 * process is stopped or its standard input closes.
 *
 * <pre>
 * mvn -q -o -Dui.skip=true test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.webops.testing.servers.LoopbackServersMain target/e2e-servers.env
 * </pre>
 */
public final class LoopbackServersMain {

    private LoopbackServersMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedSftp sftp = EmbeddedSftp.start();
        EmbeddedFtp ftp = EmbeddedFtp.start();
        EmbeddedArtemis artemis = EmbeddedArtemis.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (sftp; ftp; artemis) {
                // closed in reverse order, each even if another fails
            }
        }));

        String settings = String.join("\n",
                "WEBOPS_E2E_SFTP_HOST=" + sftp.host(),
                "WEBOPS_E2E_SFTP_PORT=" + sftp.port(),
                "WEBOPS_E2E_SFTP_USER=" + sftp.user(),
                "WEBOPS_E2E_SFTP_PASSWORD=" + sftp.password(),
                "WEBOPS_E2E_SFTP_ROOT=" + sftp.root(),
                "WEBOPS_E2E_FTP_HOST=" + ftp.host(),
                "WEBOPS_E2E_FTP_PORT=" + ftp.port(),
                "WEBOPS_E2E_FTP_USER=" + ftp.user(),
                "WEBOPS_E2E_FTP_PASSWORD=" + ftp.password(),
                "WEBOPS_E2E_FTP_ROOT=" + ftp.root(),
                "WEBOPS_E2E_JMS_BROKER_URL=" + artemis.brokerUrl()) + "\n";
        System.out.print(settings);
        System.out.flush();
        if (args.length > 0) {
            writeAtomically(Path.of(args[0]), settings);
        }
        while (System.in.read() >= 0) {
            // serve until standard input closes (or the process is stopped)
        }
        System.exit(0);
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, target.getFileName().toString(), ".partial");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

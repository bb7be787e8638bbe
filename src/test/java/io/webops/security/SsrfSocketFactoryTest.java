package io.webops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guarded sockets the mail client connects with: checked where they connect, to the address that was checked. */
class SsrfSocketFactoryTest {

    static final FakeDns DNS = new FakeDns(Map.of("mail.example.test", List.of("127.0.0.1")));

    @Test
    void refusesALoopbackServerWithoutConnecting() throws Exception {
        SsrfSocketFactory sockets = new SsrfSocketFactory(new SsrfGuard(List.of(), DNS));
        try (ServerSocket server = loopbackServer(); Socket s = sockets.createSocket()) {
            for (InetSocketAddress target : List.of(new InetSocketAddress("127.0.0.1", server.getLocalPort()),
                    InetSocketAddress.createUnresolved("mail.example.test", server.getLocalPort()),
                    InetSocketAddress.createUnresolved("localhost", server.getLocalPort()))) {
                assertThatThrownBy(() -> s.connect(target, 1000)).as(target.toString())
                        .isInstanceOf(IOException.class).hasCauseInstanceOf(SsrfException.class).hasMessageContaining("Refused");
            }
            assertThatThrownBy(server::accept).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void connectsToTheAddressItCheckedNotToOneTheCallerResolved() throws Exception {
        SsrfSocketFactory sockets = new SsrfSocketFactory(new SsrfGuard(List.of("127.0.0.1/32"), DNS));
        try (ServerSocket server = loopbackServer(); Socket s = sockets.createSocket()) {
            // the caller's own lookup said 10.0.0.1; the guard's lookup (127.0.0.1, allowed) is where it connects
            InetAddress stale = InetAddress.getByAddress("mail.example.test", new byte[] {10, 0, 0, 1});
            s.connect(new InetSocketAddress(stale, server.getLocalPort()), 1000);
            try (Socket accepted = server.accept()) {
                assertThat(s.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
                assertThat(accepted.isConnected()).isTrue();
            }
        }
    }

    private static ServerSocket loopbackServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        server.setSoTimeout(300);
        return server;
    }
}
